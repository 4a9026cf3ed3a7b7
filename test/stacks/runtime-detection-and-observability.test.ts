import { controls } from '../../policies/src/catalog';
import { loadBaselineConfig } from '../../stacks/src/baseline-config';
import { ADDON_IAM, addonsAfterNodes, OBSERVABILITY_ADDON } from '../../stacks/src/cluster-addons';
import { loadConfig, StackConfigError } from '../../stacks/src/config';
import {
  FALCO_CHART_REPOSITORY,
  FALCO_CHART_VERSION,
  FALCO_NAMESPACE,
  FALCO_RULES,
  falcoControlTag,
  falcoRulesFile,
} from '../../stacks/src/falco';
import { evaluatePlan } from '../../stacks/src/pack/evaluate-plan';
import { OPTIONAL_ADDON_VERSIONS } from '../../stacks/src/versions';
import {
  type PlannedResource,
  planClusterAndBaseline,
  planStack,
  resourcesOfType,
  type StackPlan,
} from '../fixtures/pulumi-mocks';

const ON = { guardDuty: 'true', observability: 'true' };
const FALCO = { baseline: { falco: 'true' } };
const RELEASE = 'kubernetes:helm.sh/v3:Release';
const ADDON = 'aws:eks/addon:Addon';
const FEATURE = 'aws:guardduty/detectorFeature:DetectorFeature';

/** The pack's violations on a plan that are not covered by a declared exemption: `rule: resource` lines. */
function violations(resources: readonly PlannedResource[]): string[] {
  return evaluatePlan(resources.filter((resource) => resource.custom))
    .filter((violation) => !violation.exemption)
    .map((violation) => `${violation.policyName}: ${violation.name}`);
}

/** The plan with one resource's inputs changed. */
function mutate(
  plan: StackPlan,
  pick: (resource: PlannedResource) => boolean,
  change: (inputs: Record<string, unknown>) => Record<string, unknown>,
): PlannedResource[] {
  const target = plan.resources.find(pick);
  if (!target) throw new Error('nothing to mutate');
  return plan.resources.map((resource) =>
    resource === target ? { ...resource, inputs: change({ ...resource.inputs }) } : resource,
  );
}

