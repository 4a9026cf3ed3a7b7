import fc from 'fast-check';
import { evaluateManifests, ManifestEvaluator } from '../../policies/src/engine/evaluate-manifests';
import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedManifest, Manifest, ManifestSetRule } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { networkView } from '../../policies/src/kubernetes/network-view';
import { POD_BEARING_KINDS, TEMPLATE_PATHS } from '../../policies/src/kubernetes/pod-template';
import { namespaceDefaultDeny } from '../../policies/src/rules/namespace-default-deny';
import { networkPolicyReachability } from '../../policies/src/rules/network-policy-reachability';
import { hardenedDeployment } from '../fixtures/workloads';

// Inputs of the network rules: few names, labels and ports, so selectors, peers and ports often meet.
const app = fc.constantFrom('cart', 'web', 'db');
const namespace = fc.constantFrom<unknown>('shop', 'ops', undefined, UNKNOWN);
const port = fc.constantFrom<unknown>(80, 8080, 53, 'http', 'grpc');
const labels = fc.option(fc.record({ app }, { requiredKeys: [] }), { nil: undefined });

const containerPort = fc.record(
  {
    name: fc.constantFrom('http', 'grpc'),
    containerPort: fc.constantFrom(80, 8080, 9000),
    protocol: fc.constantFrom('TCP', 'UDP'),
  },
  { requiredKeys: ['containerPort'] },
);

const container = fc.record(
  {
    name: app,
    image: fc.constant('registry.example.com/app:1.0.0'),
    ports: fc.array(containerPort, { maxLength: 2 }),
    restartPolicy: fc.constant('Always'),
    securityContext: fc.constant({ privileged: true }),
  },
  { requiredKeys: ['name'] },
);

/** A pod template at its kind's place in the object, beside fields the network rules do not read. */
const workload = fc
  .record({
    kind: fc.constantFrom(...POD_BEARING_KINDS),
    name: app,
    namespace,
    objectLabels: labels,
    podLabels: fc.oneof(labels, fc.constant(UNKNOWN)),
    containers: fc.array(container, { maxLength: 2 }),
    initContainers: fc.option(fc.array(container, { maxLength: 1 }), { nil: undefined }),
  })
  .map(({ kind, name, namespace: ns, objectLabels, podLabels, containers, initContainers }) => {
    const spec = {
      containers,
      ...(initContainers ? { initContainers } : {}),
      hostNetwork: true,
      volumes: [{ name: 'data', emptyDir: {} }],
    };
    const podMetadata = { labels: podLabels, annotations: { note: 'not read' } };
    const metadata = { name, ...(ns === undefined ? {} : { namespace: ns }), labels: objectLabels };
    const steps = TEMPLATE_PATHS[kind]!;
    if (steps.length === 0) {
      return { apiVersion: 'v1', kind, metadata: { ...metadata, labels: podLabels }, spec } as Manifest;
    }
    let nested: Record<string, unknown> = { metadata: podMetadata, spec };
    for (const step of [...steps].reverse()) nested = { [step]: nested, replicas: 2 };
    return { apiVersion: 'apps/v1', kind, metadata, ...nested } as Manifest;
  });

const peer = fc.oneof(
  fc.record({ podSelector: fc.record({ matchLabels: fc.record({ app }) }) }),
  fc.record({
    namespaceSelector: fc.constant({ matchLabels: { 'kubernetes.io/metadata.name': 'ops' } }),
    podSelector: fc.record({ matchLabels: fc.record({ app }) }),
  }),
  fc.constant({ ipBlock: { cidr: '10.0.0.0/8' } }),
);
const policyRule = (direction: 'from' | 'to') =>
  fc.record(
    { [direction]: fc.array(peer, { maxLength: 2 }), ports: fc.array(fc.record({ port }), { maxLength: 2 }) },
    { requiredKeys: [] },
  );

const networkPolicy = fc
  .record({
    name: app,
    namespace,
    podSelector: fc.oneof(fc.constant({}), fc.record({ matchLabels: fc.record({ app }) })),
    policyTypes: fc.subarray(['Ingress', 'Egress']),
    ingress: fc.option(fc.array(policyRule('from'), { maxLength: 2 }), { nil: undefined }),
    egress: fc.option(fc.array(policyRule('to'), { maxLength: 2 }), { nil: undefined }),
  })
  .map(
    ({ name, namespace: ns, ...spec }): Manifest => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) },
      spec: Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)),
    }),
  );

