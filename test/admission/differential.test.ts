import { join } from 'node:path';
import fc from 'fast-check';
import { blueprintManifests } from '../../blueprints';
import type { ParameterSource } from '../../policies/src/admission/choices';
import { ADMISSION_FORMS } from '../../policies/src/admission/forms';
import { admissionPolicy, PARAMETERS_CONFIGMAP, parameterData } from '../../policies/src/admission/policy';
import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest, ManifestRule, RuleOptions } from '../../policies/src/engine/types';
import { kindOf } from '../../policies/src/kubernetes/object';
import { containersOf, POD_BEARING_KINDS, podSpecOf } from '../../policies/src/kubernetes/pod-template';
import { findRule } from '../../policies/src/registry';
import { validateSchemas } from '../constructs/kubernetes-schema';
import { admissibleObject, randomOptions } from '../fixtures/admission-arbitraries';
import { evaluatePolicy } from '../fixtures/admission-cel';
import { workload } from '../fixtures/pods';
import { harvestRuleFixtures } from '../fixtures/rule-fixtures';

/**
 * The differential test of the admission forms: every generated policy's CEL, evaluated as the API server
 * does, must reach the verdict of its TypeScript rule (fail ⇔ denied) on every fixture of the rule tests
 * (test/policies, the PSS conformance corpus included, each pod re-wrapped in every pod-bearing kind), on the
 * blueprint output, and on random objects. Fixtures the API server would reject before admission (not of
 * their schema's types, values not known yet, nulls) are left out and counted. Everything is data-driven from
 * the registries: a rule or fixture added later is compared with nothing to update here.
 */

const forms = ADMISSION_FORMS.map((form) => ({ form, rule: findRule(form.rule) as ManifestRule }));

/** A JSON copy of `value` when it is plain JSON data without nulls (as a typed object reads), else undefined. */
function admissible(value: unknown): unknown {
  if (value === null || typeof value === 'symbol' || typeof value === 'function' || value === undefined)
    return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(admissible);
    return items.some((item) => item === undefined) ? undefined : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const copy = admissible(item);
      if (copy === undefined) return undefined;
      out[key] = copy;
    }
    return out;
  }
  return value;
}

/** True when every container of the pod has a name of its own, which the API server requires. */
function namesValid(manifest: Manifest): boolean {
  const pod = podSpecOf(manifest);
  if (!pod) return true;
  const names = containersOf(pod).map((ref) => ref.container.name);
  return (
    names.every((name) => typeof name === 'string' && name !== '') && new Set(names).size === names.length
  );
}

/** The pod of a pod-bearing object in every pod-bearing kind. */
function inEveryKind(manifest: Manifest): Manifest[] {
  const pod = podSpecOf(manifest);
  if (!pod) return [manifest];
  const annotations = (pod.metadata as { annotations?: Record<string, unknown> }).annotations;
  return POD_BEARING_KINDS.map((kind) =>
    kind === kindOf(manifest)
      ? manifest
      : workload(pod.spec, { kind, name: 'fixture', ...(annotations ? { annotations } : {}) }),
  );
}

const policies = new Map<string, Manifest>();
/** The policy of `form` under `options` with parameters from `source` (cached). */
function policyFor(index: number, options: RuleOptions, source: ParameterSource): Manifest {
  const key = `${index}|${source}|${options.requireImageDigest}|${options.requireCpuLimits}|${options.allowedRegistries.join(',')}`;
  let policy = policies.get(key);
  if (!policy) {
    const { form, rule } = forms[index]!;
    policy = admissionPolicy(rule, form, source, options);
    policies.set(key, policy);
  }
  return policy;
}

/** The ConfigMap the policies read in `configmap` mode. */
function params(options: RuleOptions): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: PARAMETERS_CONFIGMAP, namespace: 'kube-system' },
    data: parameterData(ADMISSION_FORMS, options),
  };
}