describe('runtime threat detection and observability, planned', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planClusterAndBaseline(ON, FALCO);
  });

  it('passes every rule with GuardDuty, the CloudWatch add-on and Falco on, the Falco namespace exempted with its reason', () => {
    expect(violations(plan.resources)).toEqual([]);
    const exempted = evaluatePlan(plan.resources.filter((r) => r.custom)).filter((v) => v.exemption);
    expect(exempted).toEqual([
      expect.objectContaining({
        policyName: 'namespace-pss-enforce',
        enforcementLevel: 'advisory',
        diagnostic: expect.stringContaining('[exempted by annotation: Falco'),
      }),
    ]);
  });

  test.each<[string, (p: StackPlan) => PlannedResource[], string]>([
    [
      'GuardDuty runtime monitoring loses its managed agent',
      (p) =>
        mutate(
          p,
          (r) => r.type === FEATURE && r.inputs.name === 'RUNTIME_MONITORING',
          (inputs) => ({ ...inputs, additionalConfigurations: [] }),
        ),
      'guardduty-runtime-monitoring: eks-threat-detection-runtime-monitoring',
    ],
    [
      'the runtime feature is disabled',
      (p) =>
        mutate(
          p,
          (r) => r.type === FEATURE && r.inputs.name === 'RUNTIME_MONITORING',
          (inputs) => ({ ...inputs, status: 'DISABLED' }),
        ),
      'guardduty-runtime-monitoring: eks-threat-detection-runtime-monitoring',
    ],
    [
      'the CloudWatch add-on has no role of its own',
      (p) =>
        mutate(
          p,
          (r) => r.type === ADDON && r.inputs.addonName === OBSERVABILITY_ADDON,
          ({ podIdentityAssociations: _dropped, ...inputs }) => inputs,
        ),
      'eks-addon-identity: eks-addons-amazon-cloudwatch-observability',
    ],
    [
      'the Falco namespace loses its exemption',
      (p) =>
        mutate(
          p,
          (r) => r.type === 'kubernetes:core/v1:Namespace' && r.name.endsWith(`-${FALCO_NAMESPACE}`),
          (inputs) => ({ ...inputs, metadata: { ...(inputs.metadata as object), annotations: {} } }),
        ),
      `namespace-pss-enforce: baseline-${FALCO_NAMESPACE}`,
    ],
  ])('fails the matching rule when %s', (_case, weaken, expected) => {
    expect(violations(weaken(plan))).toEqual([expected]);
  });

  it('reports a detector left without runtime monitoring (guardDutyRuntimeMonitoring DISABLED)', async () => {
    const off = await planStack({ guardDuty: 'true', guardDutyRuntimeMonitoring: 'DISABLED' });
    expect(violations(off.resources)).toEqual([
      'guardduty-runtime-monitoring: eks-threat-detection-detector',
    ]);
  });

  it('installs the CloudWatch add-on after the nodes, pinned, with a Pod Identity role for amazon-cloudwatch/cloudwatch-agent and only CloudWatchAgentServerPolicy', () => {
    const [addon] = resourcesOfType(plan, ADDON).filter((a) => a.inputs.addonName === OBSERVABILITY_ADDON);
    expect(addon?.inputs).toMatchObject({
      addonVersion: OPTIONAL_ADDON_VERSIONS['1.35'][OBSERVABILITY_ADDON],
      podIdentityAssociations: [{ serviceAccount: 'cloudwatch-agent', roleArn: expect.any(String) }],
    });
    const role = resourcesOfType(plan, 'aws:iam/role:Role').find((r) =>
      r.name.endsWith(OBSERVABILITY_ADDON),
    )!;
    expect(
      JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Condition.StringEquals,
    ).toMatchObject({
      'aws:RequestTag/kubernetes-namespace': 'amazon-cloudwatch',
      'aws:RequestTag/kubernetes-service-account': 'cloudwatch-agent',
    });
    const attachments = resourcesOfType(plan, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment')
      .filter((a) => a.name.endsWith(OBSERVABILITY_ADDON))
      .map((a) => a.inputs.policyArn);
    expect(attachments).toEqual(['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy']);
    expect(ADDON_IAM[OBSERVABILITY_ADDON]?.policy).toBe('CloudWatchAgentServerPolicy');
  });

  it('gives the CloudWatch add-on an IRSA role with addonIdentity irsa', async () => {
    const irsa = await planStack({ observability: 'true', addonIdentity: 'irsa' });
    const [addon] = resourcesOfType(irsa, ADDON).filter((a) => a.inputs.addonName === OBSERVABILITY_ADDON);
    expect(addon?.inputs.serviceAccountRoleArn).toEqual(expect.stringContaining(':role/'));
    expect(addon?.inputs.podIdentityAssociations).toBeUndefined();
  });

  it('installs no CloudWatch add-on and no Falco by default', async () => {
    const defaults = await planClusterAndBaseline();
    expect(resourcesOfType(defaults, ADDON).map((a) => a.inputs.addonName)).not.toContain(
      OBSERVABILITY_ADDON,
    );
    expect(resourcesOfType(defaults, RELEASE)).toEqual([]);
    expect(addonsAfterNodes(loadConfig())).not.toContain(OBSERVABILITY_ADDON);
  });

  it('deploys Falco from the pinned chart with the modern eBPF driver, capabilities instead of privileged, and no unreviewed rule updates', () => {
    const [release] = resourcesOfType(plan, RELEASE);
    expect(release?.inputs).toMatchObject({
      chart: 'falco',
      version: FALCO_CHART_VERSION,
      repositoryOpts: { repo: FALCO_CHART_REPOSITORY },
      namespace: FALCO_NAMESPACE,
      createNamespace: false,
      values: {
        driver: { kind: 'modern_ebpf', modernEbpf: { leastPrivileged: true } },
        falcoctl: { artifact: { follow: { enabled: false } } },
        customRules: { 'eks-hardening-rules.yaml': falcoRulesFile() },
      },
    });
    const namespace = plan.resources.find(
      (r) => r.type === 'kubernetes:core/v1:Namespace' && r.name.endsWith('-falco'),
    )!;
    expect(release?.dependencies).toContain(namespace.urn);
  });

  it('takes the chart version from falcoChartVersion', async () => {
    const moved = await planClusterAndBaseline(
      {},
      { baseline: { falco: 'true', falcoChartVersion: '9.2.0' } },
    );
    expect(resourcesOfType(moved, RELEASE)[0]?.inputs.version).toBe('9.2.0');
  });

  it('leaves the Falco namespace out of the baseline admission policies, as kube-system', () => {
    const bindings = plan.resources.filter((r) => r.type.endsWith('ValidatingAdmissionPolicyBinding'));
    expect(bindings.length).toBeGreaterThan(0);
    expect(JSON.stringify(bindings[0]!.inputs)).toContain(`"${FALCO_NAMESPACE}"`);
  });
});

