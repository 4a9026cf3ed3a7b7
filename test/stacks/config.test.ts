import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import {
  CONFIG_KEYS,
  checkPartition,
  configFromPulumi,
  loadConfig,
  parseSettings,
  partitionOfRegion,
  readStackConfig,
  StackConfigError,
} from '../../stacks/src/config';
import { ADDON_VERSIONS, DEFAULT_KUBERNETES_VERSION } from '../../stacks/src/versions';
import { issuesOf } from '../fixtures/config-issues';

describe('loadConfig defaults', () => {
  it('runs with no configuration at all, with the hardened defaults', () => {
    const config = loadConfig();
    expect(config).toMatchObject({
      clusterName: 'hardened-eks',
      kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
      supportType: 'STANDARD',
      endpointPublicAccess: false,
      publicAccessCidrs: [],
      clusterAdminRoleArns: [],
      kmsKeyAdministratorArns: [],
      deletionProtection: true,
      logRetentionDays: 365,
      network: { mode: 'create', vpcCidr: '10.0.0.0/16', natGateways: 'one-per-az' },
      nodes: {
        instanceTypes: ['m6i.large'],
        amiType: 'AL2023_x86_64_STANDARD',
        minSize: 3,
        desiredSize: 3,
        maxSize: 6,
        diskSizeGib: 50,
      },
      addons: { versions: ADDON_VERSIONS[DEFAULT_KUBERNETES_VERSION], identity: 'pod-identity' },
      guardDuty: { enabled: false, runtimeFeature: 'RUNTIME_MONITORING' },
      privateAccessCidrs: [],
      privateAccessSecurityGroupIds: [],
    });
    expect(config).not.toHaveProperty('deployBaseline');
  });

  it('reads values as pulumi config stores them: strings, JSON lists and comma-separated lists', () => {
    const config = loadConfig({
      endpointPublicAccess: 'true',
      publicAccessCidrs: '203.0.113.10/32, 198.51.100.0/24',
      clusterAdminRoleArns: '["arn:aws:iam::111122223333:role/platform-admin"]',
      logRetentionDays: '90',
      nodeDesiredSize: '4',
      nodeMaxSize: '8',
      nodeInstanceTypes: 'm7g.large,c7g.xlarge',
      nodeAmiType: 'AL2023_ARM_64_STANDARD',
      kubernetesVersion: '1.34',
      supportType: 'EXTENDED',
      corednsVersion: 'v1.13.2-eksbuild.9',
      addonIdentity: 'irsa',
    });
    expect(config).toMatchObject({
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.10/32', '198.51.100.0/24'],
      clusterAdminRoleArns: ['arn:aws:iam::111122223333:role/platform-admin'],
      logRetentionDays: 90,
      nodes: {
        desiredSize: 4,
        maxSize: 8,
        instanceTypes: ['m7g.large', 'c7g.xlarge'],
        amiType: 'AL2023_ARM_64_STANDARD',
      },
      addons: { identity: 'irsa', versions: { ...ADDON_VERSIONS['1.34'], coredns: 'v1.13.2-eksbuild.9' } },
    });
  });

  it('switches to bring-your-own VPC mode when vpcId and privateSubnetIds are set', () => {
    const config = loadConfig({
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
    });
    expect(config.network).toEqual({
      mode: 'existing',
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
    });
  });

  it('accepts the documented example stack file Pulumi.dev.yaml', () => {
    const file = parse(readFileSync(join(__dirname, '..', '..', 'Pulumi.dev.yaml'), 'utf8')) as {
      config: Record<string, unknown>;
    };
    const ours = Object.fromEntries(
      Object.entries(file.config)
        .filter(([key]) => key.startsWith('eks-hardening:'))
        .map(([key, value]) => [
          key.slice('eks-hardening:'.length),
          typeof value === 'object' ? JSON.stringify(value) : String(value),
        ]),
    );
    expect(Object.keys(ours).length).toBeGreaterThan(0);
    expect(() => loadConfig(ours)).not.toThrow();
    expect(file.config['aws:region']).toEqual(expect.any(String));
  });

  it("reads only this project's keys from the running Pulumi program", () => {
    pulumi.runtime.setAllConfig({
      'eks-hardening:clusterName': 'from-pulumi',
      'aws:region': 'eu-west-1',
      'other:clusterName': 'x',
    });
    expect(configFromPulumi('eks-hardening')).toEqual({ clusterName: 'from-pulumi' });
  });
});

