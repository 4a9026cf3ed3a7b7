import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as policySdk from '@pulumi/policy/version';
import { allRules, awsRules, findRule } from '../../policies/src/registry';
import { defaultEnforcementLevel } from '../../stacks/src/pack/config';
import { evaluatePlan } from '../../stacks/src/pack/evaluate-plan';

import { type Analyzer, type AnalyzerResource, startAnalyzer, urnOf } from '../fixtures/analyzer-harness';
import { type PlannedResource, planProgram, planStack, type StackPlan } from '../fixtures/pulumi-mocks';
import {
  clusterWithUnknownEndpoint,
  insecureVariants,
  secureCluster,
  secureResources,
} from './aws-resources';

/** The real pack (policies/), started as `pulumi preview --policy-pack policies` starts it, over gRPC. */
const PACK_DIR = path.join(__dirname, '../../stacks/policy-pack');
/** The version @pulumi/policy reports for itself (its version.js; the declaration file hides it). */
const policySdkVersion = (policySdk as unknown as { version: string }).version;
const packVersion = (
  JSON.parse(readFileSync(path.join(PACK_DIR, 'package.json'), 'utf8')) as { version: string }
).version;

let analyzer: Analyzer;

beforeAll(async () => {
  analyzer = await startAnalyzer({ packDir: PACK_DIR });
}, 180_000);

afterAll(async () => {
  await analyzer?.stop();
});

