import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  BOTTLEROCKET_DEVICES,
  type BottlerocketSettingsInput,
  bottlerocketUserData,
  isBottlerocket,
} from './bottlerocket';
import { componentType } from './component-type';
import type { StackConfig } from './config';
import { buildNodeRepairConfig, buildUpdateConfig } from './node-updates';
import { buildNodeEgressRules, type NodeEgress } from './private-egress';

/** One ingress rule between security groups: no rule of this stack takes a CIDR source. */
export interface IngressRuleSpec {
  /** Suffix of the rule's resource name. */
  readonly key: string;
  readonly description: string;
  readonly protocol: 'tcp' | 'udp';
  readonly fromPort: number;
  readonly toPort: number;
  /** `control-plane`: our security group on the EKS ENIs; `self`: other nodes. */
  readonly source: 'control-plane' | 'self';
}

/**
 * Node ingress: from the control plane only to the kubelet and the webhook ports admission controllers
 * commonly serve on, and from other nodes for DNS and pod-to-pod traffic on unprivileged ports. Nothing
 * from a CIDR, so nothing from 0.0.0.0/0 or ::/0. (Nodes launched from a launch template with its own
 * security groups do not get the EKS cluster security group, so these rules are the whole story.)
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
export const NODE_INGRESS_RULES: readonly IngressRuleSpec[] = [
  {
    key: 'control-plane-kubelet',
    description: 'Control plane to kubelet',
    protocol: 'tcp',
    fromPort: 10250,
    toPort: 10250,
    source: 'control-plane',
  },
  {
    key: 'control-plane-https',
    description: 'Control plane to webhooks and API services on 443',
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    source: 'control-plane',
  },
  {
    key: 'control-plane-4443',
    description: 'Control plane to webhooks on 4443 (upstream metrics-server chart)',
    protocol: 'tcp',
    fromPort: 4443,
    toPort: 4443,
    source: 'control-plane',
  },
  {
    // The EKS metrics-server add-on serves on 10251, not upstream's 4443 (EKS User Guide, metrics-server.html;
    // terraform-aws-eks added the same rule in PR #3562).
    key: 'control-plane-10251',
    description: 'Control plane to the EKS metrics-server add-on on 10251',
    protocol: 'tcp',
    fromPort: 10251,
    toPort: 10251,
    source: 'control-plane',
  },
  {
    key: 'control-plane-6443',
    description: 'Control plane to webhooks on 6443',
    protocol: 'tcp',
    fromPort: 6443,
    toPort: 6443,
    source: 'control-plane',
  },
  {
    key: 'control-plane-8443',
    description: 'Control plane to webhooks on 8443',
    protocol: 'tcp',
    fromPort: 8443,
    toPort: 8443,
    source: 'control-plane',
  },
  {
    key: 'control-plane-9443',
    description: 'Control plane to webhooks on 9443',
    protocol: 'tcp',
    fromPort: 9443,
    toPort: 9443,
    source: 'control-plane',
  },
  {
    key: 'self-dns-tcp',
    description: 'Nodes to CoreDNS (TCP)',
    protocol: 'tcp',
    fromPort: 53,
    toPort: 53,
    source: 'self',
  },
  {
    key: 'self-dns-udp',
    description: 'Nodes to CoreDNS (UDP)',
    protocol: 'udp',
    fromPort: 53,
    toPort: 53,
    source: 'self',
  },
  {
    key: 'self-unprivileged',
    description: 'Node and pod traffic on unprivileged ports',
    protocol: 'tcp',
    fromPort: 1025,
    toPort: 65535,
    source: 'self',
  },
];

/** Control-plane ingress: nodes (kubelet, pods) to the Kubernetes API. */
export const CONTROL_PLANE_INGRESS_FROM_NODES = {
  description: 'Nodes to the Kubernetes API',
  protocol: 'tcp',
  port: 443,
} as const;

/** The root device of the EKS-optimized Amazon Linux 2023 AMIs. */
export const ROOT_DEVICE_NAME = '/dev/xvda';

/** What {@link buildLaunchTemplateArgs} needs. */
export interface LaunchTemplateInput {
  readonly clusterName: string;
  readonly nodeSecurityGroupId: pulumi.Input<string>;
  readonly volumesKeyArn: pulumi.Input<string>;
  readonly diskSizeGib: number;
  /** Bottlerocket nodes: their settings go in the user data. @default undefined (Amazon Linux 2023) */
  readonly bottlerocket?: BottlerocketSettingsInput;
  readonly tags: Readonly<Record<string, string>>;
}

