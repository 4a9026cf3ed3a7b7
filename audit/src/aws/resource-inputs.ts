import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { IpPermission, LaunchTemplateVersion, SecurityGroup } from '@aws-sdk/client-ec2';
import type { Addon, Cluster, Nodegroup, PodIdentityAssociation } from '@aws-sdk/client-eks';
import type {
  AccessEntryEvidence,
  AwsEvidence,
  BundleTarget,
  GuardDutyDetectorEvidence,
  KmsKeyEvidence,
} from '../bundle';

/*
 * The one adapter from AWS API answers to the inputs the pack's AWS rules read: the `@pulumi/aws` provider's
 * input shape for the same resource (field names, nesting and value types of `aws.eks.ClusterArgs` and the
 * others), so the very rules that judge a planned program judge a running cluster. The tests hold each
 * function's output type to the provider's input type, field by field.
 */

/** One AWS resource as the rules see it. */
export interface AwsResource {
  /** The Pulumi type token of the resource, e.g. `aws:eks/cluster:Cluster`. */
  readonly type: string;
  /** The name findings use: the resource's AWS name or id. */
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** The Pulumi type tokens the adapter produces. */
export const AWS_TYPES = {
  cluster: 'aws:eks/cluster:Cluster',
  nodeGroup: 'aws:eks/nodeGroup:NodeGroup',
  launchTemplate: 'aws:ec2/launchTemplate:LaunchTemplate',
  addon: 'aws:eks/addon:Addon',
  securityGroup: 'aws:ec2/securityGroup:SecurityGroup',
  kmsKey: 'aws:kms/key:Key',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  accessEntry: 'aws:eks/accessEntry:AccessEntry',
  accessPolicyAssociation: 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
  detector: 'aws:guardduty/detector:Detector',
  detectorFeature: 'aws:guardduty/detectorFeature:DetectorFeature',
} as const;

/** `aws.eks.ClusterArgs` from DescribeCluster. */
export type ClusterInputs = {
  readonly name?: string;
  readonly version?: string;
  readonly roleArn?: string;
  readonly vpcConfig?: {
    readonly subnetIds: string[];
    readonly securityGroupIds?: string[];
    readonly clusterSecurityGroupId?: string;
    readonly vpcId?: string;
    readonly endpointPrivateAccess?: boolean;
    readonly endpointPublicAccess?: boolean;
    readonly publicAccessCidrs?: string[];
  };
  readonly encryptionConfig?: {
    readonly provider: { readonly keyArn: string };
    readonly resources: string[];
  };
  readonly enabledClusterLogTypes?: string[];
  readonly accessConfig?: {
    readonly authenticationMode?: string;
    readonly bootstrapClusterCreatorAdminPermissions?: boolean;
  };
  readonly kubernetesNetworkConfig?: { readonly ipFamily?: string; readonly serviceIpv4Cidr?: string };
  readonly upgradePolicy?: { readonly supportType?: string };
  readonly tags?: Record<string, string>;
};

/**
 * The cluster as `aws.eks.Cluster` takes it. The API lists encryption configs (EKS accepts one) and log
 * types per enabled/disabled group; the provider takes one config and the enabled types.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Cluster.html
 */
export function clusterInputs(cluster: Cluster): ClusterInputs {
  const vpc = cluster.resourcesVpcConfig;
  const encryption = cluster.encryptionConfig?.[0];
  const enabledTypes = (cluster.logging?.clusterLogging ?? [])
    .filter((setup) => setup.enabled === true)
    .flatMap((setup) => setup.types ?? []);
  return compact({
    name: cluster.name,
    version: cluster.version,
    roleArn: cluster.roleArn,
    vpcConfig: vpc
      ? compact({
          subnetIds: vpc.subnetIds ?? [],
          securityGroupIds: vpc.securityGroupIds,
          clusterSecurityGroupId: vpc.clusterSecurityGroupId,
          vpcId: vpc.vpcId,
          endpointPrivateAccess: vpc.endpointPrivateAccess,
          endpointPublicAccess: vpc.endpointPublicAccess,
          publicAccessCidrs: vpc.publicAccessCidrs,
        })
      : undefined,
    encryptionConfig: encryption
      ? { provider: { keyArn: encryption.provider?.keyArn ?? '' }, resources: encryption.resources ?? [] }
      : undefined,
    enabledClusterLogTypes: enabledTypes,
    accessConfig: cluster.accessConfig
      ? compact({
          authenticationMode: cluster.accessConfig.authenticationMode,
          bootstrapClusterCreatorAdminPermissions:
            cluster.accessConfig.bootstrapClusterCreatorAdminPermissions,
        })
      : undefined,
    kubernetesNetworkConfig: cluster.kubernetesNetworkConfig
      ? compact({
          ipFamily: cluster.kubernetesNetworkConfig.ipFamily,
          serviceIpv4Cidr: cluster.kubernetesNetworkConfig.serviceIpv4Cidr,
        })
      : undefined,
    upgradePolicy: cluster.upgradePolicy
      ? compact({ supportType: cluster.upgradePolicy.supportType })
      : undefined,
    tags: cluster.tags,
  });
}

/** `aws.eks.NodeGroupArgs` from DescribeNodegroup. */
export type NodeGroupInputs = {
  readonly clusterName: string;
  readonly nodeGroupName?: string;
  readonly nodeRoleArn: string;
  readonly subnetIds: string[];
  readonly scalingConfig: {
    readonly desiredSize: number;
    readonly maxSize: number;
    readonly minSize: number;
  };
  readonly amiType?: string;
  readonly capacityType?: string;
  readonly diskSize?: number;
  readonly instanceTypes?: string[];
  readonly labels?: Record<string, string>;
  readonly launchTemplate?: { readonly id?: string; readonly name?: string; readonly version: string };
  readonly releaseVersion?: string;
  readonly remoteAccess?: { readonly ec2SshKey?: string; readonly sourceSecurityGroupIds?: string[] };
  readonly taints?: { readonly key: string; readonly value?: string; readonly effect: string }[];
  readonly updateConfig?: { readonly maxUnavailable?: number; readonly maxUnavailablePercentage?: number };
  readonly nodeRepairConfig?: { readonly enabled?: boolean };
  readonly version?: string;
  readonly tags?: Record<string, string>;
};

/**
 * A managed node group as `aws.eks.NodeGroup` takes it (`subnets` become `subnetIds`, `remoteAccess`'s
 * `sourceSecurityGroups` become `sourceSecurityGroupIds`). `launchTemplate` is only the one the user gave: the
 * one EKS generates otherwise is mapped on its own (see {@link launchTemplateInputs}).
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html
 */
export function nodeGroupInputs(nodegroup: Nodegroup): NodeGroupInputs {
  const scaling = nodegroup.scalingConfig;
  const template = nodegroup.launchTemplate;
  const remote = nodegroup.remoteAccess;
  return compact({
    clusterName: nodegroup.clusterName ?? '',
    nodeGroupName: nodegroup.nodegroupName,
    nodeRoleArn: nodegroup.nodeRole ?? '',
    subnetIds: nodegroup.subnets ?? [],
    scalingConfig: {
      desiredSize: scaling?.desiredSize ?? 0,
      maxSize: scaling?.maxSize ?? 0,
      minSize: scaling?.minSize ?? 0,
    },
    amiType: nodegroup.amiType,
    capacityType: nodegroup.capacityType,
    diskSize: nodegroup.diskSize,
    instanceTypes: nodegroup.instanceTypes,
    labels: nodegroup.labels,
    launchTemplate: template
      ? compact({ id: template.id, name: template.name, version: template.version ?? '$Default' })
      : undefined,
    releaseVersion: nodegroup.releaseVersion,
    remoteAccess: remote
      ? compact({ ec2SshKey: remote.ec2SshKey, sourceSecurityGroupIds: remote.sourceSecurityGroups })
      : undefined,
    taints: nodegroup.taints?.map((taint) =>
      compact({ key: taint.key ?? '', value: taint.value, effect: taint.effect ?? '' }),
    ),
    updateConfig: nodegroup.updateConfig
      ? compact({
          maxUnavailable: nodegroup.updateConfig.maxUnavailable,
          maxUnavailablePercentage: nodegroup.updateConfig.maxUnavailablePercentage,
        })
      : undefined,
    nodeRepairConfig: nodegroup.nodeRepairConfig
      ? compact({ enabled: nodegroup.nodeRepairConfig.enabled })
      : undefined,
    version: nodegroup.version,
    tags: nodegroup.tags,
  });
}

/** `aws.ec2.LaunchTemplateArgs` from DescribeLaunchTemplateVersions. */
export type LaunchTemplateInputs = {
  readonly name?: string;
  readonly imageId?: string;
  readonly instanceType?: string;
  readonly vpcSecurityGroupIds?: string[];
  readonly metadataOptions?: {
    readonly httpEndpoint?: string;
    readonly httpTokens?: string;
    readonly httpPutResponseHopLimit?: number;
    readonly httpProtocolIpv6?: string;
    readonly instanceMetadataTags?: string;
  };
  readonly blockDeviceMappings?: {
    readonly deviceName?: string;
    readonly noDevice?: string;
    readonly virtualName?: string;
    readonly ebs?: {
      readonly deleteOnTermination?: string;
      readonly encrypted?: string;
      readonly iops?: number;
      readonly kmsKeyId?: string;
      readonly snapshotId?: string;
      readonly throughput?: number;
      readonly volumeSize?: number;
      readonly volumeType?: string;
    };
  }[];
};

/**
 * One launch template version as `aws.ec2.LaunchTemplate` takes it: the API's PascalCase fields in the
 * provider's camelCase, and the EBS booleans as the strings the provider takes (`encrypted: "true"`).
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ResponseLaunchTemplateData.html
 */
export function launchTemplateInputs(version: LaunchTemplateVersion): LaunchTemplateInputs {
  const data = version.LaunchTemplateData ?? {};
  const metadata = data.MetadataOptions;
  return compact({
    name: version.LaunchTemplateName,
    imageId: data.ImageId,
    instanceType: data.InstanceType,
    vpcSecurityGroupIds: data.SecurityGroupIds,
    metadataOptions: metadata
      ? compact({
          httpEndpoint: metadata.HttpEndpoint,
          httpTokens: metadata.HttpTokens,
          httpPutResponseHopLimit: metadata.HttpPutResponseHopLimit,
          httpProtocolIpv6: metadata.HttpProtocolIpv6,
          instanceMetadataTags: metadata.InstanceMetadataTags,
        })
      : undefined,
    blockDeviceMappings: data.BlockDeviceMappings?.map((mapping) =>
      compact({
        deviceName: mapping.DeviceName,
        noDevice: mapping.NoDevice,
        virtualName: mapping.VirtualName,
        ebs: mapping.Ebs
          ? compact({
              deleteOnTermination: booleanText(mapping.Ebs.DeleteOnTermination),
              encrypted: booleanText(mapping.Ebs.Encrypted),
              iops: mapping.Ebs.Iops,
              kmsKeyId: mapping.Ebs.KmsKeyId,
              snapshotId: mapping.Ebs.SnapshotId,
              throughput: mapping.Ebs.Throughput,
              volumeSize: mapping.Ebs.VolumeSize,
              volumeType: mapping.Ebs.VolumeType,
            })
          : undefined,
      }),
    ),
  });
}

/** `aws.eks.AddonArgs` from DescribeAddon. */
export type AddonInputs = {
  readonly clusterName: string;
  readonly addonName: string;
  readonly addonVersion?: string;
  readonly configurationValues?: string;
  readonly serviceAccountRoleArn?: string;
  /** The associations DescribeAddon lists by ARN, as DescribePodIdentityAssociation describes them. */
  readonly podIdentityAssociations?: { readonly serviceAccount: string; readonly roleArn: string }[];
  readonly tags?: Record<string, string>;
};

/**
 * An EKS add-on as `aws.eks.Addon` takes it, its configuration values as EKS holds them (JSON or YAML text).
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Addon.html
 */
export function addonInputs(addon: Addon, associations: readonly PodIdentityAssociation[] = []): AddonInputs {
  const owned = (addon.podIdentityAssociations ?? []).flatMap((arn) =>
    associations
      .filter((association) => association.associationArn === arn)
      .map((association) => ({
        serviceAccount: association.serviceAccount ?? '',
        roleArn: association.roleArn ?? '',
      })),
  );
  return compact({
    clusterName: addon.clusterName ?? '',
    addonName: addon.addonName ?? '',
    addonVersion: addon.addonVersion,
    configurationValues: addon.configurationValues,
    serviceAccountRoleArn: addon.serviceAccountRoleArn,
    podIdentityAssociations: owned.length > 0 ? owned : undefined,
    tags: addon.tags,
  });
}

/** One rule of `aws.ec2.SecurityGroupArgs` `ingress` or `egress`. */
export type SecurityGroupRuleInputs = {
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrBlocks?: string[];
  readonly ipv6CidrBlocks?: string[];
  readonly prefixListIds?: string[];
  readonly securityGroups?: string[];
  readonly description?: string;
};

/** `aws.ec2.SecurityGroupArgs` from DescribeSecurityGroups. */
export type SecurityGroupInputs = {
  readonly name?: string;
  readonly description?: string;
  readonly vpcId?: string;
  readonly ingress?: SecurityGroupRuleInputs[];
  readonly egress?: SecurityGroupRuleInputs[];
  readonly tags?: Record<string, string>;
};

/**
 * A security group with its rules inline, as `aws.ec2.SecurityGroup` takes them (one rule per IpPermission;
 * the API leaves the ports out for protocol `-1`, the provider takes 0).
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
 */
export function securityGroupInputs(group: SecurityGroup): SecurityGroupInputs {
  return compact({
    name: group.GroupName,
    description: group.Description,
    vpcId: group.VpcId,
    ingress: group.IpPermissions?.map(permissionInputs),
    egress: group.IpPermissionsEgress?.map(permissionInputs),
    tags: tagsOf(group.Tags),
  });
}

function permissionInputs(permission: IpPermission): SecurityGroupRuleInputs {
  const descriptions = [
    ...(permission.IpRanges ?? []).map((range) => range.Description),
    ...(permission.Ipv6Ranges ?? []).map((range) => range.Description),
    ...(permission.UserIdGroupPairs ?? []).map((pair) => pair.Description),
  ].filter((text): text is string => typeof text === 'string' && text !== '');
  return compact({
    protocol: permission.IpProtocol ?? '-1',
    fromPort: permission.FromPort ?? 0,
    toPort: permission.ToPort ?? 0,
    cidrBlocks: nonEmpty(
      (permission.IpRanges ?? []).flatMap((range) => (range.CidrIp ? [range.CidrIp] : [])),
    ),
    ipv6CidrBlocks: nonEmpty(
      (permission.Ipv6Ranges ?? []).flatMap((range) => (range.CidrIpv6 ? [range.CidrIpv6] : [])),
    ),
    prefixListIds: nonEmpty(
      (permission.PrefixListIds ?? []).flatMap((list) => (list.PrefixListId ? [list.PrefixListId] : [])),
    ),
    securityGroups: nonEmpty(
      (permission.UserIdGroupPairs ?? []).flatMap((pair) => (pair.GroupId ? [pair.GroupId] : [])),
    ),
    description: descriptions.length > 0 ? [...new Set(descriptions)].join('; ') : undefined,
  });
}

/** `aws.kms.KeyArgs` from DescribeKey, GetKeyRotationStatus and GetKeyPolicy. */
export type KmsKeyInputs = {
  readonly description?: string;
  readonly customerMasterKeySpec?: string;
  readonly keyUsage?: string;
  readonly customKeyStoreId?: string;
  readonly enableKeyRotation?: boolean;
  readonly rotationPeriodInDays?: number;
  readonly multiRegion?: boolean;
  readonly policy?: string;
};

/**
 * A KMS key as `aws.kms.Key` takes it. `bypassPolicyLockoutSafetyCheck` is a parameter of a CreateKey or
 * PutKeyPolicy request that KMS does not keep, so a running key cannot show it.
 *
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html
 */
export function kmsKeyInputs(key: KmsKeyEvidence): KmsKeyInputs {
  const metadata = key.metadata;
  return compact({
    description: metadata?.Description,
    customerMasterKeySpec: metadata?.KeySpec ?? metadata?.CustomerMasterKeySpec,
    keyUsage: metadata?.KeyUsage,
    customKeyStoreId: metadata?.CustomKeyStoreId,
    enableKeyRotation: key.rotationEnabled,
    rotationPeriodInDays: key.rotationPeriodInDays,
    multiRegion: metadata?.MultiRegion,
    policy: key.policy,
  });
}

/** `aws.cloudwatch.LogGroupArgs` from DescribeLogGroups. */
export type LogGroupInputs = {
  readonly name?: string;
  readonly retentionInDays?: number;
  readonly kmsKeyId?: string;
  readonly logGroupClass?: string;
};

/**
 * A log group as `aws.cloudwatch.LogGroup` takes it (no `retentionInDays` means logs never expire).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html
 */
export function logGroupInputs(group: LogGroup): LogGroupInputs {
  return compact({
    name: group.logGroupName,
    retentionInDays: group.retentionInDays,
    kmsKeyId: group.kmsKeyId,
    logGroupClass: group.logGroupClass,
  });
}

/** `aws.eks.AccessEntryArgs` from DescribeAccessEntry. */
export type AccessEntryInputs = {
  readonly clusterName: string;
  readonly principalArn: string;
  readonly type?: string;
  readonly userName?: string;
  readonly kubernetesGroups?: string[];
  readonly tags?: Record<string, string>;
};

/** `aws.eks.AccessPolicyAssociationArgs` from ListAssociatedAccessPolicies. */
export type AccessPolicyAssociationInputs = {
  readonly clusterName: string;
  readonly principalArn: string;
  readonly policyArn: string;
  readonly accessScope: { readonly type: string; readonly namespaces?: string[] };
};

/**
 * An access entry as `aws.eks.AccessEntry` takes it, and its policies as `aws.eks.AccessPolicyAssociation`s.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html
 */
export function accessEntryInputs(evidence: AccessEntryEvidence): {
  entry: AccessEntryInputs;
  associations: AccessPolicyAssociationInputs[];
} {
  const { entry } = evidence;
  const clusterName = entry.clusterName ?? '';
  const principalArn = entry.principalArn ?? '';
  return {
    entry: compact({
      clusterName,
      principalArn,
      type: entry.type,
      userName: entry.username,
      kubernetesGroups: entry.kubernetesGroups,
      tags: entry.tags,
    }),
    associations: evidence.policies.map((policy) => ({
      clusterName,
      principalArn,
      policyArn: policy.policyArn ?? '',
      accessScope: compact({
        type: policy.accessScope?.type ?? '',
        namespaces: nonEmpty(policy.accessScope?.namespaces ?? []),
      }),
    })),
  };
}

/** `aws.guardduty.DetectorArgs` from GetDetector. */
export type DetectorInputs = {
  readonly enable?: boolean;
  readonly findingPublishingFrequency?: string;
  readonly tags?: Record<string, string>;
};

/** `aws.guardduty.DetectorFeatureArgs` from a GetDetector feature. */
export type DetectorFeatureInputs = {
  readonly detectorId: string;
  readonly name: string;
  readonly status: string;
  readonly additionalConfigurations?: { readonly name: string; readonly status: string }[];
};

/**
 * A GuardDuty detector as `aws.guardduty.Detector` takes it, and each of its features as an
 * `aws.guardduty.DetectorFeature`.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
 */
export function detectorInputs(evidence: GuardDutyDetectorEvidence): {
  detector: DetectorInputs;
  features: DetectorFeatureInputs[];
} {
  const { detector, detectorId } = evidence;
  return {
    detector: compact({
      enable: detector.Status === undefined ? undefined : detector.Status === 'ENABLED',
      findingPublishingFrequency: detector.FindingPublishingFrequency,
      tags: detector.Tags,
    }),
    features: (detector.Features ?? []).map((feature) =>
      compact({
        detectorId,
        name: feature.Name ?? '',
        status: feature.Status ?? '',
        additionalConfigurations: feature.AdditionalConfiguration?.map((extra) => ({
          name: extra.Name ?? '',
          status: extra.Status ?? '',
        })),
      }),
    ),
  };
}

/**
 * Every AWS resource of the evidence, mapped for the rules, in a stable order: the cluster, its node groups
 * and their launch templates, add-ons, security groups, KMS keys, log groups, access entries and GuardDuty.
 * A region without a GuardDuty detector is a disabled detector: what a provider input can say of "none".
 */
export function awsResources(aws: AwsEvidence, target: BundleTarget): AwsResource[] {
  const resources: AwsResource[] = [];
  if (aws.cluster) {
    resources.push({
      type: AWS_TYPES.cluster,
      name: aws.cluster.name ?? target.clusterName ?? '<unnamed>',
      inputs: clusterInputs(aws.cluster),
    });
  }
  for (const nodegroup of aws.nodegroups) {
    resources.push({
      type: AWS_TYPES.nodeGroup,
      name: nodegroup.nodegroupName ?? '<unnamed>',
      inputs: nodeGroupInputs(nodegroup),
    });
  }
  for (const version of aws.launchTemplateVersions) {
    resources.push({
      type: AWS_TYPES.launchTemplate,
      name: `${version.LaunchTemplateName ?? version.LaunchTemplateId ?? '<unnamed>'} v${version.VersionNumber ?? '?'}`,
      inputs: launchTemplateInputs(version),
    });
  }
  for (const addon of aws.addons) {
    resources.push({
      type: AWS_TYPES.addon,
      name: addon.addonName ?? '<unnamed>',
      inputs: addonInputs(addon, aws.podIdentityAssociations),
    });
  }
  for (const group of aws.securityGroups) {
    resources.push({
      type: AWS_TYPES.securityGroup,
      name: group.GroupId ?? group.GroupName ?? '<unnamed>',
      inputs: securityGroupInputs(group),
    });
  }
  for (const key of aws.kmsKeys) {
    resources.push({
      type: AWS_TYPES.kmsKey,
      name: key.metadata?.KeyId ?? key.keyId,
      inputs: kmsKeyInputs(key),
    });
  }
  for (const group of aws.logGroups) {
    resources.push({
      type: AWS_TYPES.logGroup,
      name: group.logGroupName ?? '<unnamed>',
      inputs: logGroupInputs(group),
    });
  }
  for (const evidence of aws.accessEntries) {
    const { entry, associations } = accessEntryInputs(evidence);
    resources.push({ type: AWS_TYPES.accessEntry, name: entry.principalArn, inputs: entry });
    for (const association of associations) {
      resources.push({
        type: AWS_TYPES.accessPolicyAssociation,
        name: `${association.principalArn} ${association.policyArn.split('/').pop() ?? ''}`.trim(),
        inputs: association,
      });
    }
  }
  if (aws.guardDuty) {
    if (aws.guardDuty.detectors.length === 0) {
      resources.push({
        type: AWS_TYPES.detector,
        name: `${target.region ?? 'region'} (no detector)`,
        inputs: { enable: false } satisfies DetectorInputs,
      });
    }
    for (const evidence of aws.guardDuty.detectors) {
      const { detector, features } = detectorInputs(evidence);
      resources.push({ type: AWS_TYPES.detector, name: evidence.detectorId, inputs: detector });
      for (const feature of features) {
        resources.push({
          type: AWS_TYPES.detectorFeature,
          name: `${evidence.detectorId}/${feature.name}`,
          inputs: feature,
        });
      }
    }
  }
  return resources;
}

/** `"true"` or `"false"` for a boolean, as the provider's launch template EBS fields take them. */
function booleanText(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function tagsOf(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
): Record<string, string> | undefined {
  if (!tags || tags.length === 0) return undefined;
  return Object.fromEntries(tags.flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? '']] : [])));
}

function nonEmpty<T>(items: readonly T[]): T[] | undefined {
  return items.length > 0 ? [...items] : undefined;
}

/** The object without its undefined fields, as a provider's inputs leave unset fields out. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