describe('launching', () => {
  it('runs @pulumi/pulumi run-policy-pack in the pack folder with the engine address and "."', () => {
    const [node, script, engineAddress, program] = analyzer.launch.argv;
    expect(node).toBe(process.execPath);
    expect(script).toMatch(/node_modules\/@pulumi\/pulumi\/cmd\/run-policy-pack\/index\.js$/);
    expect(engineAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(program).toBe('.');
    expect(analyzer.launch.cwd).toBe(PACK_DIR);
    expect(analyzer.launch.env).toMatchObject({ PULUMI_NODEJS_STACK: 'dev', PULUMI_NODEJS_DRY_RUN: 'true' });
  });
});

describe('GetAnalyzerInfo', () => {
  it('names the pack and reads its version from policies/package.json', async () => {
    const info = await analyzer.getAnalyzerInfo();
    expect(info).toMatchObject({ name: 'eks-hardening', version: packVersion, supportsConfig: true });
  });

  it('lists one policy per rule, mandatory by default for critical and high severity', async () => {
    const { policies } = await analyzer.getAnalyzerInfo();
    expect(policies.map((policy) => policy.name)).toEqual(allRules.map((rule) => rule.id));
    for (const rule of allRules) {
      const policy = policies.find((candidate) => candidate.name === rule.id)!;
      const level = rule.severity === 'critical' || rule.severity === 'high' ? 'mandatory' : 'advisory';
      expect({ name: policy.name, level: policy.enforcementLevel, type: policy.type }).toEqual({
        name: rule.id,
        level,
        type: rule.target === 'kubernetes-set' || rule.target === 'aws-set' ? 'stack' : 'resource',
      });
    }
  });

  it('publishes each policy config schema: exemptions everywhere, allowed CIDRs on the endpoint rule', async () => {
    const { policies } = await analyzer.getAnalyzerInfo();
    for (const policy of policies) expect(policy.configSchema?.properties).toHaveProperty('exemptions');
    const endpoint = policies.find((policy) => policy.name === 'eks-endpoint-private')!;
    expect(endpoint.configSchema!.properties.allowedPublicCidrs).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
  });
});

describe('GetPluginInfo', () => {
  // @pulumi/policy answers with its own SDK version here; the pack version is GetAnalyzerInfo's (above),
  // which is what the CLI prints and `pulumi policy publish` registers.
  it('reports the @pulumi/policy SDK version the pack runs on', async () => {
    expect(await analyzer.getPluginInfo()).toEqual({ version: policySdkVersion });
  });
});

describe('Analyze over AWS resources', () => {
  test.each(secureResources.map((resource) => [`${resource.type} '${resource.name}'`, resource] as const))(
    'passes the secure %s',
    async (_case, resource) => {
      expect(await analyzer.analyze(resource)).toEqual([]);
    },
  );

  test.each(insecureVariants.map((variant) => [variant.case, variant] as const))(
    'catches %s',
    async (_case, variant) => {
      expect(await analyzer.analyze(variant.resource)).toEqual([
        expect.objectContaining({
          policyName: variant.policy,
          policyPackName: 'eks-hardening',
          policyPackVersion: packVersion,
          enforcementLevel: variant.level,
          urn: urnOf(variant.resource.type, variant.resource.name),
          message: expect.stringContaining(variant.message),
        }),
      ]);
    },
  );

  it('reports exactly what the in-process evaluation (harden preview) reports', async () => {
    for (const variant of insecureVariants) {
      const resource = { ...variant.resource, urn: urnOf(variant.resource.type, variant.resource.name) };
      // Analyze runs the resource policies; the whole-plan rules run in AnalyzeStack.
      const offline = evaluatePlan(
        [{ type: resource.type, name: resource.name, urn: resource.urn, inputs: resource.properties }],
        { rules: awsRules },
      );
      const remote = await analyzer.analyze(resource);
      expect(remote.map((d) => [d.policyName, d.enforcementLevel, d.message, d.urn])).toEqual(
        offline.map((v) => [v.policyName, v.enforcementLevel, v.diagnostic, v.urn]),
      );
    }
  });
});

describe('values not known until apply', () => {
  it('reports an unknown input as advisory "cannot be verified until apply", never as a pass or a mandatory failure', async () => {
    expect(await analyzer.analyze(clusterWithUnknownEndpoint)).toEqual([
      expect.objectContaining({
        policyName: 'eks-endpoint-private',
        enforcementLevel: 'advisory',
        message:
          'Cluster/pending: vpcConfig.endpointPublicAccess is not known yet: cannot be verified until apply',
      }),
    ]);
  });

  it('checks the same input at pulumi up, once it is known', async () => {
    const known = {
      ...clusterWithUnknownEndpoint,
      properties: { ...clusterWithUnknownEndpoint.properties, vpcConfig: { endpointPublicAccess: true } },
    };
    expect(await analyzer.analyze(known)).toEqual([
      expect.objectContaining({ policyName: 'eks-endpoint-private', enforcementLevel: 'mandatory' }),
    ]);
  });
});

describe('Configure', () => {
  const publicCluster = {
    ...secureCluster,
    properties: {
      ...secureCluster.properties,
      vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/28'] },
    },
  };
  afterEach(async () => {
    await analyzer.configurePack({});
  });

  it('opens the endpoint to CIDRs listed in allowedPublicCidrs', async () => {
    expect(await analyzer.analyze(publicCluster)).toHaveLength(1);
    await analyzer.configurePack({ 'eks-endpoint-private': { allowedPublicCidrs: ['203.0.113.0/24'] } });
    expect(await analyzer.analyze(publicCluster)).toEqual([]);
  });

  it('reports an exempted finding as advisory with its reason', async () => {
    await analyzer.configurePack({
      'eks-endpoint-private': {
        exemptions: [{ resource: 'prod', reason: 'public until the VPN lands (OPS-12)' }],
      },
    });
    expect(await analyzer.analyze(publicCluster)).toEqual([
      expect.objectContaining({
        enforcementLevel: 'advisory',
        message: expect.stringContaining(
          '[exempted by policy pack config: public until the VPN lands (OPS-12)]',
        ),
      }),
    ]);
  });

  test.each([
    [
      'advisory',
      [expect.objectContaining({ policyName: 'eks-secrets-encryption', enforcementLevel: 'advisory' })],
    ],
    ['disabled', []],
  ])('sets a policy to %s', async (level, expected) => {
    await analyzer.configurePack({ 'eks-secrets-encryption': level });
    expect(await analyzer.analyze(insecureVariants[0]!.resource)).toEqual(expected);
  });

  test.each([
    [
      'an exemption without a reason',
      { 'eks-endpoint-private': { exemptions: [{ resource: 'prod', reason: '' }] } },
      "invalid configuration of policy 'eks-endpoint-private': exemptions[0] for 'prod' needs a non-empty 'reason'",
    ],
    [
      '0.0.0.0/0 as an allowed CIDR',
      { 'eks-endpoint-private': { allowedPublicCidrs: ['0.0.0.0/0'] } },
      "allowedPublicCidrs[0] '0.0.0.0/0' is the whole internet and is never allowed",
    ],
  ])('fails analysis with a clear message on %s', async (_case, document, message) => {
    await analyzer.configurePack(document);
    await expect(analyzer.analyze(secureCluster)).rejects.toThrow(message);
  });
});

describe("the checked stack's own configuration (PULUMI_CONFIG)", () => {
  // The stack opened its public endpoint to one /32 with its own setting; the pack is given nothing else.
  let configured: Analyzer;
  beforeAll(async () => {
    configured = await startAnalyzer({
      packDir: PACK_DIR,
      config: {
        'aws:region': 'us-east-1',
        'eks-hardening:endpointPublicAccess': 'true',
        'eks-hardening:publicAccessCidrs': '["203.0.113.10/32"]',
      },
    });
  }, 180_000);
  afterAll(async () => {
    await configured?.stop();
  });
  const publicTo = (cidrs: string[]) => ({
    ...secureCluster,
    properties: {
      ...secureCluster.properties,
      vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: cidrs },
    },
  });

  it("allows the /32 the stack's publicAccessCidrs names, with no --policy-pack-config", async () => {
    await configured.configurePack({});
    expect(configured.launch.env.PULUMI_CONFIG).toContain('eks-hardening:publicAccessCidrs');
    expect(await configured.analyze(publicTo(['203.0.113.10/32']))).toEqual([]);
  });

  it('still flags any other CIDR, naming what is allowed', async () => {
    await configured.configurePack({});
    expect(await configured.analyze(publicTo(['203.0.113.10/32', '198.51.100.0/24']))).toEqual([
      expect.objectContaining({
        policyName: 'eks-endpoint-private',
        enforcementLevel: 'mandatory',
        message: expect.stringContaining(
          "vpcConfig.publicAccessCidrs[1] '198.51.100.0/24' is not within the pack's allowedPublicCidrs (203.0.113.10/32)",
        ),
      }),
    ]);
  });

  it('allows only the pack config when an organization turns the stack setting off', async () => {
    await configured.configurePack({ 'eks-endpoint-private': { allowStackPublicAccessCidrs: false } });
    expect(await configured.analyze(publicTo(['203.0.113.10/32']))).toHaveLength(1);
  });

  it('keeps the default strict when the stack has no such setting', async () => {
    // The analyzer of the other tests runs with no stack configuration at all.
    expect(analyzer.launch.env).not.toHaveProperty('PULUMI_CONFIG');
    expect(await analyzer.analyze(publicTo(['203.0.113.10/32']))).toHaveLength(1);
  });
});