describe('Falco rules', () => {
  it.each(FALCO_RULES.map((rule) => [rule.rule, rule.control]))(
    "tags '%s' with the catalog control %s",
    (_rule, control) => {
      expect(controls.map((c) => c.id)).toContain(control);
      expect(falcoRulesFile()).toContain(`"${falcoControlTag(control)}"`);
    },
  );

  it('writes one YAML list item per rule', async () => {
    const { parse } = await import('yaml');
    const parsed = parse(falcoRulesFile()) as { rule: string; tags: string[] }[];
    expect(parsed.map((rule) => rule.rule)).toEqual(FALCO_RULES.map((rule) => rule.rule));
    for (const rule of parsed) expect(rule.tags).toContain('eks-hardening');
  });
});

describe('configuration', () => {
  const issues = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof StackConfigError) return error.issues;
      throw error;
    }
    throw new Error('no StackConfigError');
  };

  it('turns observability on with its pinned version, or one given', () => {
    expect(loadConfig({ observability: 'true' }).addons).toMatchObject({
      observability: true,
      versions: { [OBSERVABILITY_ADDON]: 'v6.2.0-eksbuild.1' },
    });
    expect(
      loadConfig({ observability: 'true', cloudwatchObservabilityVersion: 'v6.3.0-eksbuild.1' }).addons
        .versions[OBSERVABILITY_ADDON],
    ).toBe('v6.3.0-eksbuild.1');
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    [
      'a CloudWatch add-on version without observability',
      { cloudwatchObservabilityVersion: 'v6.2.0-eksbuild.1' },
      'cloudwatchObservabilityVersion',
      'is set but observability is false',
    ],
    [
      'observability that is not a boolean',
      { observability: 'yes' },
      'observability',
      'must be true or false',
    ],
    [
      'a malformed CloudWatch add-on version',
      { observability: 'true', cloudwatchObservabilityVersion: '6.2.0' },
      'cloudwatchObservabilityVersion',
      "config 'cloudwatchObservabilityVersion'",
    ],
    ['falco in the cluster stack', { falco: 'true' }, 'falco', 'belongs to the baseline stack'],
    [
      'falcoChartVersion in the cluster stack',
      { falcoChartVersion: '9.1.1' },
      'falcoChartVersion',
      'cd blueprints/baseline && pulumi config set falcoChartVersion',
    ],
  ])('the cluster refuses %s, naming the key', (_case, settings, key, message) => {
    expect(issues(() => loadConfig(settings))).toEqual([
      expect.objectContaining({ key, message: expect.stringContaining(message) }),
    ]);
  });

  const context = { organization: 'acme', stack: 'prod' };

  it('reads falco and its chart version in the baseline stack', () => {
    expect(loadBaselineConfig({}, {}, context).falco).toBeUndefined();
    expect(loadBaselineConfig({ falco: 'true' }, {}, context).falco).toEqual({
      chartVersion: FALCO_CHART_VERSION,
    });
    expect(loadBaselineConfig({ falco: 'true', falcoChartVersion: '9.2.0' }, {}, context).falco).toEqual({
      chartVersion: '9.2.0',
    });
  });

  test.each<[string, Record<string, string>, string, string]>([
    ['falco that is not a boolean', { falco: 'on' }, 'falco', "must be true or false; got 'on'"],
    [
      'a chart version range',
      { falco: 'true', falcoChartVersion: '^9.1.0' },
      'falcoChartVersion',
      'no ranges',
    ],
    [
      'a chart version without falco',
      { falcoChartVersion: '9.1.1' },
      'falcoChartVersion',
      'is set but falco is not true',
    ],
  ])('the baseline refuses %s, naming the key', (_case, settings, key, message) => {
    expect(issues(() => loadBaselineConfig(settings, {}, context))).toEqual([
      expect.objectContaining({ key, message: expect.stringContaining(message) }),
    ]);
  });
});
