import { controls } from '../../policies/src/catalog';
import { buildScorecard } from '../../policies/src/cli/scorecard/build-scorecard';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { allRules } from '../../policies/src/registry';
import { partFromPlan } from '../../stacks/src/cli/plan-part';
import { ancestorTypes, COMPONENT_MAPPINGS, coveringComponent } from '../../stacks/src/pack/components';
import { evaluatePlan, type PlanViolation } from '../../stacks/src/pack/evaluate-plan';
import type { PlannedResource } from '../../stacks/src/testing/plan';

const STACK = 'urn:pulumi:dev::app::pulumi:pulumi:Stack::app-dev';

/** A resource as the plan records it; `parents` are the types and URN of its component chain. */
function planned(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  options: { parent?: PlannedResource; dependencies?: string[]; custom?: boolean } = {},
): PlannedResource {
  const chain = options.parent ? options.parent.urn.split('::')[2]! : 'pulumi:pulumi:Stack';
  return {
    type,
    name,
    urn: `urn:pulumi:dev::app::${chain}$${type}::${name}`,
    parent: options.parent?.urn ?? STACK,
    custom: options.custom ?? !/^(eks|awsx):/.test(type),
    remote: /^(eks|awsx):/.test(type),
    inputs,
    dependencies: options.dependencies ?? [],
    provider: '',
    options: { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] },
  };
}

/** What every eks.Cluster with authenticationMode gets: 4.3 hard-codes bootstrapClusterCreatorAdminPermissions. */
const CREATOR_ADMIN = 'eks-no-creator-admin at authenticationMode';

/**
 * The violations besides {@link CREATOR_ADMIN}, which every eks.Cluster with authenticationMode gets and the
 * tests above pin; the tests below are about other arguments.
 */
const besidesCreatorAdmin = (...args: Parameters<typeof evaluatePlan>) =>
  evaluatePlan(...args).filter((violation) => violation.policyName !== 'eks-no-creator-admin');

/** `rule at argument` for each violation, the way a reader checks a report. */
const found = (violations: readonly PlanViolation[]) =>
  violations.map((violation) => `${violation.policyName} at ${violation.path}`);

const HARDENED_CLUSTER = {
  version: '1.35',
  endpointPrivateAccess: true,
  endpointPublicAccess: false,
  enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
  encryptionConfigKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  authenticationMode: 'API',
  createOidcProvider: true,
  skipDefaultNodeGroup: true,
};

describe('the component mappings', () => {
  test.each([...COMPONENT_MAPPINGS.values()].map((mapping) => [mapping.type, mapping.follows] as const))(
    'map %s after the exact version pinned in package.json (%s)',
    (_type, follows) => {
      const [name, version] = follows.split(' ') as [string, string];
      const pinned = (require('../../package.json') as { devDependencies: Record<string, string> })
        .devDependencies;
      expect(pinned[name]).toBe(version);
      expect((require(`${name}/package.json`) as { version: string }).version).toBe(version);
    },
  );

  it('produce only resources of the types they cover, so their expanded children are recognised', () => {
    const everything = { createOidcProvider: true, launchTemplate: undefined, kubeletExtraArgs: '--v=2' };
    for (const mapping of COMPONENT_MAPPINGS.values()) {
      for (const mapped of mapping.map(everything)) expect(mapping.covers).toContain(mapped.type);
    }
  });
});