describe('readStackConfig, the settings a program passes to HardenedEksCluster', () => {
  afterEach(() => pulumi.runtime.setAllConfig({}));

  it('converts each set key from the text Pulumi stores to its type and leaves unset keys unset', () => {
    pulumi.runtime.setAllConfig({
      'eks-hardening:nodeMinSize': '2',
      'eks-hardening:endpointPublicAccess': 'true',
      'eks-hardening:publicAccessCidrs': '["203.0.113.10/32"]',
      'aws:region': 'eu-west-1',
    });
    expect(readStackConfig('eks-hardening')).toEqual({
      nodeMinSize: 2,
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.10/32'],
    });
  });

  it('gives settings that validate exactly as the raw stack config does', () => {
    const raw = {
      vpcId: 'vpc-0123456789abcdef0',
      privateSubnetIds: 'subnet-0123456789abcdef0,subnet-0123456789abcdef1',
    };
    expect(loadConfig(parseSettings(raw))).toEqual(loadConfig(raw));
  });

  it('rejects an unknown key and a value of the wrong type, naming each', () => {
    expect(() => parseSettings({ nodeMinSize: 'many', clusterNmae: 'x' })).toThrow(StackConfigError);
    try {
      parseSettings({ nodeMinSize: 'many', clusterNmae: 'x' });
    } catch (error) {
      expect((error as StackConfigError).issues.map((issue) => issue.key).sort()).toEqual([
        'clusterNmae',
        'nodeMinSize',
      ]);
    }
  });
});

