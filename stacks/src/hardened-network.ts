import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { formatIpv4Cidr, type Ipv4Cidr, parseIpv4Cidr, subnetOf } from './cidr';
import type { AccountContext } from './cluster-kms';
import { componentType } from './component-type';
import type { NetworkConfig } from './config';
import { type PolicyDocument, policyDocument } from './policy-document';
import { PrivateEgress } from './private-egress';

/** Number of availability zones the created VPC spans. */
export const ZONE_COUNT = 3;

/**
 * Zone IDs in which EKS refuses cluster subnets. Zone names map to zone IDs per account, so `us-east-1a` may
 * be `use1-az3` in one account and not in another: zones are excluded by ID, never by name.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
 */
export const EKS_UNSUPPORTED_ZONE_IDS = ['use1-az3', 'usw1-az2', 'cac1-az3'] as const;

/** A zone as EC2 reports it: its name in this account and its account-independent ID. */
export interface ZoneInfo {
  readonly name: string;
  readonly zoneId: string;
}

/** Pairs the `names` and `zoneIds` lists `getAvailabilityZones` returns (index for index). */
export function zonesOf(result: { names: readonly string[]; zoneIds: readonly string[] }): ZoneInfo[] {
  return result.names.map((name, index) => ({ name, zoneId: result.zoneIds[index] ?? '' }));
}

/**
 * The first {@link ZONE_COUNT} of the region's zones that EKS accepts.
 *
 * @throws Error naming the zones found, the refused IDs and the fixes, when fewer remain.
 */
export function chooseZones(component: string, zones: readonly ZoneInfo[]): string[] {
  const usable = zones.filter((zone) => !isUnsupportedZone(zone));
  if (usable.length < ZONE_COUNT) {
    throw new Error(
      `${component}: only ${usable.length} availability zones of this region can hold EKS subnets (${usable.map(describeZone).join(', ') || 'none'}; EKS refuses zone IDs ${EKS_UNSUPPORTED_ZONE_IDS.join(', ')}); the VPC needs ${ZONE_COUNT}: deploy to another region, or bring your own VPC with vpcId and privateSubnetIds`,
    );
  }
  return usable.slice(0, ZONE_COUNT).map((zone) => zone.name);
}

/**
 * The configured zones, checked by ID.
 *
 * @throws Error naming each configured zone whose ID EKS refuses, or that the region does not have.
 */
export function checkConfiguredZones(
  component: string,
  configured: readonly string[],
  zones: readonly ZoneInfo[],
): string[] {
  const problems = configured.flatMap((name) => {
    const zone = zones.find((z) => z.name === name);
    if (!zone) return [`'${name}' is not an available zone of this region`];
    return isUnsupportedZone(zone)
      ? [`'${name}' is zone ID ${zone.zoneId} in this account, where EKS refuses cluster subnets`]
      : [];
  });
  if (problems.length > 0) {
    throw new Error(
      `${component}: config 'availabilityZones': ${problems.join('; ')}; list three other zones (aws ec2 describe-availability-zones shows each zone's ID), or remove availabilityZones to let the stack choose`,
    );
  }
  return [...configured];
}

function isUnsupportedZone(zone: ZoneInfo): boolean {
  return (EKS_UNSUPPORTED_ZONE_IDS as readonly string[]).includes(zone.zoneId);
}

function describeZone(zone: ZoneInfo): string {
  return `${zone.name} (${zone.zoneId})`;
}

/**
 * Subnet tags the AWS Load Balancer Controller and the in-tree controller use to place load balancers:
 * internal ones in private subnets, internet-facing ones only in public subnets.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
 */
export const SUBNET_ROLE_TAGS = {
  private: { 'kubernetes.io/role/internal-elb': '1' },
  public: { 'kubernetes.io/role/elb': '1' },
} as const;

/** One planned subnet. */
export interface SubnetSpec {
  readonly cidr: string;
  readonly zone: string;
}

/**
 * Splits the VPC block: three large private subnets (VPC prefix + 3, e.g. /19 of a /16: the VPC CNI gives
 * every pod a VPC address) for nodes and control-plane ENIs, and three small public subnets (prefix + 8,
 * e.g. /24) for NAT gateways and internet-facing load balancers only.
 */