describe('Kubernetes objects the program registers', () => {
  const levelOf = (id: string) => {
    const rule = findRule(id);
    if (!rule) throw new Error(`rule '${id}' is not registered`);
    return defaultEnforcementLevel(rule);
  };
  const namespace = (name: string): AnalyzerResource => ({
    type: 'kubernetes:core/v1:Namespace',
    name,
    properties: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    },
  });

  it('evaluates a Deployment (from a ConfigGroup) with the Pod Security Standards rules', async () => {
    const deployment: AnalyzerResource = {
      type: 'kubernetes:apps/v1:Deployment',
      name: 'api',
      parent: urnOf('kubernetes:yaml:ConfigGroup', 'apps'),
      properties: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
        spec: {
          selector: { matchLabels: { app: 'api' } },
          template: {
            metadata: { labels: { app: 'api' } },
            spec: {
              containers: [
                { name: 'app', image: 'registry.example.com/api:1.0', securityContext: { privileged: true } },
              ],
            },
          },
        },
      },
    };
    expect(await analyzer.analyze(deployment)).toContainEqual(
      expect.objectContaining({
        policyName: 'pss-privileged',
        enforcementLevel: levelOf('pss-privileged'),
        urn: urnOf('kubernetes:apps/v1:Deployment', 'api'),
      }),
    );
  });

  it('runs the whole-stack namespace-default-deny rule in AnalyzeStack', async () => {
    const diagnostics = await analyzer.analyzeStack([namespace('billing')]);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        policyName: 'namespace-default-deny',
        enforcementLevel: levelOf('namespace-default-deny'),
        message: expect.stringContaining('billing'),
      }),
    );
  });
});