describe('loadConfig rejects bad values with the key, the value and what is allowed', () => {
  test.each<[string, Record<string, unknown>, string, string]>([
    [
      'a world-open public CIDR',
      { endpointPublicAccess: 'true', publicAccessCidrs: '0.0.0.0/0' },
      'publicAccessCidrs[0]',
      "config 'publicAccessCidrs[0]': '0.0.0.0/0' opens the Kubernetes API to the whole internet",
    ],
    [
      'a world-open IPv6 CIDR',
      { endpointPublicAccess: 'true', publicAccessCidrs: '::/0' },
      'publicAccessCidrs[0]',
      "'::/0' opens the Kubernetes API to the whole IPv6 internet",
    ],
    [
      'a malformed CIDR',
      { endpointPublicAccess: 'true', publicAccessCidrs: '203.0.113.300/32' },
      'publicAccessCidrs[0]',
      "'203.0.113.300/32' has an octet outside 0-255",
    ],
    [
      'a CIDR with host bits set',
      { endpointPublicAccess: 'true', publicAccessCidrs: '203.0.113.5/24' },
      'publicAccessCidrs[0]',
      'has host bits set; the network is 203.0.113.0/24',
    ],
    [
      'a private range as a public CIDR',
      { endpointPublicAccess: 'true', publicAccessCidrs: '10.1.0.0/16' },
      'publicAccessCidrs[0]',
      "'10.1.0.0/16' is a private range",
    ],
    [
      'a public endpoint without CIDRs',
      { endpointPublicAccess: 'true' },
      'publicAccessCidrs',
      'must list at least one CIDR while endpointPublicAccess is true',
    ],
    [
      'the whole internet admitted to the private endpoint',
      { privateAccessCidrs: '0.0.0.0/0' },
      'privateAccessCidrs[0]',
      "config 'privateAccessCidrs[0]': '0.0.0.0/0' would admit every address to the Kubernetes API; list the CIDR of the runner's network, e.g. 10.20.0.0/24",
    ],
    [
      'an internet address admitted to the private endpoint',
      { privateAccessCidrs: '10.20.0.0/24,203.0.113.10/32' },
      'privateAccessCidrs[1]',
      "config 'privateAccessCidrs[1]': '203.0.113.10/32' is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); the private endpoint is reached from inside the VPC or a connected network. To reach the API from the internet, set endpointPublicAccess and publicAccessCidrs instead",
    ],
    [
      'a private-access source that is not a security group id',
      { privateAccessSecurityGroupIds: '["runner"]' },
      'privateAccessSecurityGroupIds[0]',
      "config 'privateAccessSecurityGroupIds[0]' must be a security group id such as sg-0123456789abcdef0; got 'runner'",
    ],
    [
      'the removed deployBaseline key',
      { deployBaseline: 'false' },
      'deployBaseline',
      "config 'deployBaseline' is no longer read: the cluster stack never applies Kubernetes objects (its endpoint is private); remove the key and apply the in-cluster baseline with the project in blueprints/baseline",
    ],
    [
      'the removed grantDeployerAdmin key',
      { grantDeployerAdmin: 'true' },
      'grantDeployerAdmin',
      "config 'grantDeployerAdmin' is no longer read: whoever runs `pulumi up` is never written into the cluster; remove the key, and list your admin roles in clusterAdminRoleArns",
    ],
    [
      'the removed createAutoScalingServiceLinkedRole key',
      { createAutoScalingServiceLinkedRole: 'true' },
      'createAutoScalingServiceLinkedRole',
      "config 'createAutoScalingServiceLinkedRole' is no longer read: the node-volume key matches the EC2 Auto Scaling service-linked role by aws:PrincipalArn",
    ],
    [
      'CIDRs while the endpoint is private',
      { publicAccessCidrs: '203.0.113.10/32' },
      'publicAccessCidrs',
      'has no effect while endpointPublicAccess is false',
    ],
    [
      'an unknown Kubernetes version',
      { kubernetesVersion: '1.29' },
      'kubernetesVersion',
      "config 'kubernetesVersion' must be one of 1.34, 1.35; got '1.29'",
    ],
    [
      'a retention CloudWatch does not accept',
      { logRetentionDays: '100' },
      'logRetentionDays',
      "config 'logRetentionDays' must be a retention CloudWatch Logs accepts (1, 3, 5",
    ],
    ['a retention of zero (never expire)', { logRetentionDays: 0 }, 'logRetentionDays', 'got 0'],
    [
      'an instance size too small for nodes',
      { nodeInstanceTypes: 't3.micro' },
      'nodeInstanceTypes[0]',
      "'t3.micro' is too small for EKS nodes",
    ],
    [
      'a malformed instance type',
      { nodeInstanceTypes: 'large' },
      'nodeInstanceTypes[0]',
      "must be an EC2 instance type such as m6i.large; got 'large'",
    ],
    [
      'an x86 type with the ARM AMI',
      { nodeAmiType: 'AL2023_ARM_64_STANDARD' },
      'nodeInstanceTypes[0]',
      "'m6i.large' is x86_64 but nodeAmiType is AL2023_ARM_64_STANDARD",
    ],
    [
      'a desired size above the maximum',
      { nodeDesiredSize: '10' },
      'nodeDesiredSize',
      'must lie between nodeMinSize and nodeMaxSize; got min 3, desired 10, max 6',
    ],
    [
      'a node count that is not a number',
      { nodeMinSize: 'three' },
      'nodeMinSize',
      "config 'nodeMinSize' must be a whole number; got 'three'",
    ],
    [
      'a disk below 20 GiB',
      { nodeDiskSizeGib: '8' },
      'nodeDiskSizeGib',
      'must be a whole number from 20 to 16384; got 8',
    ],
    [
      'an admin role of another partition',
      { clusterAdminRoleArns: 'arn:aws-cn:iam::111122223333:role/admin' },
      'clusterAdminRoleArns[0]',
      'must be an IAM role ARN such as arn:aws:iam::111122223333:role/platform-admin',
    ],
    [
      'a key administrator that is not an IAM role or user ARN',
      { kmsKeyAdministratorArns: 'platform-admin' },
      'kmsKeyAdministratorArns[0]',
      "must be an IAM role or user ARN such as arn:aws:iam::111122223333:role/key-admin; got 'platform-admin'",
    ],
    [
      'a runtime-monitoring choice without GuardDuty',
      { guardDutyRuntimeMonitoring: 'EKS_RUNTIME_MONITORING' },
      'guardDutyRuntimeMonitoring',
      'is set but guardDuty is false',
    ],
    [
      'an unknown runtime-monitoring feature',
      { guardDuty: 'true', guardDutyRuntimeMonitoring: 'BOTH' },
      'guardDutyRuntimeMonitoring',
      "must be one of RUNTIME_MONITORING, EKS_RUNTIME_MONITORING, DISABLED; got 'BOTH'",
    ],
    [
      'an admin that is not a role ARN',
      { clusterAdminRoleArns: 'arn:aws:iam::111122223333:user/alice' },
      'clusterAdminRoleArns[0]',
      'must be an IAM role ARN',
    ],
    [
      'a duplicated admin role',
      { clusterAdminRoleArns: 'arn:aws:iam::111122223333:role/a,arn:aws:iam::111122223333:role/a' },
      'clusterAdminRoleArns',
      "lists 'arn:aws:iam::111122223333:role/a' twice",
    ],
    [
      'a boolean that is not true or false',
      { endpointPublicAccess: 'yes' },
      'endpointPublicAccess',
      "must be true or false; got 'yes'",
    ],
    [
      'a public VPC range',
      { vpcCidr: '8.8.0.0/16' },
      'vpcCidr',
      "'8.8.0.0/16' is not a private (RFC 1918) range",
    ],
    ['a VPC range too small for pods', { vpcCidr: '10.0.0.0/24' }, 'vpcCidr', 'must be a /16 to /20 block'],
    [
      'subnets without a VPC id',
      { privateSubnetIds: 'subnet-0123456789abcdef0' },
      'vpcId',
      'is required with privateSubnetIds',
    ],
    [
      'a VPC with one subnet',
      { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: 'subnet-0123456789abcdef0' },
      'privateSubnetIds',
      'must list at least two private subnets in different availability zones of vpc-0123456789abcdef0',
    ],
    [
      'a VPC id with a VPC CIDR',
      {
        vpcId: 'vpc-0123456789abcdef0',
        privateSubnetIds: 'subnet-01234567,subnet-89abcdef',
        vpcCidr: '10.0.0.0/16',
      },
      'vpcCidr',
      'applies only when the stack creates the VPC',
    ],
    [
      'a malformed VPC id',
      { vpcId: 'vpc-xyz', privateSubnetIds: 'subnet-01234567,subnet-89abcdef' },
      'vpcId',
      "must be a VPC id such as vpc-0123456789abcdef0; got 'vpc-xyz'",
    ],
    [
      'two availability zones',
      { availabilityZones: 'us-east-1a,us-east-1b' },
      'availabilityZones',
      'must list exactly three zones',
    ],
    [
      'a malformed add-on version',
      { vpcCniVersion: '1.21.1' },
      'vpcCniVersion',
      "must be an EKS add-on version such as v1.21.1-eksbuild.7; got '1.21.1'",
    ],
    [
      'a detector id without GuardDuty',
      { guardDutyDetectorId: '0123456789abcdef0123456789abcdef' },
      'guardDutyDetectorId',
      'is set but guardDuty is false',
    ],
    [
      'an invalid cluster name',
      { clusterName: '-bad' },
      'clusterName',
      "must be an EKS cluster name (1-100 letters, digits, - and _, starting with a letter or digit); got '-bad'",
    ],
  ])('reports %s', (_case, raw, key, message) => {
    const issues = issuesOf(raw);
    expect(issues).toContainEqual({ key, message: expect.stringContaining(message) });
  });

  it('names an unknown key and lists the keys it reads', () => {
    const issues = issuesOf({ nodeInstanceType: 'm6i.large' });
    expect(issues).toEqual([
      {
        key: 'nodeInstanceType',
        message: expect.stringContaining(
          "unknown config key nodeInstanceType ('nodeInstanceType': did you mean 'nodeInstanceTypes'?); the stack reads clusterName",
        ),
      },
    ]);
    expect(CONFIG_KEYS).toContain('nodeInstanceTypes');
  });

  it('hints to quote a kubernetesVersion YAML read as a number (1.30 is 1.3)', () => {
    expect(issuesOf({ kubernetesVersion: '1.3' })).toEqual([
      {
        key: 'kubernetesVersion',
        message: expect.stringContaining(
          "got '1.3'; YAML reads an unquoted 1.30 as the number 1.3: quote it ('1.30')",
        ),
      },
    ]);
  });

  it.each([
    [
      { nodeMinSize: '5', nodeMaxSize: '4', nodeDesiredSize: '4' },
      'nodeMinSize',
      'must not exceed nodeMaxSize; got nodeMinSize 5, nodeMaxSize 4',
    ],
    [{ nodeMaxSize: '2' }, 'nodeMaxSize', 'must be at least nodeMinSize; got nodeMaxSize 2, nodeMinSize 3'],
  ])('names the key that is out of order when min exceeds max (%j)', (raw, key, message) => {
    expect(issuesOf(raw)).toEqual([{ key, message: expect.stringContaining(message) }]);
  });

  it('reports every problem at once, one line each, in the error message', () => {
    try {
      loadConfig({ kubernetesVersion: '1.2', logRetentionDays: '2' });
      throw new Error('expected a StackConfigError');
    } catch (error) {
      expect((error as Error).message).toBe(
        [
          'invalid stack configuration:',
          "  - config 'kubernetesVersion' must be one of 1.34, 1.35; got '1.2'; YAML reads an unquoted 1.20 as the number 1.2: quote it ('1.20')",
          "  - config 'logRetentionDays' must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653); got 2",
        ].join('\n'),
      );
    }
  });
});

