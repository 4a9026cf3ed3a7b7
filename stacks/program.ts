import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ADDONS_AFTER_NODES, ADDONS_BEFORE_NODES, ClusterAddons } from './cluster-addons';
import { ClusterBaseline, type KubernetesObject } from './cluster-baseline';
import { type AccountContext, ClusterKms } from './cluster-kms';
import { ClusterRoles } from './cluster-roles';
import type { StackConfig } from './config';
import { clusterLogGroupName, HardenedCluster } from './hardened-cluster';
import { flowLogGroupName, HardenedNetwork } from './hardened-network';
import { HardenedNodeGroup } from './hardened-node-group';
import { ThreatDetection } from './threat-detection';

/** What `pulumi up` reports (`pulumi stack output`). */
export interface HardenedStackOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly oidcIssuer: pulumi.Output<string>;
  /** Exec-authenticated kubeconfig; a Pulumi secret (`pulumi stack output kubeconfig --show-secrets`). */
  readonly kubeconfig: pulumi.Output<string>;
  /** The security group EKS created for the cluster. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** Our security group on the control-plane ENIs. */
  readonly controlPlaneSecurityGroupId: pulumi.Output<string>;
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
}

/** Tags every taggable resource of the stack carries. */
export function stackTags(config: Pick<StackConfig, 'clusterName'>): Record<string, string> {
  return { Project: 'eks-hardening-blueprint', Cluster: config.clusterName, ManagedBy: 'pulumi' };
}

/**
 * The hardened EKS stack: network, keys, cluster, add-ons, nodes, optional GuardDuty, and the in-cluster
 * baseline. Instantiates components only; every setting comes from the validated configuration.
 */
export function hardenedStack(
  config: StackConfig,
  baseline: readonly KubernetesObject[],
): HardenedStackOutputs {
  const tags = stackTags(config);
  const identity = aws.getCallerIdentityOutput();
  const partition = aws.getPartitionOutput();
  const account: pulumi.Output<AccountContext> = pulumi
    .all([identity.accountId, partition.partition, partition.dnsSuffix, aws.getRegionOutput().region])
    .apply(([accountId, p, dnsSuffix, region]) => ({ accountId, partition: p, dnsSuffix, region }));
  // The role behind the caller's session, not the session itself: policies must outlive the session.
  const deployerArn = aws.iam.getSessionContextOutput({ arn: identity.arn }).issuerArn;

  const roles = new ClusterRoles('roles', { tags });
  const kms = new ClusterKms('kms', {
    clusterName: config.clusterName,
    account,
    clusterRoleArn: roles.clusterRole.arn,
    administratorArns: config.clusterAdminRoleArns,
    deployerArn,
    logGroupNames: [clusterLogGroupName(config.clusterName), flowLogGroupName(config.clusterName)],
    createAutoScalingServiceLinkedRole: config.createAutoScalingServiceLinkedRole,
    tags,
  });
  const network = new HardenedNetwork('network', {
    clusterName: config.clusterName,
    network: config.network,
    account,
    logsKeyArn: kms.logsKey.arn,
    logRetentionDays: config.logRetentionDays,
    tags,
  });
  const cluster = new HardenedCluster('cluster', {
    config,
    account,
    roleArn: roles.clusterRole.arn,
    roleReady: roles.clusterRoleReady,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    secretsKeyArn: kms.secretsKey.arn,
    logsKeyArn: kms.logsKey.arn,
    deployerArn,
    tags,
  });
  const addonArgs = {
    config,
    account,
    cluster: cluster.cluster,
    oidcProvider: cluster.oidcProvider,
    oidcIssuer: cluster.oidcIssuer,
    tags,
  };
  const nodeAddons = new ClusterAddons('node-addons', { ...addonArgs, addons: ADDONS_BEFORE_NODES });
  const nodes = new HardenedNodeGroup('nodes', {
    config,
    cluster: cluster.cluster,
    controlPlaneSecurityGroupId: cluster.controlPlaneSecurityGroup.id,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    nodeRoleArn: roles.nodeRole.arn,
    readyAfter: [...roles.nodeRoleReady, nodeAddons],
    volumesKeyArn: kms.volumesKey.arn,
    tags,
  });
  const addons = new ClusterAddons('addons', {
    ...addonArgs,
    addons: ADDONS_AFTER_NODES,
    readyAfter: [nodes.nodeGroup],
  });
  if (config.guardDuty.enabled) {
    new ThreatDetection('threat-detection', {
      ...(config.guardDuty.detectorId ? { detectorId: config.guardDuty.detectorId } : {}),
      tags,
    });
  }
  if (config.deployBaseline) {
    new ClusterBaseline('baseline', {
      kubeconfig: cluster.kubeconfig,
      manifests: baseline,
      readyAfter: [...cluster.adminAccess, addons],
    });
  }

  return {
    clusterName: cluster.cluster.name,
    endpoint: cluster.cluster.endpoint,
    oidcIssuer: cluster.oidcIssuer,
    kubeconfig: cluster.kubeconfig,
    clusterSecurityGroupId: cluster.clusterSecurityGroupId,
    controlPlaneSecurityGroupId: cluster.controlPlaneSecurityGroup.id,
    nodeSecurityGroupId: nodes.nodeSecurityGroup.id,
    vpcId: network.vpcId,
    privateSubnetIds: network.privateSubnetIds,
  };
}
