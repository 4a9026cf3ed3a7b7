import fc from 'fast-check';
import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest, ManifestRule, ManifestSetRule, RuleOptions } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { kubernetesRules } from '../../policies/src/registry/kubernetes';
import { randomValues } from '../fixtures/random-values';
import { WORKLOAD_KINDS, workload } from '../fixtures/workloads';

const objectRules = kubernetesRules.filter((rule): rule is ManifestRule => rule.target === 'kubernetes');
const setRules = kubernetesRules.filter((rule): rule is ManifestSetRule => rule.target === 'kubernetes-set');

/** Every kind some rule reads, plus one none does. */
const KINDS = [...new Set(objectRules.flatMap((rule) => rule.kinds)), 'NetworkPolicy', 'Namespace', 'Widget'];

/** Field names the rules read, so random objects often put random values where a rule looks. */
const FIELDS = [
  'metadata',
  'name',
  'namespace',
  'labels',
  'annotations',
  'spec',
  'template',
  'jobTemplate',
  'containers',
  'initContainers',
  'ephemeralContainers',
  'image',
  'env',
  'value',
  'valueFrom',
  'securityContext',
  'readOnlyRootFilesystem',
  'runAsGroup',
  'fsGroup',
  'supplementalGroups',
  'resources',
  'requests',
  'limits',
  'cpu',
  'memory',
  'livenessProbe',
  'readinessProbe',
  'httpGet',
  'exec',
  'tcpSocket',
  'grpc',
  'restartPolicy',
  'os',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'rules',
  'verbs',
  'resources',
  'apiGroups',
  'resourceNames',
  'nonResourceURLs',
  'roleRef',
  'kind',
  'subjects',
  'type',
  'externalIPs',
  'loadBalancerClass',
  'tls',
  'hosts',
  'host',
  'data',
  'podSelector',
  'matchLabels',
  'matchExpressions',
  'policyTypes',
  'ingress',
  'egress',
  'to',
  'ports',
  'port',
  'endPort',
  'namespaceSelector',
  'ipBlock',
  'from',
  'cidr',
  'except',
  'containerPort',
  'protocol',
  'key',
  'operator',
  'values',
];

/** Strings rules compare against, and short random ones (at most 8 letters, so never `undefined`). */
const text = fc.oneof(
  fc.constantFrom(
    '',
    '*',
    'default',
    'latest',
    'secrets',
    'get',
    'escalate',
    'cluster-admin',
    'ClusterRole',
    'system:anonymous',
    'system:authenticated',
    'LoadBalancer',
    'NodePort',
    'internal',
    'internet-facing',
    'true',
    'false',
    'Ingress',
    'Egress',
    'kube-system',
    'kubernetes.io/metadata.name',
    'In',
    'windows',
    'Never',
    'restricted',
    'privileged',
    'nginx',
    'registry:5000/app',
    'DB_PASSWORD',
    'constructor',
    '__proto__',
    'toString',
    '$(X)',
    'eyJ',
    'service.beta.kubernetes.io/aws-load-balancer-scheme',
    'service.beta.kubernetes.io/aws-load-balancer-internal',
    'service.beta.kubernetes.io/aws-load-balancer-type',
    'external',
    'pod-security.kubernetes.io/enforce',
    ['AKIA', 'ABCDEFGHIJKLMNOP'].join(''),
    'ClusterIP',
  ),
  fc.string({ unit: fc.constantFrom(...'abcdefgh:/@.*-'), maxLength: 8 }),
);

const leaf = fc.oneof(
  text,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(UNKNOWN),
);

const value = randomValues(leaf, fc.oneof(fc.constantFrom(...FIELDS), text), 5);

/** A random object of one of the kinds, with random values at the top-level fields rules read. */
const shallow: fc.Arbitrary<Manifest> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    fields: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }),
  })
  .map(({ kind, fields }) => ({ ...fields, apiVersion: 'v1', kind }));