describe('version drift: no up ever asks EKS to downgrade', () => {
  const on = (day: string) => ({ today: new Date(`${day}T12:00:00Z`) });

  it('accepts a version in standard support', () => {
    expect(loadConfig({ kubernetesVersion: '1.34' }, on('2026-12-01')).kubernetesVersion).toBe('1.34');
  });

  it('refuses, at preview, a STANDARD cluster whose version EKS has upgraded itself, naming both ways out and the cost', () => {
    expect(() => loadConfig({ kubernetesVersion: '1.34' }, on('2026-12-02'))).toThrow(
      "config 'kubernetesVersion': '1.34' left EKS standard support on 2026-12-02, and with supportType STANDARD EKS upgrades the control plane itself, so the next up would try to downgrade it; set kubernetesVersion to '1.35' (one minor version at a time, after reading its upgrade notes), or set supportType to EXTENDED to stay on '1.34' until 2027-12-02 (extended support bills $0.60 per cluster hour instead of $0.10)",
    );
  });

  it('lets an EXTENDED cluster stay until extended support ends, then refuses it too', () => {
    expect(
      loadConfig({ kubernetesVersion: '1.34', supportType: 'EXTENDED' }, on('2027-06-01')).supportType,
    ).toBe('EXTENDED');
    expect(() =>
      loadConfig({ kubernetesVersion: '1.34', supportType: 'EXTENDED' }, on('2027-12-02')),
    ).toThrow("'1.34' left EKS extended support on 2027-12-02 and EKS upgrades such clusters itself");
  });

  it('judges the default version against the calendar too', () => {
    expect(() => loadConfig({}, on('2027-03-27'))).toThrow("'1.35' left EKS standard support on 2027-03-27");
  });
});

describe('partitions other than aws are refused with a clear message', () => {
  test.each([
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-east-1', 'aws'],
    ['eu-central-1', 'aws'],
  ])('knows %s is in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it('passes aws and refuses aws-cn, naming where the partition came from and what differs', () => {
    expect(() => checkPartition('aws', 'x')).not.toThrow();
    expect(() => checkPartition('aws-cn', "config 'aws:region' 'cn-north-1'")).toThrow(
      "config 'aws:region' 'cn-north-1' is in the aws-cn partition, which this stack does not support (the cluster role's trust principal, EKS Pod Identity, which the China regions lack, and the IRSA audience differ there and are untested); deploy to a region of the aws partition",
    );
  });
});
