/**
 * This repository's cluster program (`main` in Pulumi.yaml): reads the stack configuration and instantiates
 * `HardenedEksCluster` from `@eks-hardening/pulumi`, as any user's program would. Invalid settings stop it
 * before any resource is created, every bad key listed. It plans no Kubernetes object: the in-cluster
 * baseline is the project in `blueprints/baseline`, run from where the private endpoint is reachable.
 *
 * Every setting has an embedded default; override any of them with `pulumi config set <key> <value>`. The
 * kubeconfig assumes the cluster admin role from the AWS provider's own `aws:profile`.
 */
import { HardenedEksCluster, readAwsCredentials, readStackConfig } from '@eks-hardening/pulumi';

const cluster = new HardenedEksCluster('eks', { ...readStackConfig(), credentials: readAwsCredentials() });

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
  ecrRegistry,
  ecrRepositoryUrls,
} = cluster.outputs();