export function buildSubnetLayout(
  vpcCidr: string,
  zones: readonly string[],
): { private: SubnetSpec[]; public: SubnetSpec[] } {
  const parsed = parseIpv4Cidr(vpcCidr);
  if ('error' in parsed) throw new Error(`vpcCidr '${vpcCidr}' ${parsed.error}`);
  const vpc: Ipv4Cidr = parsed;
  const publicBlock = subnetOf(vpc, vpc.prefix + 3, ZONE_COUNT);
  return {
    private: zones.map((zone, index) => ({
      zone,
      cidr: formatIpv4Cidr(subnetOf(vpc, vpc.prefix + 3, index)),
    })),
    public: zones.map((zone, index) => ({
      zone,
      cidr: formatIpv4Cidr(subnetOf(publicBlock, vpc.prefix + 8, index)),
    })),
  };
}

/** The log group VPC flow logs are delivered to. */
export function flowLogGroupName(clusterName: string): string {
  return `/aws/vpc/${clusterName}/flow-logs`;
}

/**
 * Trust policy of the flow-log delivery role, limited to flow logs of this account and region
 * (confused-deputy conditions).
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
 */
export function buildFlowLogTrustPolicy(account: AccountContext): PolicyDocument {
  return policyDocument([
    {
      Sid: 'AssumeByFlowLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': account.accountId },
        ArnLike: {
          'aws:SourceArn': `arn:${account.partition}:ec2:${account.region}:${account.accountId}:vpc-flow-log/*`,
        },
      },
    },
  ]);
}

/** What the delivery role may do: write streams and events into the flow-log group, nothing else. */
export function buildFlowLogDeliveryPolicy(logGroupArn: string): PolicyDocument {
  return policyDocument([
    {
      Sid: 'DeliverToTheFlowLogGroup',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'logs:DescribeLogGroups',
        'logs:DescribeLogStreams',
      ],
      Resource: [logGroupArn, `${logGroupArn}:*`],
    },
  ]);
}

/** Settings of {@link HardenedNetwork}. */
export interface HardenedNetworkArgs {
  readonly clusterName: string;
  readonly network: NetworkConfig;
  readonly account: pulumi.Input<AccountContext>;
  /** KMS key of the flow-log group. */
  readonly logsKeyArn: pulumi.Input<string>;
  readonly logRetentionDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The cluster's network: a VPC across three zones with private subnets for nodes and control-plane ENIs,
 * public subnets only for NAT gateways and load balancers, a default security group with no rules, and flow
 * logs of all traffic; or an existing VPC and subnets, which get flow logs too.
 */
export class HardenedNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The VPC endpoints, when `privateEgress` is on (then there are no NAT gateways). */
  readonly privateEgress: PrivateEgress | undefined;