describe('the planned cluster stack (mock runtime), resource by resource as pulumi preview sends it', () => {
  let plan: StackPlan;
  const asAnalyzed = (resource: PlannedResource): AnalyzerResource => ({
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    properties: resource.inputs,
    ...(resource.parent ? { parent: resource.parent } : {}),
    dependencies: resource.dependencies,
  });
  const planned = (type: string) => plan.resources.find((resource) => resource.type === type)!;
  const withInputs = (resource: PlannedResource, inputs: Record<string, unknown>): AnalyzerResource => ({
    ...asAnalyzed(resource),
    properties: { ...resource.inputs, ...inputs },
  });

  beforeAll(async () => {
    plan = await planStack({});
  }, 120_000);

  it('plans the resources the AWS rules read', () => {
    const types = new Set(plan.resources.map((resource) => resource.type));
    for (const type of [
      'aws:eks/cluster:Cluster',
      'aws:ec2/launchTemplate:LaunchTemplate',
      'aws:eks/addon:Addon',
      'aws:kms/key:Key',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('has zero violations on every planned resource', async () => {
    const custom = plan.resources.filter((resource) => resource.custom);
    const diagnostics = [];
    for (const resource of custom) diagnostics.push(...(await analyzer.analyze(asAnalyzed(resource))));
    expect(diagnostics).toEqual([]);
  });

  it('has zero violations of the stack policies', async () => {
    expect(
      await analyzer.analyzeStack(plan.resources.filter((resource) => resource.custom).map(asAnalyzed)),
    ).toEqual([]);
  });

  it('has zero violations in the in-process evaluation either', () => {
    expect(evaluatePlan(plan.resources.filter((resource) => resource.custom))).toEqual([]);
  });

  test.each([
    [
      'the cluster endpoint made public',
      'aws:eks/cluster:Cluster',
      (r: PlannedResource) => ({
        vpcConfig: { ...(r.inputs.vpcConfig as object), endpointPublicAccess: true },
      }),
      'eks-endpoint-private',
    ],
    [
      'the cluster without secrets encryption',
      'aws:eks/cluster:Cluster',
      () => ({ encryptionConfig: undefined }),
      'eks-secrets-encryption',
    ],
    [
      'the node launch template with hop limit 2',
      'aws:ec2/launchTemplate:LaunchTemplate',
      (r: PlannedResource) => ({
        metadataOptions: { ...(r.inputs.metadataOptions as object), httpPutResponseHopLimit: 2 },
      }),
      'launch-template-imdsv2',
    ],
    [
      'the node group with SSH access',
      'aws:eks/nodeGroup:NodeGroup',
      () => ({ remoteAccess: { ec2SshKey: 'ops' } }),
      'node-group-no-remote-access',
    ],
  ])('catches %s', async (_case, type, change, policy) => {
    const resource = planned(type);
    const diagnostics = await analyzer.analyze(withInputs(resource, change(resource)));
    expect(diagnostics).toEqual([
      expect.objectContaining({ policyName: policy, enforcementLevel: 'mandatory', urn: resource.urn }),
    ]);
  });

  it('catches the vpc-cni add-on without NetworkPolicy enforcement', async () => {
    const addon = plan.resources.find(
      (resource) => resource.type === 'aws:eks/addon:Addon' && resource.inputs.addonName === 'vpc-cni',
    )!;
    const diagnostics = await analyzer.analyze(withInputs(addon, { configurationValues: undefined }));
    expect(diagnostics).toEqual([
      expect.objectContaining({ policyName: 'vpc-cni-network-policy', urn: addon.urn }),
    ]);
  });
});

describe('@pulumi/eks and awsx components, as the engine sends them to Analyze and AnalyzeStack', () => {
  let plan: StackPlan;
  const asAnalyzed = (resource: PlannedResource): AnalyzerResource => ({
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    properties: resource.inputs,
    dependencies: resource.dependencies,
  });
  const judged = () => plan.resources.filter((resource) => resource.custom || resource.remote);
  const summary = (d: { policyName: string; enforcementLevel: string; message: string; urn: string }) => [
    d.policyName,
    d.enforcementLevel,
    d.message,
    d.urn,
  ];

  beforeAll(async () => {
    plan = await planProgram(async () => ({ ...require('../fixtures/programs/eks-minimal') }));
  }, 120_000);

  it('reports the README cluster’s defaults on the eks:index:Cluster component, exactly as harden preview does', async () => {
    const [cluster] = judged();
    expect(cluster).toMatchObject({ type: 'eks:index:Cluster', name: 'my-cluster' });
    const remote = await analyzer.analyze(asAnalyzed(cluster!));
    const offline = evaluatePlan(judged(), { rules: awsRules });
    expect(remote.map(summary)).toEqual(
      offline.map((v) => [v.policyName, v.enforcementLevel, v.diagnostic, v.urn]),
    );
    expect(remote).toContainEqual(
      expect.objectContaining({
        policyName: 'eks-secrets-encryption',
        enforcementLevel: 'mandatory',
        urn: cluster!.urn,
        message: expect.stringMatching(/^eks\.Cluster\/my-cluster: .*; set encryptionConfigKeyArn to /),
      }),
    );
  });

  it('reports the missing workload identity in AnalyzeStack, on the component', async () => {
    const remote = await analyzer.analyzeStack(judged().map(asAnalyzed));
    expect(remote.map((d) => [d.policyName, d.urn])).toEqual([['eks-workload-identity', judged()[0]!.urn]]);
    expect(remote[0]!.message).toContain('set createOidcProvider: true');
  });

  it('skips a child the plugin expands under the component, whose findings the component already carries', async () => {
    const cluster = judged()[0]!;
    expect(cluster.urn).toMatch(/\$eks:index:Cluster::my-cluster$/);
    const childUrn = cluster.urn.replace(
      '$eks:index:Cluster::my-cluster',
      '$eks:index:Cluster$aws:eks/cluster:Cluster::my-cluster-eksCluster',
    );
    const child: AnalyzerResource = {
      type: 'aws:eks/cluster:Cluster',
      name: 'my-cluster-eksCluster',
      urn: childUrn,
      properties: { roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-1'] } },
      parent: cluster.urn,
    };
    expect(await analyzer.analyze(child)).toEqual([]);
    // The same resource outside any component is judged.
    expect(await analyzer.analyze({ ...child, urn: urnOf(child.type, child.name), parent: '' })).not.toEqual(
      [],
    );
  });
});
