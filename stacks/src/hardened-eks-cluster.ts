import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsCredentials } from './aws-credentials';
import { ADDONS_BEFORE_NODES, addonsAfterNodes, ClusterAddons } from './cluster-addons';
import { type AccountContext, ClusterKms } from './cluster-kms';
import { ClusterRoles } from './cluster-roles';
import { componentType } from './component-type';
import {
  checkPartition,
  type HardenedEksClusterArgs,
  loadConfig,
  partitionOfRegion,
  type StackConfig,
} from './config';
import { ContainerRegistry, ecrRegistryHost } from './container-registry';
import { clusterLogGroupName, HardenedCluster } from './hardened-cluster';
import { flowLogGroupName, HardenedNetwork } from './hardened-network';
import { HardenedNodeGroup } from './hardened-node-group';
import { ThreatDetection } from './threat-detection';

/** What {@link HardenedEksCluster} reports, and this repository's program exports as stack outputs. */
export interface HardenedEksClusterOutputs {
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
  /**
   * The account's ECR registry in the region (`<account>.dkr.ecr.<region>.amazonaws.com`): the registry
   * allowlist entry for its repositories (see docs/RUNNING-FOR-REAL.md).
   */
  readonly ecrRegistry: pulumi.Output<string>;
  /** URLs of the repositories of `ecrRepositories`, in their order. */
  readonly ecrRepositoryUrls: pulumi.Output<string[]>;
}

/** The names of {@link HardenedEksClusterOutputs}, in the order the program exports them. */
export const CLUSTER_OUTPUT_NAMES: readonly (keyof HardenedEksClusterOutputs)[] = [
  'clusterName',
  'endpoint',
  'oidcIssuer',
  'kubeconfig',
  'clusterSecurityGroupId',
  'controlPlaneSecurityGroupId',
  'nodeSecurityGroupId',
  'vpcId',
  'privateSubnetIds',
  'ecrRegistry',
  'ecrRepositoryUrls',
];

/** Tags every taggable resource of the cluster carries. */
export function clusterTags(config: Pick<StackConfig, 'clusterName'>): Record<string, string> {
  return { Project: 'eks-hardening-blueprint', Cluster: config.clusterName, ManagedBy: 'pulumi' };
}

/** What {@link HardenedEksCluster} takes besides its settings. */
export interface HardenedEksClusterExtras {
  /**
   * The credentials the program's AWS provider deploys with (see `readAwsCredentials`): the kubeconfig's
   * `aws eks get-token` assumes the cluster admin role from the same `aws:profile`. The deployer itself has
   * no access entry, so the `aws:assumeRoles` role is not used for tokens. @default the ambient credential chain
   */
  readonly credentials?: AwsCredentials;
}

/**
 * A hardened Amazon EKS cluster: network (or your VPC) with flow logs, customer-managed KMS keys, a private
 * control plane with envelope-encrypted secrets and every log type, access entries, pinned add-ons, IMDSv2-only
 * encrypted managed nodes, optional GuardDuty, and optional ECR repositories with Inspector scanning. It plans no Kubernetes object: its endpoint is private, so
 * the in-cluster baseline is a separate stack (`ClusterConnection` and `ClusterBaseline`) run from
 * where the endpoint is reachable.
 *
 * ```ts
 * const cluster = new HardenedEksCluster('prod', { clusterName: 'prod', nodeInstanceTypes: ['m7i.large'] });
 * export const kubeconfig = cluster.kubeconfig;
 * ```
 *
 * @throws StackConfigError before any resource is created, listing every invalid setting.
 */
export class HardenedEksCluster extends pulumi.ComponentResource implements HardenedEksClusterOutputs {
  /** The validated settings, defaults filled in. */
  readonly settings: StackConfig;
  readonly cluster: HardenedCluster;
  readonly nodes: HardenedNodeGroup;
  readonly network: HardenedNetwork;
  readonly kms: ClusterKms;
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly oidcIssuer: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly controlPlaneSecurityGroupId: pulumi.Output<string>;
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The ECR repositories and Inspector scanning, when configured (the scorecard counts it as a default present). */
  readonly registry: ContainerRegistry | undefined;
  readonly ecrRegistry: pulumi.Output<string>;
  readonly ecrRepositoryUrls: pulumi.Output<string[]>;

  constructor(
    name: string,
    args: HardenedEksClusterArgs & HardenedEksClusterExtras = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const { credentials, ...settings } = args;
    const config = loadConfig(settings);
    // The default provider's region is known now: refuse other partitions before anything is registered.
    const configuredRegion = aws.config.region;
    if (configuredRegion)
      checkPartition(partitionOfRegion(configuredRegion), `config 'aws:region' '${configuredRegion}'`);
    super(componentType('HardenedEksCluster'), name, {}, opts);
    this.settings = config;
    const parent = { parent: this };
    const tags = clusterTags(config);
    const identity = aws.getCallerIdentityOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent);
    const account: pulumi.Output<AccountContext> = pulumi
      .all([
        identity.accountId,
        partition.partition,
        partition.dnsSuffix,
        aws.getRegionOutput({}, parent).region,
      ])
      .apply(([accountId, p, dnsSuffix, region]) => {
        // An explicit provider may point elsewhere than aws:region: the provider's own partition decides.
        checkPartition(p, `${name}: the AWS provider's region ${region}`);
        return { accountId, partition: p, dnsSuffix, region };
      });
    // The role behind the caller's session, not the session itself: policies must outlive the session.
    const deployerArn = aws.iam.getSessionContextOutput({ arn: identity.arn }, parent).issuerArn;