describe('eks:index:Cluster, judged through its arguments and the @pulumi/eks 4.3.0 defaults', () => {
  it('fails every insecure default of the README cluster, on the component, at the argument to set', () => {
    const cluster = planned('eks:index:Cluster', 'my-cluster');
    const violations = evaluatePlan([cluster]);
    expect(found(violations).sort()).toEqual(
      [
        'eks-access-entries-auth-mode at authenticationMode',
        'eks-no-creator-admin at authenticationMode',
        ...Array(5).fill('eks-control-plane-logging at enabledClusterLogTypes'),
        'eks-endpoint-private at endpointPublicAccess',
        'eks-secrets-encryption at encryptionConfigKeyArn',
        'eks-version-supported at version',
        'eks-workload-identity at createOidcProvider',
        'launch-template-imdsv2 at skipDefaultNodeGroup',
        'launch-template-no-public-ip at nodeAssociatePublicIpAddress',
      ].sort(),
    );
    for (const violation of violations) {
      expect(violation).toMatchObject({ urn: cluster.urn, type: 'eks:index:Cluster', name: 'my-cluster' });
      expect(violation.message).toMatch(/^eks\.Cluster\/my-cluster: in the .*@pulumi\/eks 4\.3\.0 creates, /);
    }
    const byRule = (rule: string) => violations.find((violation) => violation.policyName === rule)!.message;
    expect(byRule('eks-secrets-encryption')).toContain(
      'encryptionConfig is not set, so Secrets are not envelope-encrypted; set encryptionConfigKeyArn to the ARN of a customer-managed KMS key',
    );
    expect(byRule('eks-endpoint-private')).toContain(
      'opens the API endpoint to 0.0.0.0/0; set endpointPublicAccess: false',
    );
    expect(byRule('eks-access-entries-auth-mode')).toContain(
      "defaults it to CONFIG_MAP; set authenticationMode: 'API'",
    );
    expect(byRule('eks-no-creator-admin')).toContain(
      'accessConfig.bootstrapClusterCreatorAdminPermissions is not set and the EKS API defaults it to true',
    );
    expect(byRule('eks-workload-identity')).toContain('set createOidcProvider: true');
    expect(byRule('launch-template-no-public-ip')).toContain('set nodeAssociatePublicIpAddress: false');
  });

  it('passes the hardened arguments except the creator admin that @pulumi/eks 4.3 hard-codes with authenticationMode', () => {
    const violations = evaluatePlan([planned('eks:index:Cluster', 'my-cluster', HARDENED_CLUSTER)]);
    expect(found(violations)).toEqual([CREATOR_ADMIN]);
    expect(violations[0]!.message).toContain(
      'in the aws.eks.Cluster @pulumi/eks 4.3.0 creates, accessConfig.bootstrapClusterCreatorAdminPermissions is true, so the identity that creates the cluster keeps cluster-admin',
    );
    expect(violations[0]!.message).toContain(
      '@pulumi/eks 4.3 hard-codes bootstrapClusterCreatorAdminPermissions: true whenever authenticationMode is set',
    );
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'a public endpoint open to the world',
      { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
      'eks-endpoint-private at publicAccessCidrs[0]',
    ],
    [
      'four log types',
      { enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'scheduler'] },
      'eks-control-plane-logging at enabledClusterLogTypes',
    ],
    [
      'both authentication modes',
      { authenticationMode: 'API_AND_CONFIG_MAP' },
      'eks-access-entries-auth-mode at authenticationMode',
    ],
    ['no OIDC provider', { createOidcProvider: false }, 'eks-workload-identity at createOidcProvider'],
  ])('fails %s, and only that (besides the hard-coded creator admin)', (_case, change, expected) => {
    const violations = evaluatePlan([planned('eks:index:Cluster', 'c', { ...HARDENED_CLUSTER, ...change })]);
    expect(found(violations).sort()).toEqual([expected, CREATOR_ADMIN].sort());
  });

  it('takes a KMS key not known until apply as naming a key, and an unknown endpoint setting as unverified', () => {
    const violations = besidesCreatorAdmin([
      planned('eks:index:Cluster', 'c', {
        ...HARDENED_CLUSTER,
        encryptionConfigKeyArn: UNKNOWN,
        endpointPublicAccess: UNKNOWN,
      }),
    ]);
    expect(violations.map((v) => [v.policyName, v.status, v.path, v.enforcementLevel])).toEqual([
      ['eks-endpoint-private', 'unknown', 'endpointPublicAccess', 'advisory'],
    ]);
    expect(violations[0]!.message).toContain('is not known yet: cannot be verified until apply');
  });

  it('judges the default node group by nodeGroupOptions when given, AL2 volumes unencrypted unless asked', () => {
    const violations = besidesCreatorAdmin([
      planned('eks:index:Cluster', 'c', {
        ...HARDENED_CLUSTER,
        skipDefaultNodeGroup: undefined,
        nodeGroupOptions: { amiType: 'AL2_x86_64', nodeAssociatePublicIpAddress: false },
      }),
    ]);
    expect(found(violations)).toEqual([
      'launch-template-imdsv2 at skipDefaultNodeGroup',
      'launch-template-ebs-encrypted at nodeGroupOptions.nodeRootVolumeEncrypted',
    ]);
  });

  it('creates no default node group with Auto Mode, which also runs the Pod Identity agent', () => {
    const { createOidcProvider: _oidc, skipDefaultNodeGroup: _skip, ...rest } = HARDENED_CLUSTER;
    expect(
      besidesCreatorAdmin([planned('eks:index:Cluster', 'c', { ...rest, autoMode: { enabled: true } })]),
    ).toEqual([]);
  });

  it('counts an eks-pod-identity-agent add-on that takes its cluster name from the component', () => {
    const cluster = planned('eks:index:Cluster', 'c', { ...HARDENED_CLUSTER, createOidcProvider: false });
    const addon = planned(
      'aws:eks/addon:Addon',
      'pia',
      { addonName: 'eks-pod-identity-agent' },
      { dependencies: [cluster.urn] },
    );
    expect(besidesCreatorAdmin([cluster, addon])).toEqual([]);
  });

  it('applies an exemption written for the component', () => {
    const violations = besidesCreatorAdmin(
      [planned('eks:index:Cluster', 'legacy', { ...HARDENED_CLUSTER, endpointPublicAccess: true })],
      {
        config: {
          'eks-endpoint-private': {
            exemptions: [{ resource: 'legacy', reason: 'migrating to a VPN by Q3 (OPS-12)' }],
          },
        },
      },
    );
    expect(violations).toEqual([
      expect.objectContaining({
        policyName: 'eks-endpoint-private',
        enforcementLevel: 'advisory',
        exemption: { reason: 'migrating to a VPN by Q3 (OPS-12)', source: 'policy pack config' },
      }),
    ]);
  });
});

