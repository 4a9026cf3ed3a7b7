import {
  buildFlowLogDeliveryPolicy,
  buildFlowLogTrustPolicy,
  buildSubnetLayout,
  checkConfiguredZones,
  chooseZones,
  EKS_UNSUPPORTED_ZONE_IDS,
  flowLogGroupName,
} from '../../stacks/src/hardened-network';
import { planStack, resourceNamed, resourcesOfType, type StackPlan } from '../fixtures/pulumi-mocks';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const ACCOUNT = {
  accountId: '111122223333',
  partition: 'aws',
  region: 'us-east-1',
  dnsSuffix: 'amazonaws.com',
};

describe('buildSubnetLayout', () => {
  it('gives each zone a large private subnet and a small public one, without overlap', () => {
    expect(buildSubnetLayout('10.0.0.0/16', ZONES)).toEqual({
      private: [
        { zone: 'us-east-1a', cidr: '10.0.0.0/19' },
        { zone: 'us-east-1b', cidr: '10.0.32.0/19' },
        { zone: 'us-east-1c', cidr: '10.0.64.0/19' },
      ],
      public: [
        { zone: 'us-east-1a', cidr: '10.0.96.0/24' },
        { zone: 'us-east-1b', cidr: '10.0.97.0/24' },
        { zone: 'us-east-1c', cidr: '10.0.98.0/24' },
      ],
    });
  });

  it('scales with the VPC prefix', () => {
    const layout = buildSubnetLayout('172.16.0.0/20', ZONES);
    expect(layout.private.map((s) => s.cidr)).toEqual(['172.16.0.0/23', '172.16.2.0/23', '172.16.4.0/23']);
    expect(layout.public.map((s) => s.cidr)).toEqual(['172.16.6.0/28', '172.16.6.16/28', '172.16.6.32/28']);
  });
});

