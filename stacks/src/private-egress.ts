import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { componentType } from './component-type';

/**
 * Private egress: VPC endpoints for what nodes call in AWS, so the private subnets need no NAT gateway and
 * nodes no route to the internet.
 *
 * Cost (us-east-1, 2025 prices): an interface endpoint is $0.01 per hour per zone ($7.30/month) plus $0.01 per
 * GB, so the {@link PRIVATE_EGRESS_INTERFACE_SERVICES} in three zones cost about $153/month; the S3 gateway
 * endpoint is free. Three NAT gateways cost about $99/month plus $0.045 per GB processed, so private egress is
 * dearer at rest and cheaper per GB (image pulls from ECR go through S3 for free).
 *
 * The GuardDuty runtime agent's endpoint (`guardduty-data`) is not created: with automated agent
 * configuration (EKS_ADDON_MANAGEMENT, which threat-detection.ts enables) GuardDuty creates it in every VPC
 * itself.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring-agent-connectivity.html
 */

/**
 * The interface endpoints nodes need without a NAT gateway: ECR's API and registry (image manifests), STS
 * (Pod Identity and IRSA credentials), EC2 (the VPC CNI and EBS CSI driver), CloudWatch Logs and monitoring
 * (log and metric agents), and EKS Auth (EKS Pod Identity). Image layers come from S3 (the gateway endpoint).
 */
export const PRIVATE_EGRESS_INTERFACE_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'sts',
  'ec2',
  'logs',
  'monitoring',
  'eks-auth',
] as const;

/** The service name of an endpoint in a region: `com.amazonaws.<region>.<service>`. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/** One egress rule of the node security group. */
export interface NodeEgressRuleSpec {
  /** Suffix of the rule's resource name. */
  readonly key: string;
  readonly description: string;
  readonly ipProtocol: '-1' | 'tcp';
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: pulumi.Input<string>;
  readonly prefixListId?: pulumi.Input<string>;
}

/** Where nodes send traffic: anywhere (through NAT gateways), or only inside the VPC and to S3. */
export type NodeEgress =
  | { readonly mode: 'internet' }
  | {
      readonly mode: 'private';
      readonly vpcCidr: pulumi.Input<string>;
      /** The S3 prefix list of the region (the gateway endpoint's `prefixListId`). */
      readonly s3PrefixListId: pulumi.Input<string>;
    };

/**
 * The node security group's egress rules. With NAT gateways: everything to `0.0.0.0/0` (AWS APIs,
 * registries, the cluster). With private egress: every protocol to the VPC CIDR (pods, CoreDNS, the control
 * plane's ENIs and the interface endpoints, whose private DNS names resolve inside the VPC), and HTTPS to the
 * S3 prefix list (ECR image layers through the gateway endpoint); nothing reaches the internet.
 */
export function buildNodeEgressRules(egress: NodeEgress): NodeEgressRuleSpec[] {
  if (egress.mode === 'internet') {
    return [
      {
        key: 'egress',
        description: 'Nodes to AWS APIs, registries and the cluster',
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
      },
    ];
  }
  return [
    {
      key: 'egress-vpc',
      description: 'Nodes to pods, CoreDNS, the control plane and VPC endpoints',
      ipProtocol: '-1',
      cidrIpv4: egress.vpcCidr,
    },
    {
      key: 'egress-s3',
      description: 'Nodes to S3 (ECR image layers) through the gateway endpoint',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      prefixListId: egress.s3PrefixListId,
    },
  ];
}

/** Settings of {@link PrivateEgress}. */
export interface PrivateEgressArgs {
  readonly clusterName: string;
  readonly vpcId: pulumi.Input<string>;
  readonly vpcCidr: string;
  readonly region: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<string>[];
  readonly privateRouteTableIds: pulumi.Input<string>[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The VPC endpoints of private egress: the S3 gateway endpoint on the private route tables, and one
 * interface endpoint per {@link PRIVATE_EGRESS_INTERFACE_SERVICES} in the private subnets with private DNS,
 * behind a security group that admits HTTPS from the VPC CIDR only.
 */
export class PrivateEgress extends pulumi.ComponentResource {
  /** The S3 gateway endpoint; its `prefixListId` is what the node security group may reach on 443. */
  readonly s3Endpoint: aws.ec2.VpcEndpoint;
  readonly interfaceEndpoints: aws.ec2.VpcEndpoint[];
  readonly endpointSecurityGroup: aws.ec2.SecurityGroup;

  constructor(name: string, args: PrivateEgressArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('PrivateEgress'), name, {}, opts);
    const parent = { parent: this };
    const named = (suffix: string) => ({ ...args.tags, Name: `${args.clusterName}-${suffix}` });
    const service = (name: string) => pulumi.output(args.region).apply((r) => endpointServiceName(r, name));

    this.s3Endpoint = new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: args.vpcId,
        serviceName: service('s3'),
        vpcEndpointType: 'Gateway',
        routeTableIds: args.privateRouteTableIds,
        tags: named('s3'),
      },
      parent,
    );
    this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: args.vpcId,
        description: `${args.clusterName}: VPC interface endpoints (HTTPS from the VPC only)`,
        tags: named('endpoints'),
      },
      parent,
    );
    const ingress = new aws.vpc.SecurityGroupIngressRule(
      `${name}-endpoints-https`,
      {
        securityGroupId: this.endpointSecurityGroup.id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: args.vpcCidr,
        description: 'HTTPS from the VPC to the interface endpoints',
        tags: args.tags,
      },
      parent,
    );
    this.interfaceEndpoints = PRIVATE_EGRESS_INTERFACE_SERVICES.map(
      (svc) =>
        new aws.ec2.VpcEndpoint(
          `${name}-${svc.replace('.', '-')}`,
          {
            vpcId: args.vpcId,
            serviceName: service(svc),
            vpcEndpointType: 'Interface',
            privateDnsEnabled: true,
            subnetIds: args.privateSubnetIds,
            securityGroupIds: [this.endpointSecurityGroup.id],
            tags: named(svc),
          },
          { parent: this, dependsOn: [ingress] },
        ),
    );
    this.registerOutputs({ s3PrefixListId: this.s3Endpoint.prefixListId });
  }
}
