/**
 * This repository's Pulumi program (`main` in Pulumi.yaml): reads the stack configuration and instantiates
 * `HardenedEksCluster` from `@eks-hardening/pulumi`, as any user's program would. Invalid settings stop it
 * before any resource is created, every bad key listed.
 *
 * Every setting has an embedded default; override any of them with `pulumi config set <key> <value>`.
 */
import { HardenedEksCluster, readStackConfig } from '@eks-hardening/pulumi';

const cluster = new HardenedEksCluster('eks', readStackConfig());

export const {
  clusterName,
  endpoint,
  oidcIssuer,
  kubeconfig,
  clusterSecurityGroupId,
  controlPlaneSecurityGroupId,
  nodeSecurityGroupId,
  vpcId,
  privateSubnetIds,
} = cluster.outputs();
