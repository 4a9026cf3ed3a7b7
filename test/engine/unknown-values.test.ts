import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { blueprintManifests } from '../../blueprints';
import { MANIFEST_SCHEMA } from '../../policies/src/cli/load/parse-yaml';
import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest, ManifestRule } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { awsRules } from '../../policies/src/registry/aws';
import { kubernetesRules } from '../../policies/src/registry/kubernetes';
import { pssRules } from '../../policies/src/registry/pss';
import { planStack } from '../fixtures/pulumi-mocks';
import {
  hardenedDeployment,
  ingress,
  mutate,
  namespace,
  service,
  WORKLOAD_KINDS,
  workload,
} from '../fixtures/workloads';

/**
 * At `pulumi preview`, any input may be a value not known yet ({@link UNKNOWN}), and it may turn out to be the
 * value that passes. So putting UNKNOWN anywhere in an object must never add a failure: the rule reports
 * `unknown` (or passes), and only findings that hold whatever the value is remain. Checked by replacing every
 * field of every object, one at a time, in the repository's manifests, the blueprints and objects that reach
 * the rules' other branches. (It lives here, not in test/policies: the admission differential test replays
 * every object the rule tests there validate, and this one validates some hundred thousand.)
 */

const RULES = [...kubernetesRules, ...pssRules].filter(
  (rule): rule is ManifestRule => rule.target === 'kubernetes',
);

function yamlObjects(dir: string): Manifest[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .flatMap((entry) =>
      loadAll(readFileSync(join(entry.parentPath, entry.name), 'utf8'), { schema: MANIFEST_SCHEMA }),
    )
    .filter((document): document is Manifest => typeof document === 'object' && document !== null);
}

const FIXTURES = join(__dirname, '..', 'fixtures');
const alb = 'alb.ingress.kubernetes.io/certificate-arn';
const scheme = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const internal = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const lbType = 'service.beta.kubernetes.io/aws-load-balancer-type';

const CORPUS: Manifest[] = [
  ...yamlObjects(join(FIXTURES, 'manifests')),
  ...yamlObjects(join(FIXTURES, 'online-boutique')),
  ...yamlObjects(join(FIXTURES, 'real-world')),
  ...Object.values(blueprintManifests()).flat(),
  ...WORKLOAD_KINDS.map((kind) => workload(kind)),
  hardenedDeployment(),
  ingress(),
  ingress(['a.example.com', 'b.example.com'], ['*.example.com']),
  ingress(['shop.example.com'], null, { [alb]: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc' }),
  namespace(),
  namespace('team', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
  service({ type: 'LoadBalancer' }, { [scheme]: 'internal', [lbType]: 'external' }),
  service({ type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' }, { [scheme]: 'internal' }),
  service({ type: 'LoadBalancer' }, { [scheme]: 'internal', [internal]: 'true' }),
  service({ type: 'LoadBalancer' }, { [internal]: 'true' }),
  service({ type: 'LoadBalancer' }, { [internal]: '0.0.0.0/0' }),
  mutate(hardenedDeployment(), (d) => {
    d.spec.template.spec.os = { name: 'windows' };
    delete d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem;
  }),
  mutate(hardenedDeployment(), (d) => {
    const [app] = d.spec.template.spec.containers;
    app.resources = { limits: { cpu: '1', memory: '1Gi' } };
  }),
];

/** Every field path of `value` (objects and arrays, the root's kind and apiVersion aside). */
function fieldPaths(value: unknown, at: readonly (string | number)[] = []): (string | number)[][] {
  const children = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : typeof value === 'object' && value !== null
      ? Object.entries(value).filter(([key]) => at.length > 0 || (key !== 'kind' && key !== 'apiVersion'))
      : [];
  return children.flatMap(([key, child]) => [[...at, key], ...fieldPaths(child, [...at, key])]);
}

function withUnknownAt<T extends Record<string, unknown>>(value: T, path: readonly (string | number)[]): T {
  return mutate(value as Manifest, (draft) => {
    let holder = draft;
    for (const step of path.slice(0, -1)) holder = holder[step];
    holder[path.at(-1)!] = UNKNOWN;
  }) as T;
}

describe('a value not known yet (Pulumi preview)', () => {
  it('never adds a failure, wherever it is in an object', () => {
    const options = ruleOptions();
    const added: string[] = [];
    let checked = 0;
    for (const manifest of CORPUS) {
      const rules = RULES.filter((rule) => rule.kinds.includes(manifest.kind as string));
      const failedBefore = new Map(
        rules.map((rule) => {
          const result = rule.validate(manifest, options);
          return [rule.id, new Set(result.status === 'fail' ? result.findings.map((f) => f.path) : [])];
        }),
      );
      for (const path of fieldPaths(manifest)) {
        const changed = withUnknownAt(manifest, path);
        for (const rule of rules) {
          checked++;
          const result = rule.validate(changed, options);
          if (result.status !== 'fail') continue;
          const before = failedBefore.get(rule.id)!;
          for (const finding of result.findings.filter((f) => !before.has(f.path))) {
            added.push(`${rule.id}: unknown ${path.join('.')} of ${manifest.kind}: ${finding.message}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50_000);
    expect(added.slice(0, 20)).toEqual([]);
  });

  it('never adds a failure to an AWS resource of the stack plan, wherever it is in its inputs', async () => {
    const options = ruleOptions();
    const added: string[] = [];
    let checked = 0;
    for (const resource of (await planStack({})).resources) {
      const rules = awsRules.filter((rule) => rule.resourceTypes.includes(resource.type));
      const failedPaths = (inputs: Readonly<Record<string, unknown>>, rule: (typeof rules)[number]) => {
        const result = rule.validate(inputs, options, resource.name);
        return result.status === 'fail' ? result.findings.map((finding) => finding.path) : [];
      };
      for (const rule of rules) {
        const before = new Set(failedPaths(resource.inputs, rule));
        for (const path of fieldPaths(resource.inputs)) {
          checked++;
          for (const at of failedPaths(withUnknownAt(resource.inputs, path), rule)) {
            if (!before.has(at))
              added.push(`${rule.id}: unknown ${path.join('.')} of ${resource.name}: ${at}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(added.slice(0, 20)).toEqual([]);
  }, 60_000);
});