const service = fc.record({ name: app, namespace, targetPort: port }).map(
  ({ name, namespace: ns, targetPort }): Manifest => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort }] },
  }),
);

const namespaceObject = fc.record({ name: fc.constantFrom('shop', 'ops'), labels }).map(
  ({ name, labels: declared }): Manifest => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(declared ? { labels: declared } : {}) },
  }),
);

const input = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: workload },
      { weight: 3, arbitrary: networkPolicy },
      { weight: 1, arbitrary: service },
      { weight: 1, arbitrary: namespaceObject },
      { weight: 1, arbitrary: fc.constant<Manifest>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }) },
    ),
    { maxLength: 12 },
  )
  .map((manifests) =>
    manifests.map((manifest, index): LocatedManifest => ({ key: `in#${index}`, manifest })),
  );

/**
 * The input as the engine keeps it for `rule`: only objects of its kinds, each as the rule retains it, and
 * none it does not retain.
 */
function asKept(rule: ManifestSetRule, inputs: readonly LocatedManifest[]): LocatedManifest[] {
  return inputs
    .filter(({ manifest }) => rule.kinds === undefined || rule.kinds.includes(String(manifest.kind)))
    .flatMap(({ key, manifest }) => {
      const kept = rule.retain ? rule.retain(manifest, ruleOptions()) : manifest;
      return kept === undefined ? [] : [{ key, manifest: kept }];
    });
}

describe('whole-input rules keep only what they read', () => {
  it.each([namespaceDefaultDeny, networkPolicyReachability])(
    '$id finds the same in what it retains as in the whole objects',
    (rule) => {
      fc.assert(
        fc.property(input, (inputs) => {
          expect(rule.validate(asKept(rule, inputs), ruleOptions())).toEqual(
            rule.validate(inputs, ruleOptions()),
          );
        }),
        { numRuns: 400 },
      );
    },
  );

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'keeps an object of kind %s whole: a kind named like an Object property has no pod template',
    (kind) => {
      const manifest: Manifest = { apiVersion: 'example.com/v1', kind, metadata: { name: 'x' }, spec: {} };
      expect(networkView(manifest)).toBe(manifest);
    },
  );

  it('gives a whole-input rule only objects of its kinds, as its retain reduces them, after every object, and counts the others not applicable', () => {
    const seen: LocatedManifest[][] = [];
    const rule: ManifestSetRule = {
      id: 'namespace-default-deny',
      target: 'kubernetes-set',
      title: 'test',
      description: 'test',
      severity: 'low',
      kinds: ['Deployment'],
      retain: (manifest) => ({ kind: manifest.kind, metadata: manifest.metadata }),
      validate(manifests) {
        seen.push([...manifests]);
        return manifests.map(({ key }) => ({ key, path: 'metadata.name', message: 'seen' }));
      },
    };
    const evaluator = new ManifestEvaluator({ rules: [rule], options: ruleOptions() });
    const deployment = hardenedDeployment('api');
    evaluator.add({ key: 'a', manifest: deployment });
    evaluator.add({ key: 'b', manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } });
    expect(seen).toEqual([]);
    const { findings, tallies } = evaluator.finish();
    expect(seen).toEqual([[{ key: 'a', manifest: { kind: 'Deployment', metadata: deployment.metadata } }]]);
    expect(findings).toEqual([
      expect.objectContaining({ key: 'a', kind: 'Deployment', name: 'api', apiVersion: 'apps/v1' }),
    ]);
    expect(tallies.get(rule.id)).toMatchObject({ fail: 1, pass: 0, 'not-applicable': 1 });
  });

  it('gives the same evaluation one object at a time as all at once', () => {
    const inputs = [hardenedDeployment('api'), hardenedDeployment('web')].map((manifest, index) => ({
      key: `in#${index}`,
      manifest,
    }));
    const settings = { rules: [namespaceDefaultDeny, networkPolicyReachability], options: ruleOptions() };
    const evaluator = new ManifestEvaluator(settings);
    const perObject = inputs.flatMap((located) => evaluator.add(located));
    const rest = evaluator.finish();
    expect({ ...rest, findings: [...perObject, ...rest.findings] }).toEqual(
      evaluateManifests(inputs, settings),
    );
    expect(rest.findings.length).toBeGreaterThan(0);
  });
});
