import { isUnknown, UNKNOWN } from '@eks-hardening/rules';
import type { ArgumentLink, ComponentMapping, MappedResource } from './mapping';

/** The `@pulumi/eks` release whose provider code and documented defaults the node group mappings follow. */
export const EKS_FOLLOWS = '@pulumi/eks 4.3.0';

const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';
const MANAGED_NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';

/** The operating systems `@pulumi/eks` 4.3.0 builds nodes from; `RECOMMENDED` is AL2023 (enums `OperatingSystem`). */
type OperatingSystem = 'AL2' | 'AL2023' | 'Bottlerocket';

/**
 * The node OS the plugin picks (`nodes/ami.ts` `getOperatingSystem`): `operatingSystem` when given, else the
 * family of `amiType` (`AL2_*`, `AL2023_*`, `BOTTLEROCKET_*`), else the recommended OS, AL2023.
 */
function operatingSystemOf(args: Readonly<Record<string, unknown>>): OperatingSystem | 'unknown' {
  const { operatingSystem, amiType } = args;
  if (isUnknown(operatingSystem) || isUnknown(amiType)) return 'unknown';
  if (operatingSystem === 'AL2' || operatingSystem === 'Bottlerocket') return operatingSystem;
  if (operatingSystem !== undefined) return 'AL2023';
  if (typeof amiType === 'string') {
    if (amiType.startsWith('AL2023')) return 'AL2023';
    if (amiType.startsWith('AL2_')) return 'AL2';
    if (amiType.startsWith('BOTTLEROCKET')) return 'Bottlerocket';
  }
  return 'AL2023';
}

/** `"true"`/`"false"` as the launch template API takes booleans; unknown stays unknown. */
function flag(value: unknown): unknown {
  return isUnknown(value) ? value : String(Boolean(value));
}

const ROOT_VOLUME_ARGS = [
  'nodeRootVolumeEncrypted',
  'nodeRootVolumeSize',
  'nodeRootVolumeType',
  'nodeRootVolumeIops',
  'nodeRootVolumeThroughput',
  'nodeRootVolumeDeleteOnTermination',
] as const;

/**
 * The launch template inputs of a self-managed node group (`createNodeGroupV2` in `nodes/nodegroup.ts` of
 * @pulumi/eks 4.3.0): one network interface with `associatePublicIpAddress: String(nodeAssociatePublicIpAddress
 * ?? true)`; on AL2 a root volume mapping whose `encrypted` is `"false"` unless `nodeRootVolumeEncrypted`; on
 * AL2023 and Bottlerocket a mapping only when a `nodeRootVolume*` argument is set, leaving encryption to the AMI
 * otherwise; `metadataOptions` passed through (the 4.3.0 SDK types do not offer it, so it is normally unset).
 *
 * @see https://github.com/pulumi/pulumi-eks/blob/master/nodejs/eks/nodes/nodegroup.ts
 */
export function selfManagedLaunchTemplate(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const os = operatingSystemOf(args);
  const anyRootVolumeArg = ROOT_VOLUME_ARGS.some((name) => args[name] !== undefined);
  const encrypted = args.nodeRootVolumeEncrypted;
  const deviceName = os === 'Bottlerocket' ? '/dev/xvdb' : '/dev/xvda';
  const blockDeviceMappings =
    os === 'unknown'
      ? UNKNOWN
      : os === 'AL2'
        ? [{ deviceName, ebs: { encrypted: flag(encrypted) } }]
        : anyRootVolumeArg
          ? [{ deviceName, ebs: { encrypted: encrypted === undefined ? undefined : flag(encrypted) } }]
          : [];
  const publicIp = args.nodeAssociatePublicIpAddress;
  return {
    metadataOptions: args.metadataOptions,
    blockDeviceMappings,
    networkInterfaces: [{ associatePublicIpAddress: publicIp === undefined ? 'true' : flag(publicIp) }],
  };
}

/** The fixes for a self-managed node group's launch template, with the argument path prefix (`nodeGroupOptions.`). */
export function selfManagedLinks(prefix: string, component: string): ArgumentLink[] {
  return [
    {
      field: 'networkInterfaces',
      argument: `${prefix}nodeAssociatePublicIpAddress`,
      fix: `set ${prefix}nodeAssociatePublicIpAddress: false and run the nodes in private subnets`,
    },
    {
      field: 'metadataOptions',
      argument: component === 'eks.Cluster' ? 'skipDefaultNodeGroup' : 'metadataOptions',
      fix:
        component === 'eks.Cluster'
          ? `the default node group of ${EKS_FOLLOWS} takes no instance metadata options: set skipDefaultNodeGroup: true and add an eks.ManagedNodeGroup whose launchTemplate requires IMDSv2 (httpTokens: 'required', httpPutResponseHopLimit: 1)`
          : `${EKS_FOLLOWS} sets no instance metadata options on its launch template: use an eks.ManagedNodeGroup whose launchTemplate requires IMDSv2 (httpTokens: 'required', httpPutResponseHopLimit: 1)`,
    },
    {
      field: 'blockDeviceMappings',
      argument: `${prefix}nodeRootVolumeEncrypted`,
      fix: `set ${prefix}nodeRootVolumeEncrypted: true`,
    },
  ];
}

/** `eks:index:NodeGroupV2`: a self-managed node group on a launch template and an Auto Scaling group. */
export const nodeGroupV2Mapping: ComponentMapping = {
  type: 'eks:index:NodeGroupV2',
  follows: EKS_FOLLOWS,
  covers: [LAUNCH_TEMPLATE],
  map: (inputs) => [
    {
      role: 'launchTemplate',
      type: LAUNCH_TEMPLATE,
      describes: `launch template ${EKS_FOLLOWS} creates for the node group`,
      inputs: selfManagedLaunchTemplate(inputs),
      arguments: selfManagedLinks('', 'eks.NodeGroupV2'),
    },
  ],
};