describe('the @pulumi/eks node groups', () => {
  const cluster = planned('eks:index:Cluster', 'c', HARDENED_CLUSTER);

  it('fails a managed node group on the launch template EKS generates, at launchTemplate', () => {
    const nodes = planned('eks:index:ManagedNodeGroup', 'nodes', {
      cluster: cluster.urn,
      instanceTypes: ['m7i.large'],
    });
    const violations = besidesCreatorAdmin([cluster, nodes]);
    expect(found(violations)).toEqual([
      'launch-template-imdsv2 at launchTemplate',
      'node-group-auto-repair at ',
    ]);
    expect(violations[0]!.message).toMatch(
      /^eks\.ManagedNodeGroup\/nodes: in the launch template EKS generates for a managed node group without one, metadataOptions is not set, .*; pass launchTemplate: \{ id, version \}/,
    );
  });

  it('leaves a managed node group with its own launch template to that template, and fails remote access', () => {
    const nodes = planned('eks:index:ManagedNodeGroup', 'nodes', {
      cluster: cluster.urn,
      launchTemplate: { id: 'lt-0123', version: '1' },
      remoteAccess: { ec2SshKey: 'ops' },
    });
    expect(found(besidesCreatorAdmin([cluster, nodes]))).toEqual([
      'node-group-no-remote-access at remoteAccess',
      'node-group-auto-repair at ',
    ]);
  });

  it('fails every managed node group on auto repair, which @pulumi/eks 4.3 cannot turn on, naming the way out', () => {
    const nodes = planned('eks:index:ManagedNodeGroup', 'nodes', {
      cluster: cluster.urn,
      launchTemplate: { id: 'lt-0123', version: '1' },
    });
    expect(besidesCreatorAdmin([cluster, nodes])).toEqual([
      expect.objectContaining({
        policyName: 'node-group-auto-repair',
        path: '',
        message: expect.stringMatching(
          /^eks\.ManagedNodeGroup\/nodes: in the aws\.eks\.NodeGroup @pulumi\/eks 4\.3\.0 creates, nodeRepairConfig is not set, .*; @pulumi\/eks 4\.3\.0 ManagedNodeGroup has no nodeRepairConfig argument, .*aws eks update-nodegroup-config --node-repair-config enabled=true/,
        ),
      }),
    ]);
  });

  it('fails a managed node group whose diskSize makes @pulumi/eks create an unencrypted volume', () => {
    const nodes = planned('eks:index:ManagedNodeGroup', 'nodes', {
      cluster: cluster.urn,
      diskSize: 50,
      kubeletExtraArgs: '--max-pods=110',
    });
    expect(found(besidesCreatorAdmin([cluster, nodes]))).toEqual([
      'launch-template-imdsv2 at launchTemplate',
      'launch-template-ebs-encrypted at launchTemplate',
      'node-group-auto-repair at ',
    ]);
  });

  it('fails a self-managed NodeGroupV2 on public IPs and missing IMDSv2, at its arguments', () => {
    const nodes = planned('eks:index:NodeGroupV2', 'workers', { cluster: cluster.urn });
    expect(found(besidesCreatorAdmin([cluster, nodes]))).toEqual([
      'launch-template-imdsv2 at metadataOptions',
      'launch-template-no-public-ip at nodeAssociatePublicIpAddress',
    ]);
  });

  it('fails a NodeGroup on AL2 for its unencrypted root volume until nodeRootVolumeEncrypted', () => {
    const args = { cluster: cluster.urn, operatingSystem: 'AL2', nodeAssociatePublicIpAddress: false };
    expect(found(besidesCreatorAdmin([cluster, planned('eks:index:NodeGroup', 'v1', args)]))).toEqual([
      'launch-template-imdsv2 at metadataOptions',
      'launch-template-ebs-encrypted at nodeRootVolumeEncrypted',
    ]);
    const encrypted = planned('eks:index:NodeGroup', 'v1', { ...args, nodeRootVolumeEncrypted: true });
    expect(found(besidesCreatorAdmin([cluster, encrypted]))).toEqual([
      'launch-template-imdsv2 at metadataOptions',
    ]);
  });
});

