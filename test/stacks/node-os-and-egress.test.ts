import { readBottlerocketSettings, userDataText } from '../../policies/src/aws/bottlerocket-settings';
import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedResource } from '../../policies/src/engine/types';
import { bottlerocketHardenedSettings } from '../../policies/src/rules/bottlerocket-hardened-settings';
import { nodeEgressPrivate } from '../../policies/src/rules/node-egress-private';
import { nodeGroupAutoRepair } from '../../policies/src/rules/node-group-auto-repair';
import { buildBottlerocketSettings } from '../../stacks/src/bottlerocket';
import { buildLaunchTemplateArgs } from '../../stacks/src/hardened-node-group';
import { buildNodeRepairConfig, buildUpdateConfig } from '../../stacks/src/node-updates';
import {
  buildNodeEgressRules,
  endpointServiceName,
  PRIVATE_EGRESS_INTERFACE_SERVICES,
} from '../../stacks/src/private-egress';
import { planStack, resourceNamed, resourcesOfType, type StackPlan } from '../fixtures/pulumi-mocks';

const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';
const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';
const ENDPOINT = 'aws:ec2/vpcEndpoint:VpcEndpoint';
const EGRESS = 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule';

const located = (plan: StackPlan): LocatedResource[] => plan.resources.map((r) => ({ ...r, key: r.urn }));

describe('Bottlerocket settings', () => {
  it('turn the admin container off, keep the control container and set the lockdown mode', () => {
    const read = readBottlerocketSettings(buildBottlerocketSettings({ kernelLockdown: 'integrity' }));
    expect('settings' in read && Object.fromEntries(read.settings)).toEqual({
      'settings.kubernetes.server-tls-bootstrap': true,
      'settings.host-containers.admin.enabled': false,
      'settings.host-containers.control.enabled': true,
      'settings.kernel.lockdown': 'integrity',
    });
  });

  it('go in the launch template as base64 user data, with the OS and data volumes both encrypted', () => {
    const args = buildLaunchTemplateArgs({
      clusterName: 'c',
      nodeSecurityGroupId: 'sg-1',
      volumesKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
      diskSizeGib: 80,
      bottlerocket: { kernelLockdown: 'confidentiality' },
      tags: {},
    });
    expect(userDataText(String(args.userData))).toContain('lockdown = "confidentiality"');
    expect(args.blockDeviceMappings).toEqual([
      expect.objectContaining({
        deviceName: '/dev/xvda',
        ebs: expect.objectContaining({ encrypted: 'true' }),
      }),
      expect.objectContaining({
        deviceName: '/dev/xvdb',
        ebs: expect.objectContaining({ encrypted: 'true', volumeSize: 80 }),
      }),
    ]);
    expect((args.blockDeviceMappings as unknown[])[0]).not.toHaveProperty('ebs.volumeSize');
  });
});

describe('node updates and repair', () => {
  it('take a count or a percentage and turn auto repair on or off', () => {
    expect(buildUpdateConfig({ count: 1 })).toEqual({ maxUnavailable: 1 });
    expect(buildUpdateConfig({ percentage: 33 })).toEqual({ maxUnavailablePercentage: 33 });
    expect(buildNodeRepairConfig(true)).toEqual({ enabled: true });
  });
});

describe('node egress rules', () => {
  it('allow everything to 0.0.0.0/0 behind NAT gateways', () => {
    expect(buildNodeEgressRules({ mode: 'internet' })).toEqual([
      expect.objectContaining({ key: 'egress', ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' }),
    ]);
  });

  it('allow only the VPC and HTTPS to the S3 prefix list with private egress', () => {
    const rules = buildNodeEgressRules({ mode: 'private', vpcCidr: '10.0.0.0/16', s3PrefixListId: 'pl-1' });
    expect(rules).toEqual([
      expect.objectContaining({ key: 'egress-vpc', ipProtocol: '-1', cidrIpv4: '10.0.0.0/16' }),
      expect.objectContaining({
        key: 'egress-s3',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        prefixListId: 'pl-1',
      }),
    ]);
    expect(JSON.stringify(rules)).not.toContain('0.0.0.0/0');
  });

  it('name endpoint services as com.amazonaws.<region>.<service>', () => {
    expect(endpointServiceName('eu-west-1', 'ecr.dkr')).toBe('com.amazonaws.eu-west-1.ecr.dkr');
  });
});

describe('the default plan', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({ clusterName: 'defaults' });
  });

  it('updates one node at a time, with auto repair on', () => {
    const group = resourceNamed(plan, NODE_GROUP, 'eks-nodes-nodes').inputs;
    expect(group).toMatchObject({ updateConfig: { maxUnavailable: 1 }, nodeRepairConfig: { enabled: true } });
  });

  it('gives Amazon Linux nodes no user data and creates NAT gateways and no VPC endpoints', () => {
    expect(resourceNamed(plan, LAUNCH_TEMPLATE, 'eks-nodes-nodes').inputs).not.toHaveProperty('userData');
    expect(resourcesOfType(plan, 'aws:ec2/natGateway:NatGateway')).toHaveLength(3);
    expect(resourcesOfType(plan, ENDPOINT)).toEqual([]);
  });
});