/**
 * `eks:index:NodeGroup`: a self-managed node group on a launch configuration (`createNodeGroup`): the same
 * public IP default, `rootBlockDevice.encrypted` `?? false` on AL2 and as given otherwise, no instance metadata
 * options. Judged as the launch template it is equivalent to.
 */
export const nodeGroupMapping: ComponentMapping = {
  type: 'eks:index:NodeGroup',
  follows: EKS_FOLLOWS,
  covers: ['aws:ec2/launchConfiguration:LaunchConfiguration', LAUNCH_TEMPLATE],
  map: (inputs) => {
    const os = operatingSystemOf(inputs);
    const encrypted = inputs.nodeRootVolumeEncrypted;
    const rootVolume = { encrypted: os === 'AL2' || encrypted !== undefined ? flag(encrypted) : undefined };
    return [
      {
        role: 'launchConfiguration',
        type: LAUNCH_TEMPLATE,
        describes: `launch configuration ${EKS_FOLLOWS} creates for the node group`,
        inputs: {
          ...selfManagedLaunchTemplate(inputs),
          metadataOptions: undefined,
          blockDeviceMappings:
            os === 'unknown' ? UNKNOWN : [{ deviceName: 'rootBlockDevice', ebs: rootVolume }],
        },
        arguments: selfManagedLinks('', 'eks.NodeGroup'),
      },
    ];
  },
};

/** Arguments that make @pulumi/eks 4.3.0 create its own launch template for a managed node group. */
const CUSTOM_LAUNCH_TEMPLATE_ARGS = [
  'kubeletExtraArgs',
  'bootstrapExtraArgs',
  'bottlerocketSettings',
  'nodeadmExtraOptions',
  'userData',
  'amiId',
  'enableEfaSupport',
  'enableIMDSv2',
] as const;

const NODE_REPAIR_FIX = `${EKS_FOLLOWS} ManagedNodeGroup has no nodeRepairConfig argument, so node auto repair stays off: create the node group with aws.eks.NodeGroup and nodeRepairConfig: { enabled: true }, or turn it on after creation (aws eks update-nodegroup-config --node-repair-config enabled=true) and exempt this finding with that reason`;

const LAUNCH_TEMPLATE_FIX =
  "pass launchTemplate: { id, version } of an aws.ec2.LaunchTemplate with metadataOptions { httpTokens: 'required', httpPutResponseHopLimit: 1 } and blockDeviceMappings whose ebs.encrypted is 'true'";

/**
 * `eks:index:ManagedNodeGroup`: an `aws.eks.NodeGroup` with the arguments passed through (`remoteAccess`
 * included). With a `launchTemplate` of the program's own, that template is judged where it is declared;
 * otherwise the nodes run on the launch template @pulumi/eks creates (`createMNGCustomLaunchTemplate`: no
 * instance metadata options unless `enableIMDSv2`, which sets hop limit 2; a root volume only for `diskSize`,
 * unencrypted) or, with none of its triggering arguments, on the one EKS generates, which the program does not
 * configure either.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 */
export const managedNodeGroupMapping: ComponentMapping = {
  type: 'eks:index:ManagedNodeGroup',
  follows: EKS_FOLLOWS,
  covers: [MANAGED_NODE_GROUP, LAUNCH_TEMPLATE],
  map: (inputs) => {
    const { cluster: _cluster, nodeRole: _role, ...args } = inputs;
    const resources: MappedResource[] = [
      {
        role: 'nodeGroup',
        type: MANAGED_NODE_GROUP,
        describes: `aws.eks.NodeGroup ${EKS_FOLLOWS} creates`,
        inputs: args,
        arguments: [
          { field: 'remoteAccess', argument: 'remoteAccess' },
          // No eks.ManagedNodeGroup argument reaches it: 4.3.0 does not pass nodeRepairConfig to the NodeGroup.
          { field: 'nodeRepairConfig', argument: '', fix: NODE_REPAIR_FIX },
        ],
      },
    ];
    if (inputs.launchTemplate !== undefined) return resources;
    const custom = CUSTOM_LAUNCH_TEMPLATE_ARGS.some((name) => inputs[name] !== undefined);
    const imds = inputs.enableIMDSv2;
    const diskSize = inputs.diskSize;
    resources.push({
      role: 'launchTemplate',
      type: LAUNCH_TEMPLATE,
      describes: custom
        ? `launch template ${EKS_FOLLOWS} creates for the managed node group`
        : 'launch template EKS generates for a managed node group without one',
      inputs: {
        metadataOptions:
          custom && imds !== undefined
            ? isUnknown(imds)
              ? imds
              : {
                  httpTokens: imds ? 'required' : 'optional',
                  httpPutResponseHopLimit: 2,
                  httpEndpoint: 'enabled',
                }
            : undefined,
        blockDeviceMappings:
          custom && diskSize !== undefined
            ? [{ deviceName: '/dev/xvda', ebs: { volumeSize: diskSize } }]
            : [],
      },
      arguments: [
        { field: 'metadataOptions', argument: 'launchTemplate', fix: LAUNCH_TEMPLATE_FIX },
        { field: 'blockDeviceMappings', argument: 'launchTemplate', fix: LAUNCH_TEMPLATE_FIX },
      ],
    });
    return resources;
  },
};