describe('flow-log IAM', () => {
  it('lets only flow logs of this account and region assume the delivery role', () => {
    expect(buildFlowLogTrustPolicy(ACCOUNT).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:us-east-1:111122223333:vpc-flow-log/*' },
        },
      }),
    ]);
  });

  it('lets the delivery role write only to the flow-log group', () => {
    const arn = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vpc/c/flow-logs';
    expect(buildFlowLogDeliveryPolicy(arn).Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: [arn, `${arn}:*`] }),
    ]);
  });
});

describe('HardenedNetwork, created VPC', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({ clusterName: 'net' });
  });

  it('spans three zones with private and public subnets that never map public IPs', () => {
    const subnets = resourcesOfType(plan, 'aws:ec2/subnet:Subnet');
    expect(subnets).toHaveLength(6);
    for (const subnet of subnets) expect(subnet.inputs.mapPublicIpOnLaunch).toBe(false);
    expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(new Set(ZONES));
  });

  it('tags private subnets for internal load balancers and public ones for internet-facing ones only', () => {
    const privateTags = resourceNamed(plan, 'aws:ec2/subnet:Subnet', 'eks-network-private-1').inputs.tags;
    const publicTags = resourceNamed(plan, 'aws:ec2/subnet:Subnet', 'eks-network-public-1').inputs.tags;
    expect(privateTags).toMatchObject({ 'kubernetes.io/role/internal-elb': '1' });
    expect(privateTags).not.toHaveProperty(['kubernetes.io/role/elb']);
    expect(publicTags).toMatchObject({ 'kubernetes.io/role/elb': '1' });
    expect(publicTags).not.toHaveProperty(['kubernetes.io/role/internal-elb']);
  });

  it('routes private subnets through one NAT gateway per zone, and only public subnets to the internet gateway', () => {
    expect(resourcesOfType(plan, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    const publicRoutes = resourceNamed(plan, 'aws:ec2/routeTable:RouteTable', 'eks-network-public').inputs
      .routes;
    expect(publicRoutes).toEqual([
      expect.objectContaining({ cidrBlock: '0.0.0.0/0', gatewayId: expect.stringMatching(/^igw-/) }),
    ]);
    for (const index of [1, 2, 3]) {
      const routes = resourceNamed(plan, 'aws:ec2/routeTable:RouteTable', `eks-network-private-${index}`)
        .inputs.routes;
      expect(routes).toEqual([
        expect.objectContaining({ cidrBlock: '0.0.0.0/0', natGatewayId: expect.stringMatching(/^nat-/) }),
      ]);
    }
  });

  it('strips every rule from the default security group', () => {
    const defaultGroup = resourceNamed(
      plan,
      'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
      'eks-network-default-sg',
    );
    expect(defaultGroup.inputs.ingress ?? []).toEqual([]);
    expect(defaultGroup.inputs.egress ?? []).toEqual([]);
  });

  it('logs all VPC traffic to a KMS-encrypted log group with retention', () => {
    const flowLog = resourceNamed(plan, 'aws:ec2/flowLog:FlowLog', 'eks-network-flow-logs');
    expect(flowLog.inputs).toMatchObject({
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      vpcId: expect.stringMatching(/^vpc-/),
    });
    const group = resourceNamed(plan, 'aws:cloudwatch/logGroup:LogGroup', 'eks-network-flow-logs');
    expect(group.inputs).toMatchObject({
      name: flowLogGroupName('net'),
      retentionInDays: 365,
      kmsKeyId: expect.stringMatching(/^arn:aws:kms:/),
    });
    // Flow logs survive `pulumi destroy`.
    expect(group.inputs.skipDestroy).toBe(true);
  });

  it('uses a single NAT gateway when asked to save cost', async () => {
    const single = await planStack({ natGateways: 'single' });
    expect(resourcesOfType(single, 'aws:ec2/natGateway:NatGateway')).toHaveLength(1);
    const natIds = new Set(
      resourcesOfType(single, 'aws:ec2/routeTable:RouteTable')
        .flatMap((t) => (t.inputs.routes as { natGatewayId?: string }[]).map((r) => r.natGatewayId))
        .filter(Boolean),
    );
    expect(natIds.size).toBe(1);
  });
});

describe('availability zones EKS refuses', () => {
  // us-east-1b is use1-az3 in this (pretend) account: EKS refuses cluster subnets there.
  const environment = {
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'],
    zoneIds: ['use1-az1', 'use1-az3', 'use1-az2', 'use1-az4'],
  };

  it('lists the zone IDs EKS documents as unsupported', () => {
    expect([...EKS_UNSUPPORTED_ZONE_IDS].sort()).toEqual(['cac1-az3', 'use1-az3', 'usw1-az2']);
  });

  it('places no subnet in a refused zone ID, whatever the zone is called in the account', async () => {
    const plan = await planStack({}, { environment });
    const zones = resourcesOfType(plan, 'aws:ec2/subnet:Subnet').map((s) => s.inputs.availabilityZone);
    expect(new Set(zones)).toEqual(new Set(['us-east-1a', 'us-east-1c', 'us-east-1d']));
  });

  // A failed check inside an apply fails the real preview; under jest's mock runtime it would surface as
  // unhandled rejections of every dependent resource, so the checks are exercised directly.
  it('fails with the zones it found and the way out when fewer than three remain', () => {
    expect(() =>
      chooseZones('eks-network', [
        { name: 'us-west-1a', zoneId: 'usw1-az1' },
        { name: 'us-west-1b', zoneId: 'usw1-az2' },
        { name: 'us-west-1c', zoneId: 'usw1-az3' },
      ]),
    ).toThrow(
      'eks-network: only 2 availability zones of this region can hold EKS subnets (us-west-1a (usw1-az1), us-west-1c (usw1-az3); EKS refuses zone IDs use1-az3, usw1-az2, cac1-az3); the VPC needs 3: deploy to another region, or bring your own VPC with vpcId and privateSubnetIds',
    );
    expect(() => chooseZones('n', [{ name: 'a', zoneId: 'cac1-az3' }])).toThrow(
      'n: only 0 availability zones of this region can hold EKS subnets (none;',
    );
  });

  it('chooses by zone ID even when the lookup ignored the exclusion', () => {
    const zones = environment.availabilityZones.map((name, i) => ({ name, zoneId: environment.zoneIds[i]! }));
    expect(chooseZones('n', zones)).toEqual(['us-east-1a', 'us-east-1c', 'us-east-1d']);
  });

  it('refuses configured zones that are a refused zone ID in this account, naming the ID', async () => {
    const zones = environment.availabilityZones.map((name, i) => ({ name, zoneId: environment.zoneIds[i]! }));
    expect(() =>
      checkConfiguredZones('eks-network', ['us-east-1a', 'us-east-1b', 'us-east-1x'], zones),
    ).toThrow(
      "eks-network: config 'availabilityZones': 'us-east-1b' is zone ID use1-az3 in this account, where EKS refuses cluster subnets; 'us-east-1x' is not an available zone of this region; list three other zones",
    );
    const ok = await planStack({ availabilityZones: 'us-east-1a,us-east-1c,us-east-1d' }, { environment });
    expect(resourcesOfType(ok, 'aws:ec2/subnet:Subnet')).toHaveLength(6);
  });
});

describe('HardenedNetwork, bring-your-own VPC', () => {
  const vpcId = 'vpc-0123456789abcdef0';
  const subnets = ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'];
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({ vpcId, privateSubnetIds: subnets });
  });

  it('creates no VPC, subnets, gateways or routes', () => {
    for (const type of [
      'aws:ec2/vpc:Vpc',
      'aws:ec2/subnet:Subnet',
      'aws:ec2/natGateway:NatGateway',
      'aws:ec2/internetGateway:InternetGateway',
      'aws:ec2/routeTable:RouteTable',
    ]) {
      expect(resourcesOfType(plan, type)).toEqual([]);
    }
  });

  it('still adds flow logs to the given VPC', () => {
    expect(resourceNamed(plan, 'aws:ec2/flowLog:FlowLog', 'eks-network-flow-logs').inputs).toMatchObject({
      vpcId,
      trafficType: 'ALL',
    });
  });

  it('puts the control plane, its security group and the nodes in the given VPC and subnets', () => {
    expect(resourceNamed(plan, 'aws:eks/cluster:Cluster', 'eks-cluster-eks').inputs.vpcConfig).toMatchObject({
      subnetIds: subnets,
    });
    expect(resourceNamed(plan, 'aws:eks/nodeGroup:NodeGroup', 'eks-nodes-nodes').inputs.subnetIds).toEqual(
      subnets,
    );
    for (const group of resourcesOfType(plan, 'aws:ec2/securityGroup:SecurityGroup'))
      expect(group.inputs.vpcId).toBe(vpcId);
    expect(plan.outputs).toMatchObject({ vpcId, privateSubnetIds: subnets });
  });
});
