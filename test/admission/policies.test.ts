import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { admissionBindings, defaultActions } from '../../policies/src/admission/bindings';
import { admissionEvidence } from '../../policies/src/admission/evidence';
import { ADMISSION_FORMS, NOT_AT_ADMISSION } from '../../policies/src/admission/forms';
import {
  type AdmissionSettings,
  admissionObjects,
  DEFAULT_ADMISSION_SETTINGS,
} from '../../policies/src/admission/generate';
import { PARAMETERS_CONFIGMAP, RULE_LABEL } from '../../policies/src/admission/policy';
import { KIND_RESOURCES } from '../../policies/src/admission/resources';
import type { Exemption } from '../../policies/src/engine/exemptions';
import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest, ManifestRule } from '../../policies/src/engine/types';
import { findRule, kubernetesRules } from '../../policies/src/registry';
import { validateSchemas } from '../constructs/kubernetes-schema';
import { evaluatePolicy, functionsOf, KUBERNETES_1_30_FUNCTIONS } from '../fixtures/admission-cel';
import { workload } from '../fixtures/pods';
import { hardenedPodSpec } from '../fixtures/workloads';

// biome-ignore lint/suspicious/noExplicitAny: tests reach into the generated objects.
type Data = Record<string, any>;

const settings = (overrides: Partial<AdmissionSettings> = {}): AdmissionSettings => ({
  ...DEFAULT_ADMISSION_SETTINGS,
  options: ruleOptions({ allowedRegistries: ['registry.example.com'] }),
  ...overrides,
});
const objects = (overrides: Partial<AdmissionSettings> = {}) =>
  admissionObjects(settings(overrides)).objects as Data[];