describe('awsx:ec2:Vpc', () => {
  it('fails a VPC without a flow log, on the component', () => {
    const vpc = planned('awsx:ec2:Vpc', 'vpc', { natGateways: { strategy: 'Single' } });
    const violations = besidesCreatorAdmin([vpc]);
    expect(violations.map((v) => [v.policyName, v.urn, v.path])).toEqual([['vpc-flow-logs', vpc.urn, '']]);
    expect(violations[0]!.message).toMatch(
      /^awsx\.ec2\.Vpc\/vpc: in the aws\.ec2\.Vpc @pulumi\/awsx 3\.9\.0 creates, .*; @pulumi\/awsx 3\.9\.0's Vpc creates no flow log: add an aws\.ec2\.FlowLog/,
    );
  });

  it('passes with a flow log of all traffic that takes vpcId from the component', () => {
    const vpc = planned('awsx:ec2:Vpc', 'vpc');
    const log = planned(
      'aws:ec2/flowLog:FlowLog',
      'fl',
      { vpcId: 'vpc-0123', trafficType: 'ALL' },
      { dependencies: [vpc.urn] },
    );
    expect(besidesCreatorAdmin([vpc, log])).toEqual([]);
  });
});

describe('a plan holding a component and the children its plugin expanded (a real preview)', () => {
  const cluster = planned('eks:index:Cluster', 'my-cluster');
  const eksCluster = planned(
    'aws:eks/cluster:Cluster',
    'my-cluster-eksCluster',
    { vpcConfig: {} },
    { parent: cluster },
  );
  const template = planned(
    'aws:ec2/launchTemplate:LaunchTemplate',
    'my-cluster-launchTemplate',
    { networkInterfaces: [{ associatePublicIpAddress: 'true' }] },
    { parent: cluster },
  );
  const sshOpen = planned(
    'aws:ec2/securityGroup:SecurityGroup',
    'my-cluster-nodeSecurityGroup',
    { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }] },
    { parent: cluster },
  );
  const vpc = planned('awsx:ec2:Vpc', 'vpc');
  const awsVpc = planned('aws:ec2/vpc:Vpc', 'vpc', { cidrBlock: '10.0.0.0/16' }, { parent: vpc });
  const flowLog = planned(
    'aws:ec2/flowLog:FlowLog',
    'fl',
    { vpcId: 'vpc-0123', trafficType: 'ALL' },
    { dependencies: [awsVpc.urn] },
  );
  const resources = [cluster, eksCluster, template, sshOpen, vpc, awsVpc, flowLog];

  it('recognises the children from the parent type chain of their URNs', () => {
    expect(ancestorTypes(eksCluster.urn)).toEqual(['eks:index:Cluster', 'pulumi:pulumi:Stack']);
    expect(coveringComponent(eksCluster.urn, eksCluster.type)?.type).toBe('eks:index:Cluster');
    expect(coveringComponent(sshOpen.urn, sshOpen.type)).toBeUndefined();
    expect(coveringComponent(template.urn, 'aws:eks/cluster:Cluster')?.type).toBe('eks:index:Cluster');
  });

  it('reports each control once per cluster: on the component, not again on its expanded children', () => {
    const violations = besidesCreatorAdmin(resources);
    const perRule = new Map<string, Set<string>>();
    for (const violation of violations)
      perRule.set(
        violation.policyName,
        new Set([...(perRule.get(violation.policyName) ?? []), violation.urn]),
      );
    for (const [rule, urns] of perRule) {
      if (rule === 'security-group-no-world-ingress') expect([...urns]).toEqual([sshOpen.urn]);
      else expect([rule, [...urns]]).toEqual([rule, [cluster.urn]]);
    }
    expect(perRule.get('eks-secrets-encryption')).toEqual(new Set([cluster.urn]));
    expect(perRule.has('vpc-flow-logs')).toBe(false);
  });

  it('gives the scorecard one finding per control per cluster, and counts the children as examined', () => {
    const plan = { resources, outputs: {}, secretOutputs: [] };
    const card = buildScorecard(
      controls,
      { subject: 'plan', ...partFromPlan(plan, besidesCreatorAdmin(resources), allRules) },
      { name: 'harden', version: '0' },
    );
    const result = (id: string) => card.controls.find((control) => control.control.id === id)!;
    expect(result('eks-secrets-encryption').findings).toHaveLength(1);
    expect(result('eks-endpoint-private').findings).toHaveLength(1);
    expect(result('private-nodes').findings.map((finding) => finding.resourceKey)).toEqual([cluster.urn]);
    expect(result('vpc-flow-logs').status).toBe('pass');
    expect(card.unexamined).toEqual([]);
  });
});