    const roles = new ClusterRoles(`${name}-roles`, { tags }, parent);
    this.kms = new ClusterKms(
      `${name}-kms`,
      {
        clusterName: config.clusterName,
        account,
        clusterRoleArn: roles.clusterRole.arn,
        administratorArns: config.kmsKeyAdministratorArns,
        deployerArn,
        logGroupNames: [clusterLogGroupName(config.clusterName), flowLogGroupName(config.clusterName)],
        protect: config.deletionProtection,
        tags,
      },
      parent,
    );
    this.network = new HardenedNetwork(
      `${name}-network`,
      {
        clusterName: config.clusterName,
        network: config.network,
        account,
        logsKeyArn: this.kms.logsKey.arn,
        logRetentionDays: config.logRetentionDays,
        tags,
      },
      parent,
    );
    this.cluster = new HardenedCluster(
      `${name}-cluster`,
      {
        config,
        account,
        roleArn: roles.clusterRole.arn,
        roleReady: roles.clusterRoleReady,
        vpcId: this.network.vpcId,
        subnetIds: this.network.privateSubnetIds,
        secretsKeyArn: this.kms.secretsKey.arn,
        logsKeyArn: this.kms.logsKey.arn,
        ...(credentials ? { credentials } : {}),
        tags,
      },
      parent,
    );
    const addonArgs = {
      config,
      account,
      cluster: this.cluster.cluster,
      oidcProvider: this.cluster.oidcProvider,
      oidcIssuer: this.cluster.oidcIssuer,
      tags,
    };
    const nodeAddons = new ClusterAddons(
      `${name}-node-addons`,
      { ...addonArgs, addons: ADDONS_BEFORE_NODES },
      parent,
    );
    this.nodes = new HardenedNodeGroup(
      `${name}-nodes`,
      {
        config,
        cluster: this.cluster.cluster,
        controlPlaneSecurityGroupId: this.cluster.controlPlaneSecurityGroup.id,
        vpcId: this.network.vpcId,
        subnetIds: this.network.privateSubnetIds,
        nodeRoleArn: roles.nodeRole.arn,
        readyAfter: [...roles.nodeRoleReady, nodeAddons],
        volumesKeyArn: this.kms.volumesKey.arn,
        ...(this.network.privateEgress && config.network.mode === 'create'
          ? {
              egress: {
                mode: 'private' as const,
                vpcCidr: config.network.vpcCidr,
                s3PrefixListId: this.network.privateEgress.s3Endpoint.prefixListId,
              },
            }
          : {}),
        tags,
      },
      parent,
    );
    new ClusterAddons(
      `${name}-addons`,
      { ...addonArgs, addons: addonsAfterNodes(config), readyAfter: [this.nodes.nodeGroup] },
      parent,
    );
    if (config.guardDuty.enabled) {
      new ThreatDetection(
        `${name}-threat-detection`,
        {
          ...(config.guardDuty.detectorId ? { detectorId: config.guardDuty.detectorId } : {}),
          runtimeFeature: config.guardDuty.runtimeFeature,
          tags,
        },
        parent,
      );
    }
    const registry = config.containerRegistry;
    this.registry =
      registry.repositories.length > 0 || registry.enhancedScanning
        ? new ContainerRegistry(
            `${name}-registry`,
            {
              clusterName: config.clusterName,
              account,
              settings: registry,
              administratorArns: config.kmsKeyAdministratorArns,
              protect: config.deletionProtection,
              tags,
            },
            parent,
          )
        : undefined;

    this.clusterName = this.cluster.cluster.name;
    this.endpoint = this.cluster.cluster.endpoint;
    this.oidcIssuer = this.cluster.oidcIssuer;
    this.kubeconfig = this.cluster.kubeconfig;
    this.clusterSecurityGroupId = this.cluster.clusterSecurityGroupId;
    this.controlPlaneSecurityGroupId = this.cluster.controlPlaneSecurityGroup.id;
    this.nodeSecurityGroupId = this.nodes.nodeSecurityGroup.id;
    this.vpcId = this.network.vpcId;
    this.privateSubnetIds = this.network.privateSubnetIds;
    this.ecrRegistry = account.apply(ecrRegistryHost);
    this.ecrRepositoryUrls = this.registry?.repositoryUrls ?? pulumi.output([]);
    this.registerOutputs(this.outputs());
  }

  /** The outputs as a record, as a program exports them (`export = cluster.outputs()` or one by one). */
  outputs(): HardenedEksClusterOutputs {
    return Object.fromEntries(
      CLUSTER_OUTPUT_NAMES.map((key) => [key, this[key]]),
    ) as unknown as HardenedEksClusterOutputs;
  }
}