/** A random container: env entries and an image, plus field names the rules read with random values. */
const container = fc
  .record({
    shaped: fc.record(
      {
        name: text,
        image: text,
        env: fc.oneof(
          fc.array(
            fc.oneof(fc.record({ name: text, value: fc.oneof(text, value) }, { requiredKeys: [] }), value),
          ),
          value,
        ),
        securityContext: fc.oneof(
          fc.record({ runAsGroup: fc.oneof(fc.constant(0), value) }, { requiredKeys: [] }),
          value,
        ),
      },
      { requiredKeys: [] },
    ),
    extra: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 }),
  })
  .map(({ shaped, extra }) => ({ ...extra, ...shaped }));

/** A pod-bearing object whose pod spec sits where its kind keeps it, with random containers and fields. */
const podBearing: fc.Arbitrary<Manifest> = fc
  .record({
    kind: fc.constantFrom(...WORKLOAD_KINDS),
    spec: fc.record(
      {
        containers: fc.oneof(fc.array(fc.oneof(container, leaf), { maxLength: 3 }), value),
        initContainers: fc.array(container, { maxLength: 2 }),
        ephemeralContainers: fc.array(container, { maxLength: 1 }),
        extra: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 4 }),
      },
      { requiredKeys: [] },
    ),
    namespace: fc.oneof(text, fc.constant(null)),
  })
  .map(({ kind, spec: { extra, ...lists }, namespace }) =>
    workload(kind, { ...extra, ...lists }, 'w', namespace),
  );

/** Words RBAC rules and bindings compare against. */
const rbacWord = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '',
      '*',
      'get',
      'list',
      'watch',
      'bind',
      'escalate',
      'secrets',
      'roles',
      'pods',
      'rbac.authorization.k8s.io',
    ),
    weight: 3,
  },
  { arbitrary: text, weight: 1 },
);

/** A list of strings, mostly, or any value where a list belongs. */
const list = fc.oneof(
  { arbitrary: fc.array(rbacWord, { maxLength: 3 }), weight: 5 },
  { arbitrary: value, weight: 1 },
);
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model, { requiredKeys: [] });

const role: fc.Arbitrary<Manifest> = fc
  .record({
    kind: fc.constantFrom('Role', 'ClusterRole'),
    rules: fc.oneof(
      fc.array(
        fc.record(
          { verbs: list, resources: list, apiGroups: list, resourceNames: list, nonResourceURLs: list },
          { requiredKeys: ['verbs', 'resources', 'apiGroups'] },
        ),
        { maxLength: 3 },
      ),
      value,
    ),
  })
  .map((fields) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'r' }, ...fields }));

const binding: fc.Arbitrary<Manifest> = fc
  .record({
    kind: fc.constantFrom('RoleBinding', 'ClusterRoleBinding'),
    roleRef: fc.oneof(partial({ kind: fc.constantFrom('ClusterRole', 'Role'), name: text }), value),
    subjects: fc.oneof(
      fc.array(fc.oneof(partial({ kind: text, name: text }), value), { maxLength: 3 }),
      value,
    ),
  })
  .map((fields) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'b' }, ...fields }));

const serviceObject: fc.Arbitrary<Manifest> = fc
  .record({
    spec: fc.oneof(partial({ type: text, externalIPs: list, loadBalancerClass: text }), value),
    annotations: fc.dictionary(text, fc.oneof(text, value), { maxKeys: 3 }),
  })
  .map(({ spec, annotations }) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', annotations },
    spec,
  }));

const configMapObject: fc.Arbitrary<Manifest> = fc
  .dictionary(text, fc.oneof(text, value), { maxKeys: 4 })
  .map((data) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data }));

/** A kubelet setting's value: what the kubelet accepts and what it does not, or anything. */
const kubeletValue = fc.oneof(
  fc.constantFrom(
    true,
    false,
    0,
    1,
    -1,
    50,
    10255,
    'AlwaysAllow',
    'Webhook',
    '0',
    '0s',
    '4h0m0s',
    '1.5h',
    '',
    '/etc',
  ),
  value,
);