/** An encrypted gp3 volume with the node-volume key; `size` absent keeps the AMI snapshot's size. */
function encryptedVolume(deviceName: string, volumesKeyArn: pulumi.Input<string>, size?: number) {
  return {
    deviceName,
    ebs: {
      ...(size === undefined ? {} : { volumeSize: size }),
      volumeType: 'gp3',
      encrypted: 'true',
      kmsKeyId: volumesKeyArn,
      deleteOnTermination: 'true',
    },
  };
}

/**
 * The node launch template: IMDSv2 only with a hop limit of 1 (pods cannot reach the node's credentials),
 * encrypted gp3 volumes with the node-volume key, only the node security group, and no SSH key. No AMI:
 * EKS picks the AMI of the node group's AMI type and bootstraps it. Amazon Linux 2023 nodes get no user
 * data; Bottlerocket nodes get their hardening settings as TOML (bottlerocket.ts), which EKS merges with
 * its own, and both of their volumes (OS and data) are encrypted, the data volume sized `diskSizeGib`.
 */
export function buildLaunchTemplateArgs(input: LaunchTemplateInput): aws.ec2.LaunchTemplateArgs {
  const blockDeviceMappings = input.bottlerocket
    ? [
        encryptedVolume(BOTTLEROCKET_DEVICES.os, input.volumesKeyArn),
        encryptedVolume(BOTTLEROCKET_DEVICES.data, input.volumesKeyArn, input.diskSizeGib),
      ]
    : [encryptedVolume(ROOT_DEVICE_NAME, input.volumesKeyArn, input.diskSizeGib)];
  return {
    description: `${input.clusterName}: managed nodes (IMDSv2, encrypted root volume)`,
    updateDefaultVersion: true,
    vpcSecurityGroupIds: [input.nodeSecurityGroupId],
    metadataOptions: {
      httpEndpoint: 'enabled',
      httpTokens: 'required',
      httpPutResponseHopLimit: 1,
      httpProtocolIpv6: 'disabled',
      instanceMetadataTags: 'disabled',
    },
    blockDeviceMappings,
    ...(input.bottlerocket ? { userData: bottlerocketUserData(input.bottlerocket) } : {}),
    tagSpecifications: [
      { resourceType: 'instance', tags: { ...input.tags, Name: `${input.clusterName}-node` } },
      { resourceType: 'volume', tags: input.tags },
    ],
    tags: input.tags,
  };
}

/** What {@link buildNodeGroupArgs} needs. */
export interface NodeGroupInput {
  readonly nodes: StackConfig['nodes'];
  readonly kubernetesVersion: string;
  readonly clusterName: pulumi.Input<string>;
  readonly nodeRoleArn: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly launchTemplate: { readonly id: pulumi.Input<string>; readonly version: pulumi.Input<string> };
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Arguments of the node group a later `up` must not reset: the node count, which a cluster autoscaler or
 * Karpenter changes at run time (the configured `nodeDesiredSize` is only the size at creation).
 */
export const NODE_GROUP_IGNORE_CHANGES = ['scalingConfig.desiredSize'] as const;

/**
 * A managed node group in the private subnets, through the launch template, with no remote access; updates
 * replace `nodes.maxUnavailable` nodes at a time and EKS node auto repair is on unless turned off.
 */
export function buildNodeGroupArgs(input: NodeGroupInput): aws.eks.NodeGroupArgs {
  return {
    clusterName: input.clusterName,
    nodeRoleArn: input.nodeRoleArn,
    subnetIds: input.subnetIds,
    version: input.kubernetesVersion,
    amiType: input.nodes.amiType,
    capacityType: 'ON_DEMAND',
    instanceTypes: [...input.nodes.instanceTypes],
    scalingConfig: {
      desiredSize: input.nodes.desiredSize,
      minSize: input.nodes.minSize,
      maxSize: input.nodes.maxSize,
    },
    updateConfig: buildUpdateConfig(input.nodes.maxUnavailable),
    nodeRepairConfig: buildNodeRepairConfig(input.nodes.autoRepair),
    launchTemplate: input.launchTemplate,
    tags: input.tags,
  };
}

/** Settings of {@link HardenedNodeGroup}. */
export interface HardenedNodeGroupArgs {
  readonly config: StackConfig;
  readonly cluster: aws.eks.Cluster;
  readonly controlPlaneSecurityGroupId: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly nodeRoleArn: pulumi.Input<string>;
  /** What the node group waits for: node role policies and the add-ons nodes need to become ready. */
  readonly readyAfter: pulumi.Resource[];
  readonly volumesKeyArn: pulumi.Input<string>;
  /** Where nodes may send traffic. @default { mode: 'internet' } (through the NAT gateways) */
  readonly egress?: NodeEgress;
  readonly tags: Readonly<Record<string, string>>;
}

/** Managed nodes: their security group and rules, the launch template and the node group. */
export class HardenedNodeGroup extends pulumi.ComponentResource {
  readonly nodeSecurityGroup: aws.ec2.SecurityGroup;
  readonly nodeGroup: aws.eks.NodeGroup;