/** Disagreements of every form with its rule on `manifest` (an empty list when they all agree). */
function disagreements(manifest: Manifest, options: RuleOptions): string[] {
  const problems: string[] = [];
  forms.forEach(({ form, rule }, index) => {
    if (!rule.kinds.includes(kindOf(manifest))) return;
    const expected = rule.validate(manifest, options);
    const sources: ParameterSource[] =
      (form.parameters?.length ?? 0) > 0 ? ['inline', 'configmap'] : ['inline'];
    for (const source of sources) {
      let verdict: ReturnType<typeof evaluatePolicy>;
      try {
        verdict = evaluatePolicy(
          policyFor(index, options, source),
          manifest,
          source === 'configmap' ? { params: params(options) } : {},
        );
      } catch (error) {
        problems.push(`${rule.id} (${source}): CEL error ${(error as Error).message}`);
        continue;
      }
      if (!verdict.matched) {
        problems.push(`${rule.id} (${source}): match condition ${verdict.condition} left a CREATE out`);
        continue;
      }
      const denied = !verdict.admitted;
      if (denied !== (expected.status === 'fail')) {
        problems.push(
          `${rule.id} (${source}): rule says ${expected.status}${expected.findings[0] ? ` (${expected.findings[0].message})` : ''}, admission ${denied ? `denies (${verdict.messages.join(' | ')})` : 'admits'}`,
        );
        continue;
      }
      if (
        denied &&
        !verdict.messages.some((message) =>
          expected.findings.some((finding) => message.includes(finding.path)),
        )
      ) {
        problems.push(
          `${rule.id} (${source}): message names no field the rule's findings name: ${verdict.messages.join(' | ')} vs ${expected.findings.map((f) => f.path).join(', ')}`,
        );
      }
    }
  });
  return problems;
}

function report(manifest: Manifest, options: RuleOptions, problems: readonly string[]): string {
  return `${problems.join('\n')}\nobject: ${JSON.stringify(manifest)}\noptions: ${JSON.stringify({ allowedRegistries: options.allowedRegistries, requireImageDigest: options.requireImageDigest, requireCpuLimits: options.requireCpuLimits })}`;
}

/** The fixtures of the rule tests and the blueprints that the API server could admit, each pod in every kind. */
async function fixtureCorpus(): Promise<{ manifest: Manifest; options: RuleOptions; source: string }[]> {
  {
    const harvested = await harvestRuleFixtures(join(__dirname, '..', 'policies'));
    const blueprint = Object.values(blueprintManifests()).flat();
    const candidates = [
      ...harvested.map(({ manifest, options, file }) => ({ manifest, options, source: file })),
      ...blueprint.map((manifest) => ({
        manifest: manifest as Manifest,
        options: ruleOptions(),
        source: 'blueprints',
      })),
    ];
    const seen = new Set<string>();
    const unique: typeof candidates = [];
    let notAdmissible = 0;
    for (const candidate of candidates) {
      const copy = admissible(candidate.manifest) as Manifest | undefined;
      if (!copy || !namesValid(copy)) {
        notAdmissible++;
        continue;
      }
      for (const manifest of inEveryKind(copy)) {
        const key = JSON.stringify([
          manifest,
          candidate.options.allowedRegistries,
          candidate.options.requireImageDigest,
          candidate.options.requireCpuLimits,
        ]);
        if (seen.has(key)) continue;
        seen.add(key);
        unique.push({ ...candidate, manifest });
      }
    }
    const schema = validateSchemas(unique.map((entry) => entry.manifest));
    const valid = unique.filter((_, index) => {
      const result = schema[index]!;
      return 'errors' in result && result.errors.length === 0;
    });
    const corpus = valid.filter((entry) =>
      forms.some(({ rule }) => rule.kinds.includes(kindOf(entry.manifest))),
    );
    const figures = {
      harvested: candidates.length,
      notAdmissible,
      schemaRejected: unique.length - valid.length,
      compared: corpus.length,
    };
    // The figures of the report: objects harvested, left out, and compared.
    process.stdout.write(`admission differential: ${JSON.stringify(figures)}\n`);
    return corpus;
  }
}

describe('admission forms agree with their rules', () => {
  it('on every fixture of the rule tests and the blueprints', async () => {
    const corpus = await fixtureCorpus();
    expect(corpus.length).toBeGreaterThan(1000);
    const failures = corpus.flatMap(({ manifest, options, source }) => {
      const problems = disagreements(manifest, options);
      return problems.length === 0 ? [] : [`${source}: ${report(manifest, options, problems)}`];
    });
    expect(failures.slice(0, 5)).toEqual([]);
  }, 600_000);

  it('on random objects of every kind the forms read', () => {
    fc.assert(
      fc.property(admissibleObject, randomOptions, (manifest, overrides) => {
        fc.pre(namesValid(manifest));
        const options = ruleOptions(overrides);
        const problems = disagreements(manifest, options);
        if (problems.length > 0) throw new Error(report(manifest, options, problems));
      }),
      { numRuns: 2000 },
    );
  }, 300_000);
});
