import fc from 'fast-check';
import { evaluateManifests } from '../../policies/src/engine/evaluate-manifests';
import { ruleOptions } from '../../policies/src/engine/options';
import { PROFILES, rulesForProfile } from '../../policies/src/engine/profiles';
import { PSS_LATEST } from '../../policies/src/engine/pss-version';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { TEMPLATE_PATHS } from '../../policies/src/kubernetes/pod-template';
import { ARGO_WORKFLOW_KINDS, WORKLOAD_CRDS } from '../../policies/src/kubernetes/workloads';
import { randomValues } from '../fixtures/random-values';

// The whole engine, as `harden check` runs it, on objects of any apiVersion and kind: it routes workload
// CRDs, Argo kinds and pod-template-shaped custom resources to the pod rules by looking their kind up, so
// kinds named like Object properties (`constructor`, `toString`) must find nothing there.

const OBJECT_PROPERTY_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

const apiVersion = fc.constantFrom(
  'v1',
  'apps/v1',
  'batch/v1',
  'networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1',
  'kubelet.config.k8s.io/v1beta1',
  'example.com/v1',
  ...new Set([...WORKLOAD_CRDS.map((entry) => `${entry.group}/v1alpha1`), 'argoproj.io/v1alpha1']),
);

const kind = fc.oneof(
  fc.constantFrom(
    ...Object.keys(TEMPLATE_PATHS),
    ...WORKLOAD_CRDS.map((entry) => entry.kind),
    ...Object.keys(ARGO_WORKFLOW_KINDS),
    'Service',
    'Namespace',
    'NetworkPolicy',
    'Role',
    'ClusterRoleBinding',
    'ConfigMap',
    'KubeletConfiguration',
    'Widget',
  ),
  fc.constantFrom(...OBJECT_PROPERTY_NAMES),
);

/** Field names where the rules and the workload routing look. */
const FIELDS = [
  'metadata',
  'annotations',
  'labels',
  'spec',
  'template',
  'jobTemplate',
  'jobTargetRef',
  'workflowSpec',
  'templates',
  'container',
  'script',
  'containerSet',
  'containers',
  'initContainers',
  'securityContext',
  'privileged',
  'image',
  'env',
  'volumes',
  'hostPath',
  'rules',
  'subjects',
  'data',
  ...OBJECT_PROPERTY_NAMES,
];

const leaf = fc.oneof(
  fc.constantFrom('', 'nginx', 'true', 'windows', ...OBJECT_PROPERTY_NAMES),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(UNKNOWN),
);

const value = randomValues(leaf, fc.constantFrom(...FIELDS), 4);

/** A pod spec at the usual template path, with a container or an Argo template, so pod rules have a pod. */
const podish = fc.constantFrom<Record<string, unknown>>(
  {
    template: {
      spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] },
    },
  },
  { templates: [{ name: 't', container: { image: 'nginx', securityContext: { privileged: true } } }] },
  { workflowSpec: { templates: [{ name: 't', script: { image: 'nginx', source: 'true' } }] } },
);

const object: fc.Arbitrary<Manifest> = fc
  .record({
    apiVersion,
    kind,
    spec: fc.oneof(podish, value),
    fields: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 3 }),
  })
  .map(({ apiVersion: version, kind: objectKind, spec, fields }) => ({
    ...fields,
    apiVersion: version,
    kind: objectKind,
    metadata: { name: 'x', namespace: 'team' },
    spec,
  }));

/** Configured workload kinds, Object property names among them. */
const workloads = fc.array(
  fc.record(
    {
      kind,
      group: fc.constantFrom('example.com', 'argoproj.io'),
      podSpecPath: fc.constantFrom(['spec', 'template', 'spec'], ['spec']),
      source: fc.constant('config file'),
    },
    { requiredKeys: ['kind', 'podSpecPath', 'source'] },
  ),
  { maxLength: 2 },
);

describe('the engine on objects of any apiVersion and kind', () => {
  it('never throws, and writes messages that interpolate no undefined', () => {
    fc.assert(
      fc.property(
        fc.array(object, { maxLength: 5 }),
        fc.constantFrom(...PROFILES),
        workloads,
        (objects, profile, configured) => {
          const { findings } = evaluateManifests(
            objects.map((manifest, index) => ({ key: `k${index}`, manifest })),
            { rules: rulesForProfile(profile, PSS_LATEST), options: ruleOptions({ workloads: configured }) },
          );
          for (const finding of findings) {
            expect(typeof finding.path).toBe('string');
            expect(finding.message).not.toMatch(/undefined|\[object Object\]|NaN/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