  constructor(name: string, args: HardenedNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('HardenedNodeGroup'), name, {}, opts);
    const parent = { parent: this };
    const { config } = args;

    this.nodeSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-nodes`,
      {
        vpcId: args.vpcId,
        description: `${config.clusterName}: managed nodes (ingress from the control plane and other nodes only)`,
        // Load balancer controllers add Service rules to the one node security group tagged for the cluster.
        tags: { ...args.tags, [`kubernetes.io/cluster/${config.clusterName}`]: 'owned' },
      },
      parent,
    );
    const rules = NODE_INGRESS_RULES.map(
      (rule) =>
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-${rule.key}`,
          {
            securityGroupId: this.nodeSecurityGroup.id,
            referencedSecurityGroupId:
              rule.source === 'self' ? this.nodeSecurityGroup.id : args.controlPlaneSecurityGroupId,
            ipProtocol: rule.protocol,
            fromPort: rule.fromPort,
            toPort: rule.toPort,
            description: rule.description,
          },
          parent,
        ),
    );
    rules.push(
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-control-plane-from-nodes`,
        {
          securityGroupId: args.controlPlaneSecurityGroupId,
          referencedSecurityGroupId: this.nodeSecurityGroup.id,
          ipProtocol: CONTROL_PLANE_INGRESS_FROM_NODES.protocol,
          fromPort: CONTROL_PLANE_INGRESS_FROM_NODES.port,
          toPort: CONTROL_PLANE_INGRESS_FROM_NODES.port,
          description: CONTROL_PLANE_INGRESS_FROM_NODES.description,
        },
        parent,
      ),
    );
    const egress = buildNodeEgressRules(args.egress ?? { mode: 'internet' }).map(
      ({ key, ...rule }) =>
        new aws.vpc.SecurityGroupEgressRule(
          `${name}-${key}`,
          { securityGroupId: this.nodeSecurityGroup.id, ...rule },
          parent,
        ),
    );

    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-nodes`,
      buildLaunchTemplateArgs({
        clusterName: config.clusterName,
        nodeSecurityGroupId: this.nodeSecurityGroup.id,
        volumesKeyArn: args.volumesKeyArn,
        diskSizeGib: config.nodes.diskSizeGib,
        ...(isBottlerocket(config.nodes.amiType)
          ? { bottlerocket: { kernelLockdown: config.nodes.kernelLockdown } }
          : {}),
        tags: args.tags,
      }),
      parent,
    );
    this.nodeGroup = new aws.eks.NodeGroup(
      `${name}-nodes`,
      buildNodeGroupArgs({
        nodes: config.nodes,
        kubernetesVersion: config.kubernetesVersion,
        clusterName: args.cluster.name,
        nodeRoleArn: args.nodeRoleArn,
        subnetIds: args.subnetIds,
        launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
        tags: args.tags,
      }),
      {
        parent: this,
        dependsOn: [...rules, ...egress, ...args.readyAfter],
        ignoreChanges: [...NODE_GROUP_IGNORE_CHANGES],
      },
    );
    this.registerOutputs({
      nodeSecurityGroupId: this.nodeSecurityGroup.id,
      nodeGroupArn: this.nodeGroup.arn,
    });
  }
}