const kubeletConfiguration: fc.Arbitrary<Manifest> = fc
  .record(
    {
      authentication: fc.oneof(
        partial({
          anonymous: fc.oneof(partial({ enabled: kubeletValue }), value),
          webhook: fc.oneof(partial({ enabled: kubeletValue }), value),
          x509: fc.oneof(partial({ clientCAFile: kubeletValue }), value),
        }),
        value,
      ),
      authorization: fc.oneof(partial({ mode: kubeletValue }), value),
      readOnlyPort: kubeletValue,
      streamingConnectionIdleTimeout: kubeletValue,
      makeIPTablesUtilChains: kubeletValue,
      eventRecordQPS: kubeletValue,
      rotateCertificates: kubeletValue,
      featureGates: fc.oneof(partial({ RotateKubeletServerCertificate: kubeletValue }), value),
      protectKernelDefaults: kubeletValue,
      staticPodPath: kubeletValue,
    },
    { requiredKeys: [] },
  )
  .map((fields) => ({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    metadata: { name: 'ip-10-0-1-23.ec2.internal' },
    ...fields,
  }));

const cluster: fc.Arbitrary<Manifest> = fc.oneof(
  shallow,
  podBearing,
  role,
  binding,
  serviceObject,
  configMapObject,
);

const manifest: fc.Arbitrary<Manifest> = fc.oneof(cluster, kubeletConfiguration);

const options: fc.Arbitrary<RuleOptions> = fc
  .record({
    allowedRegistries: fc.array(text, { maxLength: 2 }),
    requireImageDigest: fc.boolean(),
  })
  .map((overrides) => ruleOptions(overrides));

const STATUSES = ['pass', 'fail', 'not-applicable', 'unknown'];

describe('the Kubernetes rules beyond PSS on random objects', () => {
  it('registers every rule', () => {
    expect(kubernetesRules).toHaveLength(33);
  });

  it('generates objects that every rule finds something to fail in (a fixed sample)', () => {
    const failing = new Set<string>();
    const sample = [
      ...fc.sample(cluster, { numRuns: 3000, seed: 20240601 }),
      ...fc.sample(kubeletConfiguration, { numRuns: 500, seed: 20240601 }),
    ];
    for (const object of sample) {
      for (const rule of objectRules) {
        const settings = ruleOptions({ allowedRegistries: ['registry.example.com'] });
        if (rule.kinds.includes(object.kind as string) && rule.validate(object, settings).status === 'fail') {
          failing.add(rule.id);
        }
      }
    }
    expect([...failing].sort()).toEqual(objectRules.map((rule) => rule.id).sort());
  });

  it('never throw, and return well-formed results with messages that interpolate no undefined', () => {
    fc.assert(
      fc.property(manifest, options, (object, settings) => {
        for (const rule of objectRules) {
          if (!rule.kinds.includes(object.kind as string)) continue;
          const result = rule.validate(object, settings);
          expect(STATUSES).toContain(result.status);
          expect(result.findings.length > 0).toBe(result.status === 'fail' || result.status === 'unknown');
          for (const finding of result.findings) {
            expect(typeof finding.path).toBe('string');
            expect(finding.message).not.toMatch(/undefined|\[object Object\]|NaN/);
          }
        }
      }),
      { numRuns: 600 },
    );
  });

  it('never throw on a whole input of random objects', () => {
    fc.assert(
      fc.property(fc.array(manifest, { maxLength: 6 }), options, (objects, settings) => {
        const input = objects.map((object, index) => ({ manifest: object, key: `k${index}` }));
        for (const rule of setRules) {
          for (const finding of rule.validate(input, settings)) {
            expect(input.map((entry) => entry.key)).toContain(finding.key);
            expect(finding.message).not.toMatch(/undefined|\[object Object\]/);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