describe('a plan with Bottlerocket nodes and private egress', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({
      clusterName: 'private',
      nodeAmiType: 'BOTTLEROCKET_x86_64',
      privateEgress: 'true',
      nodeMaxUnavailable: '25%',
    });
  });

  it('runs Bottlerocket with the hardened settings in the launch template', () => {
    expect(resourceNamed(plan, NODE_GROUP, 'eks-nodes-nodes').inputs).toMatchObject({
      amiType: 'BOTTLEROCKET_x86_64',
      updateConfig: { maxUnavailablePercentage: 25 },
    });
    const userData = userDataText(
      String(resourceNamed(plan, LAUNCH_TEMPLATE, 'eks-nodes-nodes').inputs.userData),
    );
    expect(userData).toContain('[settings.host-containers.admin]\nenabled = false');
    expect(userData).toContain('lockdown = "integrity"');
  });

  it('creates no NAT gateway and no default route in the private route tables', () => {
    expect(resourcesOfType(plan, 'aws:ec2/natGateway:NatGateway')).toEqual([]);
    expect(resourcesOfType(plan, 'aws:ec2/eip:Eip')).toEqual([]);
    const privateTables = resourcesOfType(plan, 'aws:ec2/routeTable:RouteTable').filter((t) =>
      t.name.includes('-private-'),
    );
    expect(privateTables).toHaveLength(3);
    for (const table of privateTables) expect(table.inputs.routes ?? []).toEqual([]);
  });

  it('creates the S3 gateway endpoint on the private route tables and the interface endpoints with private DNS', () => {
    const endpoints = resourcesOfType(plan, ENDPOINT);
    const s3 = endpoints.find((e) => e.inputs.vpcEndpointType === 'Gateway');
    expect(s3?.inputs).toMatchObject({ serviceName: 'com.amazonaws.us-east-1.s3' });
    expect(s3?.inputs.routeTableIds).toHaveLength(3);
    const interfaces = endpoints.filter((e) => e.inputs.vpcEndpointType === 'Interface');
    expect(interfaces.map((e) => e.inputs.serviceName).sort()).toEqual(
      PRIVATE_EGRESS_INTERFACE_SERVICES.map((svc) => `com.amazonaws.us-east-1.${svc}`).sort(),
    );
    for (const endpoint of interfaces) {
      expect(endpoint.inputs).toMatchObject({
        privateDnsEnabled: true,
        subnetIds: plan.outputs.privateSubnetIds,
      });
    }
    expect(endpoints.map((e) => e.inputs.serviceName)).not.toContain(
      'com.amazonaws.us-east-1.guardduty-data',
    );
  });

  it('admits HTTPS to the endpoints from the VPC CIDR only', () => {
    const ingress = resourceNamed(
      plan,
      'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
      'eks-network-endpoints-endpoints-https',
    ).inputs;
    expect(ingress).toMatchObject({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/16' });
  });

  it('lets nodes reach only the VPC and the S3 prefix list', () => {
    const rules = resourcesOfType(plan, EGRESS).filter(
      (rule) => rule.inputs.securityGroupId === plan.outputs.nodeSecurityGroupId,
    );
    const s3 = resourcesOfType(plan, ENDPOINT).find((e) => e.inputs.vpcEndpointType === 'Gateway');
    expect(rules.map((rule) => rule.inputs)).toEqual([
      expect.objectContaining({ ipProtocol: '-1', cidrIpv4: '10.0.0.0/16' }),
      expect.objectContaining({
        ipProtocol: 'tcp',
        fromPort: 443,
        prefixListId: expect.stringMatching(/^pl-/),
      }),
    ]);
    expect(rules[1]!.dependencies).toContain(s3?.urn);
  });

  describe('weakened, the matching rule reports it', () => {
    it('node-egress-private: a node egress rule opened to 0.0.0.0/0', () => {
      const weakened = located(plan).map((r) =>
        r.name === 'eks-nodes-egress-vpc' ? { ...r, inputs: { ...r.inputs, cidrIpv4: '0.0.0.0/0' } } : r,
      );
      expect(nodeEgressPrivate.validate(located(plan), ruleOptions())).toEqual([]);
      expect(nodeEgressPrivate.validate(weakened, ruleOptions())).toEqual([
        expect.objectContaining({ message: expect.stringContaining('allows egress to 0.0.0.0/0') }),
      ]);
    });

    it('bottlerocket-hardened-settings: the admin container turned on in the user data', () => {
      const template = resourceNamed(plan, LAUNCH_TEMPLATE, 'eks-nodes-nodes');
      const text = userDataText(String(template.inputs.userData)).replace(
        '[settings.host-containers.admin]\nenabled = false',
        '[settings.host-containers.admin]\nenabled = true',
      );
      const check = (userData: string) =>
        bottlerocketHardenedSettings.validate({ ...template.inputs, userData }, ruleOptions(), template.name);
      expect(check(String(template.inputs.userData)).status).toBe('pass');
      expect(check(Buffer.from(text).toString('base64')).status).toBe('fail');
    });
  });
});

describe('turned off, the matching rule reports it', () => {
  it('node-group-auto-repair: nodeAutoRepair false', async () => {
    const plan = await planStack({ clusterName: 'norepair', nodeAutoRepair: 'false' });
    const group = resourceNamed(plan, NODE_GROUP, 'eks-nodes-nodes');
    expect(group.inputs.nodeRepairConfig).toEqual({ enabled: false });
    expect(nodeGroupAutoRepair.validate(group.inputs, ruleOptions(), group.name)).toMatchObject({
      status: 'fail',
      findings: [{ path: 'nodeRepairConfig.enabled' }],
    });
  });
});