const policyOf = (rule: string, overrides: Partial<AdmissionSettings> = {}) =>
  objects(overrides).find(
    (o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.labels[RULE_LABEL] === rule,
  )!;
const bindingsOf = (rule: string, overrides: Partial<AdmissionSettings> = {}) =>
  objects(overrides).filter(
    (o) => o.kind === 'ValidatingAdmissionPolicyBinding' && o.metadata.labels[RULE_LABEL] === rule,
  );
const rule = (id: string) => findRule(id) as ManifestRule;

describe('admission forms', () => {
  const objectRules = kubernetesRules.map((r) => r.id);

  it('exist for every Kubernetes rule beyond PSS, or the rule is listed with the reason it cannot be one', () => {
    const covered = [
      ...ADMISSION_FORMS.map((form) => form.rule),
      ...NOT_AT_ADMISSION.map((entry) => entry.rule),
    ];
    expect([...covered].sort()).toEqual([...objectRules].sort());
    expect(new Set(covered).size).toBe(covered.length);
    for (const entry of NOT_AT_ADMISSION) expect(entry.reason.length).toBeGreaterThan(20);
  });

  it('are each written beside their rule, and every such file is registered', () => {
    const directory = join(__dirname, '../../policies/src/rules');
    const files = readdirSync(directory).filter((file) => file.endsWith('.admission.ts'));
    expect(files.map((file) => file.replace('.admission.ts', '')).sort()).toEqual(
      ADMISSION_FORMS.map((form) => form.rule).sort(),
    );
  });

  it('read only kinds the API serves at a known resource', () => {
    for (const form of ADMISSION_FORMS) {
      for (const kind of rule(form.rule).kinds) expect(KIND_RESOURCES[kind]).toBeDefined();
    }
  });
});

describe('generated policies', () => {
  const all = [
    ...objects(),
    ...objects({ parameters: 'configmap', mode: 'enforce' }),
    ...objects({
      exemptions: [
        {
          rule: 'image-pinned',
          namespace: 'legacy',
          name: 'old-app',
          reason: 'vendor image',
          source: 'harden.yaml',
        },
        { rule: 'image-pinned', namespace: 'tools', reason: 'debug tools', source: 'harden.yaml' },
      ],
    }),
  ];

  it('validate against the Kubernetes schema of admissionregistration.k8s.io/v1', () => {
    const results = validateSchemas(all);
    expect(results.filter((result) => !('errors' in result) || result.errors.length > 0)).toEqual([]);
  });

  it('call only CEL functions Kubernetes 1.30 has', () => {
    const expressions = all
      .filter((o) => o.kind === 'ValidatingAdmissionPolicy')
      .flatMap((policy) => [
        ...policy.spec.matchConditions.map((c: Data) => c.expression),
        ...policy.spec.variables.map((v: Data) => v.expression),
        ...policy.spec.validations.flatMap((v: Data) => [v.expression, v.messageExpression]),
      ]);
    const used = new Set(expressions.flatMap((expression: string) => [...functionsOf(expression)]));
    expect([...used].filter((name) => !KUBERNETES_1_30_FUNCTIONS.has(name))).toEqual([]);
  });

  it('define every variable before it is used', () => {
    for (const policy of all.filter((o) => o.kind === 'ValidatingAdmissionPolicy')) {
      const defined = new Set<string>();
      for (const variable of policy.spec.variables) {
        for (const [, used] of variable.expression.matchAll(/variables\.(\w+)/g))
          expect(defined).toContain(used);
        defined.add(variable.name);
      }
      for (const validation of policy.spec.validations) {
        for (const text of [validation.expression, validation.messageExpression]) {
          for (const [, used] of text.matchAll(/variables\.(\w+)/g)) expect(defined).toContain(used);
        }
      }
    }
  });

  it('are labelled with their rule, one policy and binding per rule with a form', () => {
    const generated = objects();
    const policies = generated.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    expect(policies.map((p) => p.metadata.labels[RULE_LABEL])).toEqual(
      ADMISSION_FORMS.map((form) => form.rule),
    );
    for (const policy of policies) {
      expect(bindingsOf(policy.metadata.labels[RULE_LABEL])).toEqual([
        expect.objectContaining({ spec: expect.objectContaining({ policyName: policy.metadata.name }) }),
      ]);
    }
  });

  it('match pods, every pod-bearing controller kind and the ephemeral containers subresource', () => {
    const rules = policyOf('read-only-root-filesystem').spec.matchConstraints.resourceRules;
    expect(rules.flatMap((r: Data) => r.resources).sort()).toEqual(
      [
        'cronjobs',
        'daemonsets',
        'deployments',
        'jobs',
        'pods',
        'pods/ephemeralcontainers',
        'podtemplates',
        'replicasets',
        'replicationcontrollers',
        'statefulsets',
      ].sort(),
    );
  });

  it('leave out image-registry-allowlist when no registries are configured, and say so', () => {
    const generated = admissionObjects({ ...DEFAULT_ADMISSION_SETTINGS });
    expect(
      generated.objects.some((o) => (o.metadata as Data).name === 'eks-hardening-image-registry-allowlist'),
    ).toBe(false);
    expect(generated.notes).toEqual([
      expect.stringContaining('image-registry-allowlist: no allowedRegistries'),
    ]);
  });
});

describe('match conditions', () => {
  const policy = policyOf('read-only-root-filesystem') as Manifest;
  const bad = workload({ containers: [{ name: 'app', image: 'nginx:1', securityContext: {} }] });
  const fixed = { ...bad, spec: { ...(bad.spec as Data), replicas: 2 } };
  const relabelled = { ...bad, metadata: { ...(bad.metadata as Data), labels: { team: 'a' } } };

  it('evaluate a create by a user', () => {
    expect(evaluatePolicy(policy, bad)).toMatchObject({ matched: true, admitted: false });
  });

  it('skip an update that changes nothing the rule reads (labels, finalizers, owner references)', () => {
    expect(evaluatePolicy(policy, relabelled, { operation: 'UPDATE', oldObject: bad })).toEqual({
      matched: false,
      condition: 'changes-what-the-rule-reads',
    });
  });

  it('evaluate an update that changes the spec', () => {
    expect(evaluatePolicy(policy, fixed, { operation: 'UPDATE', oldObject: bad })).toMatchObject({
      matched: true,
      admitted: false,
    });
  });

  it('skip an object being deleted', () => {
    const deleting = {
      ...fixed,
      metadata: { ...(fixed.metadata as Data), deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    expect(evaluatePolicy(policy, deleting, { operation: 'UPDATE', oldObject: bad })).toMatchObject({
      matched: false,
    });
  });

  it.each([
    'system:serviceaccount:kube-system:replicaset-controller',
    'system:serviceaccount:kube-system:daemon-set-controller',
    'system:kube-controller-manager',
    'system:apiserver',
    'eks:addon-manager',
  ])('skip writes of the control plane (%s), whose pods come from templates already checked', (username) => {
    expect(evaluatePolicy(policy, bad, { username })).toMatchObject({
      matched: false,
      condition: 'not-control-plane',
    });
  });

  it.each(['system:serviceaccount:shop:deployer', 'system:serviceaccount:kube-system:my-app', 'alice'])(
    'check everyone else (%s)',
    (username) => {
      expect(evaluatePolicy(policy, bad, { username })).toMatchObject({ matched: true, admitted: false });
    },
  );
});

describe('bindings', () => {
  it.each([
    ['no-secret-literal-env', ['Deny']],
    ['rbac-no-anonymous-binding', ['Deny']],
    ['read-only-root-filesystem', ['Warn', 'Audit']],
    ['health-probes', ['Warn', 'Audit']],
  ])('deny %s by severity when enforced', (id, actions) => {
    expect(defaultActions(rule(id))).toEqual(actions);
    expect(bindingsOf(id, { mode: 'enforce' })[0]!.spec.validationActions).toEqual(actions);
  });

  it('never deny in audit mode, even a rule overridden to Deny', () => {
    const bindings = objects({ mode: 'audit', actions: { 'health-probes': ['Deny'] } }).filter(
      (o) => o.kind === 'ValidatingAdmissionPolicyBinding',
    );
    for (const binding of bindings) expect(binding.spec.validationActions).toEqual(['Warn', 'Audit']);
  });

  it('take per-rule actions in enforce mode', () => {
    const [binding] = bindingsOf('health-probes', {
      mode: 'enforce',
      actions: { 'health-probes': ['Deny', 'Audit'] },
    });
    expect(binding!.spec.validationActions).toEqual(['Deny', 'Audit']);
  });

  it('leave kube-system out by default, by the namespace name label the API server sets', () => {
    expect(bindingsOf('image-pinned')[0]!.spec.matchResources).toEqual({
      namespaceSelector: {
        matchExpressions: [
          { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
        ],
      },
    });
  });

  const exemption = (fields: Partial<Exemption>): Exemption => ({
    rule: 'image-pinned',
    reason: 'vendor image',
    source: 'harden.yaml',
    ...fields,
  });
  const bind = (...exemptions: Exemption[]) =>
    admissionBindings(
      rule('image-pinned'),
      { mode: 'enforce', exemptNamespaces: ['kube-system'], exemptions },
      false,
    );

  it('exempt a namespace in the namespace selector', () => {
    const { bindings } = bind(exemption({ namespace: 'legacy' }));
    expect((bindings[0]!.spec as Data).matchResources.namespaceSelector.matchExpressions[0].values).toEqual([
      'kube-system',
      'legacy',
    ]);
    expect(bindings).toHaveLength(1);
  });

  it('exempt one object of a namespace with a binding for that namespace that excludes it by name', () => {
    const { bindings } = bind(exemption({ kind: 'Deployment', namespace: 'legacy', name: 'old-app' }));
    expect(bindings.map((b) => (b.metadata as Data).name)).toEqual([
      'eks-hardening-image-pinned',
      'eks-hardening-image-pinned-ns-legacy',
    ]);
    expect((bindings[1]!.spec as Data).matchResources).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'legacy' } },
      excludeResourceRules: [
        {
          apiGroups: ['apps'],
          apiVersions: ['v1'],
          operations: ['*'],
          resources: ['deployments'],
          resourceNames: ['old-app'],
        },
      ],
    });
  });

  it('exempt a name in every namespace when the exemption names no namespace', () => {
    const { bindings } = bind(
      exemption({ kind: 'ClusterRole', name: 'x' }),
      exemption({ kind: 'Pod', name: 'debug' }),
    );
    expect((bindings[0]!.spec as Data).matchResources.excludeResourceRules).toEqual([
      {
        apiGroups: [''],
        apiVersions: ['v1'],
        operations: ['*'],
        resources: ['pods'],
        resourceNames: ['debug'],
      },
    ]);
  });

  it('refuse a name pattern, which a binding cannot match, and widen a path exemption to the object with a note', () => {
    expect(bind(exemption({ name: 'legacy-*' })).errors).toEqual([
      expect.stringContaining(
        "name 'legacy-*' is a pattern, which a ValidatingAdmissionPolicyBinding cannot match",
      ),
    ]);
    expect(
      bind(exemption({ namespace: 'a', name: 'b', path: 'spec.template.spec.containers[0]' })).notes,
    ).toEqual([
      expect.stringContaining("path 'spec.template.spec.containers[0]' cannot be matched at admission"),
    ]);
  });

  it('never exempt through an annotation on the object', () => {
    const policy = policyOf('image-pinned') as Manifest;
    const annotated = workload(
      { containers: [{ name: 'app', image: 'nginx:latest' }] },
      { annotations: { 'eks-hardening.io/exempt-image-pinned': 'trust me' } },
    );
    const withAnnotation = {
      ...annotated,
      metadata: {
        ...(annotated.metadata as Data),
        annotations: { 'eks-hardening.io/exempt-image-pinned': 'trust me' },
      },
    };
    expect(evaluatePolicy(policy, withAnnotation)).toMatchObject({ admitted: false });
  });
});