  constructor(name: string, args: HardenedNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('HardenedNetwork'), name, {}, opts);
    const parent = { parent: this };
    if (args.network.mode === 'existing') {
      this.vpcId = pulumi.output(args.network.vpcId);
      this.privateSubnetIds = pulumi.output([...args.network.privateSubnetIds]);
      this.privateEgress = undefined;
    } else {
      const created = this.createVpc(name, args, args.network);
      this.vpcId = created.vpcId;
      this.privateSubnetIds = created.privateSubnetIds;
      this.privateEgress = created.privateEgress;
    }

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        name: flowLogGroupName(args.clusterName),
        retentionInDays: args.logRetentionDays,
        kmsKeyId: args.logsKeyArn,
        // Flow logs are evidence: `pulumi destroy` leaves the group (and its retention) in place.
        skipDestroy: true,
        tags: args.tags,
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: pulumi
          .output(args.account)
          .apply((account) => JSON.stringify(buildFlowLogTrustPolicy(account))),
        tags: args.tags,
      },
      parent,
    );
    const delivery = new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify(buildFlowLogDeliveryPolicy(arn))) },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-logs`,
      {
        vpcId: this.vpcId,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: args.tags,
      },
      { parent: this, dependsOn: [delivery] },
    );
    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
  }

  private createVpc(
    name: string,
    args: HardenedNetworkArgs,
    network: Extract<NetworkConfig, { mode: 'create' }>,
  ) {
    const parent = { parent: this };
    const named = (suffix: string) => ({ ...args.tags, Name: `${args.clusterName}-${suffix}` });
    const configured = network.availabilityZones;
    const zones = configured
      ? aws
          .getAvailabilityZonesOutput(
            { state: 'available', filters: [{ name: 'zone-name', values: [...configured] }] },
            parent,
          )
          .apply((result) => checkConfiguredZones(name, configured, zonesOf(result)))
      : aws
          .getAvailabilityZonesOutput(
            {
              state: 'available',
              excludeZoneIds: [...EKS_UNSUPPORTED_ZONE_IDS],
              filters: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
            },
            parent,
          )
          // Filtered by ID again: the exclusion is what matters, whatever the lookup did with it.
          .apply((result) => chooseZones(name, zonesOf(result)));
    const layout = zones.apply((z) => buildSubnetLayout(network.vpcCidr, z));

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: network.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: named('vpc') },
      parent,
    );
    // AWS opens the default security group to itself; nothing should use it, so it keeps no rules at all.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, tags: named('default-deny') },
      parent,
    );
    const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: named('igw') }, parent);

    const subnets = (kind: 'private' | 'public') =>
      Array.from({ length: ZONE_COUNT }, (_, index) => {
        const spec = layout.apply((l) => l[kind][index]!);
        return new aws.ec2.Subnet(
          `${name}-${kind}-${index + 1}`,
          {
            vpcId: vpc.id,
            cidrBlock: spec.cidr,
            availabilityZone: spec.zone,
            mapPublicIpOnLaunch: false,
            tags: spec.zone.apply((zone) => ({ ...named(`${kind}-${zone}`), ...SUBNET_ROLE_TAGS[kind] })),
          },
          parent,
        );
      });
    const publicSubnets = subnets('public');
    const privateSubnets = subnets('private');

    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: gateway.id }], tags: named('public') },
      parent,
    );
    publicSubnets.forEach((subnet, index) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${index + 1}`,
        { subnetId: subnet.id, routeTableId: publicRoutes.id },
        parent,
      );
    });

    const natCount = network.privateEgress ? 0 : network.natGateways === 'one-per-az' ? ZONE_COUNT : 1;
    const nats = publicSubnets.slice(0, natCount).map((subnet, index) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-${index + 1}`,
        { domain: 'vpc', tags: named(`nat-${index + 1}`) },
        parent,
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${index + 1}`,
        {
          subnetId: subnet.id,
          allocationId: eip.id,
          connectivityType: 'public',
          tags: named(`nat-${index + 1}`),
        },
        { parent: this, dependsOn: [gateway] },
      );
    });
    const privateRoutes = privateSubnets.map((subnet, index) => {
      const nat = nats[Math.min(index, nats.length - 1)];
      const routes = new aws.ec2.RouteTable(
        `${name}-private-${index + 1}`,
        {
          vpcId: vpc.id,
          // With private egress there is no default route, and `routes` is left out so that the S3 gateway
          // endpoint's route to its prefix list is not fought over.
          ...(nat ? { routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }] } : {}),
          tags: named(`private-${index + 1}`),
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${index + 1}`,
        { subnetId: subnet.id, routeTableId: routes.id },
        parent,
      );
      return routes;
    });
    const privateEgress = network.privateEgress
      ? new PrivateEgress(
          `${name}-endpoints`,
          {
            clusterName: args.clusterName,
            vpcId: vpc.id,
            vpcCidr: network.vpcCidr,
            region: pulumi.output(args.account).region,
            privateSubnetIds: privateSubnets.map((subnet) => subnet.id),
            privateRouteTableIds: privateRoutes.map((routes) => routes.id),
            tags: args.tags,
          },
          parent,
        )
      : undefined;
    return {
      vpcId: vpc.id,
      privateSubnetIds: pulumi.all(privateSubnets.map((subnet) => subnet.id)),
      privateEgress,
    };
  }
}