describe('parameters', () => {
  it('come from one ConfigMap in configmap mode, through paramKind and paramRef', () => {
    const generated = objects({
      parameters: 'configmap',
      options: ruleOptions({ allowedRegistries: ['Registry.Example.com/team/'], requireImageDigest: true }),
    });
    expect(generated[0]).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: PARAMETERS_CONFIGMAP,
        namespace: 'kube-system',
        labels: { 'app.kubernetes.io/managed-by': 'eks-hardening' },
      },
      data: {
        requireImageDigest: 'true',
        requireCpuLimits: 'true',
        allowedRegistries: 'registry.example.com/team',
      },
    });
    const policy = generated.find((o) => o.metadata.name === 'eks-hardening-image-registry-allowlist')!;
    expect(policy.spec.paramKind).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
    const [binding] = generated.filter(
      (o) => o.spec?.policyName === 'eks-hardening-image-registry-allowlist',
    );
    expect(binding!.spec.paramRef).toEqual({
      name: PARAMETERS_CONFIGMAP,
      namespace: 'kube-system',
      parameterNotFoundAction: 'Deny',
    });
  });

  it('are read back from the ConfigMap as the rule reads its options', () => {
    const options = ruleOptions({ allowedRegistries: ['registry.example.com/team'] });
    const generated = objects({ parameters: 'configmap', options });
    const policy = generated.find(
      (o) => o.metadata.name === 'eks-hardening-image-registry-allowlist',
    ) as Manifest;
    const params = generated[0] as Manifest;
    const pod = (image: string) => workload({ ...hardenedPodSpec(), containers: [{ name: 'app', image }] });
    expect(evaluatePolicy(policy, pod('registry.example.com/team/app:1'), { params })).toMatchObject({
      admitted: true,
    });
    expect(evaluatePolicy(policy, pod('registry.example.com/team-b/app:1'), { params })).toMatchObject({
      admitted: false,
    });
  });
});

describe('a bool parameter the ConfigMap leaves out', () => {
  const policy = objects({ parameters: 'configmap', options: ruleOptions() }).find(
    (o) => o.metadata.name === 'eks-hardening-resource-requests-limits',
  ) as Manifest;
  const params = (data: Record<string, string>): Manifest => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: PARAMETERS_CONFIGMAP, namespace: 'kube-system' },
    data,
  });
  // Requests and a memory limit, no CPU limit.
  const pod = workload({
    containers: [
      {
        name: 'app',
        image: 'app:1',
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      },
    ],
  });

  it("reads as the rule's default, so an older or hand-written ConfigMap weakens nothing", () => {
    expect(evaluatePolicy(policy, pod, { params: params({}) })).toMatchObject({ admitted: false });
    expect(evaluatePolicy(policy, pod, { params: params({ requireCpuLimits: 'true' }) })).toMatchObject({
      admitted: false,
    });
    expect(evaluatePolicy(policy, pod, { params: params({ requireCpuLimits: 'false' }) })).toMatchObject({
      admitted: true,
    });
  });
});

describe('admission evidence', () => {
  it('finds each generated policy that a binding names, with its actions', () => {
    const generated = admissionObjects(settings({ mode: 'enforce' })).objects;
    const evidence = admissionEvidence(generated);
    expect(evidence.map((e) => e.rule)).toEqual(ADMISSION_FORMS.map((form) => form.rule));
    expect(evidence.find((e) => e.rule === 'no-secret-literal-env')).toEqual({
      rule: 'no-secret-literal-env',
      policy: 'eks-hardening-no-secret-literal-env',
      actions: ['Deny'],
    });
  });

  it('ignores a policy without a binding, which enforces nothing', () => {
    const policies = admissionObjects(settings()).objects.filter(
      (o) => o.kind === 'ValidatingAdmissionPolicy',
    );
    expect(admissionEvidence(policies)).toEqual([]);
  });
});
