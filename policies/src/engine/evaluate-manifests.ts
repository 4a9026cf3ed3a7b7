import { controlsForRule } from '../catalog';
import { asRecord, kindOf, nameOf, namespaceOf } from '../kubernetes/object';
import { POD_BEARING_KINDS } from '../kubernetes/pod-template';
import { groupOf, runsToCompletion, WORKLOAD_CRDS, workloadOf } from '../kubernetes/workloads';
import {
  annotationExemptions,
  EXEMPTION_ANNOTATION_PREFIX,
  type Exemption,
  exemptionMatches,
  type InvalidExemption,
} from './exemptions';
import type { Severity } from './severity';
import type { Finding, LocatedManifest, ManifestRule, ManifestSetRule, RuleOptions, Status } from './types';

/** Kinds of the workload CRDs (the engine asks {@link workloadOf} only for these, unknown and configured kinds). */
const CRD_KINDS: ReadonlySet<string> = new Set(WORKLOAD_CRDS.map((entry) => entry.kind));

/** One finding of one rule on one object, ready for any output format. */
export interface EvaluatedFinding extends Finding {
  /** {@link LocatedManifest.key} of the object. */
  readonly key: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly rule: string;
  readonly controls: readonly string[];
  readonly severity: Severity;
  /** `fail`, or `unknown` when an input was not known yet. */
  readonly status: Extract<Status, 'fail' | 'unknown'>;
  /** Set when a declared exemption covers the finding; it is still reported. */
  readonly exemption?: Pick<Exemption, 'reason' | 'source'>;
}

/** How many objects a rule passed, failed, could not decide, or did not apply to. */
export type RuleTally = Record<Status, number> & { exempted: number };

/** The result of evaluating a whole input. */
export interface ManifestEvaluation {
  readonly findings: readonly EvaluatedFinding[];
  /** Per rule id, counted per object. */
  readonly tallies: ReadonlyMap<string, RuleTally>;
  /** Exemption annotations that exempt nothing, per object key. */
  readonly invalidExemptions: readonly (InvalidExemption & { key: string })[];
  /** Keys of the objects no rule examined (no rule reads their kind, and they carry no pod spec we know of). */
  readonly unexamined: readonly string[];
}

/** What to evaluate with. */
export interface EvaluateOptions {
  readonly rules: readonly (ManifestRule | ManifestSetRule)[];
  readonly options: RuleOptions;
  /** Exemptions from configuration (in-manifest annotations are read from the objects). */
  readonly exemptions?: readonly Exemption[];
  /** When false, `eks-hardening.io/exempt-*` annotations are ignored. @default true */
  readonly allowAnnotationExemptions?: boolean;
}

/**
 * Runs every rule over every object. Per-object rules see each object once; whole-input rules see the
 * whole input after every object is loaded, so a check may span files. Never throws on malformed objects.
 */
export function evaluateManifests(
  inputs: readonly LocatedManifest[],
  settings: EvaluateOptions,
): ManifestEvaluation {
  const tallies = new Map<string, RuleTally>(settings.rules.map((rule) => [rule.id, emptyTally()]));
  const findings: EvaluatedFinding[] = [];
  const invalidExemptions: (InvalidExemption & { key: string })[] = [];
  // Where each object is, for the findings of whole-input rules (which name objects by key).
  const indexByKey = new Map<string, number>();
  const declaredExemptions = new Map<number, readonly Exemption[]>();
  const objectRules = settings.rules.filter((rule): rule is ManifestRule => rule.target === 'kubernetes');
  const setRules = settings.rules.filter((rule): rule is ManifestSetRule => rule.target === 'kubernetes-set');
  const allowAnnotations = settings.allowAnnotationExemptions ?? true;
  const configured = settings.exemptions ?? [];
  // Rules are looked up by kind once per kind, so an object only meets the rules that read its kind; every
  // rule skipped that way counts as not-applicable at the end.
  const rulesByKind = new Map<string, readonly ManifestRule[]>();
  const rulesByWorkload = new Map<string, readonly ManifestRule[]>();
  const podRules = objectRules.filter((rule) => rule.pods !== undefined);
  const configuredWorkloads = settings.options.workloads ?? [];
  const setKinds = new Set(setRules.flatMap((rule) => rule.kinds ?? []));
  const unexamined: string[] = [];
  const controlIds = new Map<string, readonly string[]>(
    settings.rules.map((rule) => [
      rule.id,
      Object.freeze(controlsForRule(rule.id).map((control) => control.id)),
    ]),
  );

  for (let index = 0; index < inputs.length; index++) {
    const { key, manifest } = inputs[index]!;
    let exemptions: readonly Exemption[] = configured;
    if (allowAnnotations && hasExemptionAnnotation(manifest)) {
      const declared = annotationExemptions(manifest);
      for (const invalid of declared.invalid) invalidExemptions.push({ ...invalid, key });
      if (declared.exemptions.length > 0) {
        exemptions = [...declared.exemptions, ...configured];
        declaredExemptions.set(index, exemptions);
      }
    }
    if (setRules.length > 0) indexByKey.set(key, index);
    let subject: FindingSubject | undefined;
    const kind = kindOf(manifest);
    let rules = rulesByKind.get(kind);
    if (!rules) {
      rules = objectRules.filter((rule) => rule.kinds.includes(kind));
      rulesByKind.set(kind, rules);
    }
    // A workload CRD, a configured kind or a pod-template-shaped object: the rules that read pods read it too.
    if (
      podRules.length > 0 &&
      (configuredWorkloads.length > 0 || CRD_KINDS.has(kind) || !POD_BEARING_KINDS.includes(kind))
    ) {
      const workload = workloadOf(manifest, configuredWorkloads);
      if (workload && workload.how !== 'built-in') {
        const batch = runsToCompletion(manifest, workload);
        const cacheKey = `${kind}\u0000${groupOf(manifest)}\u0000${batch}`;
        let withPods = rulesByWorkload.get(cacheKey);
        if (!withPods) {
          const base = rules;
          withPods = [
            ...base,
            ...podRules.filter((rule) => !base.includes(rule) && (rule.pods === 'any' || !batch)),
          ];
          rulesByWorkload.set(cacheKey, withPods);
        }
        rules = withPods;
      }
    }
    if (rules.length === 0 && !setKinds.has(kind)) unexamined.push(key);
    for (const rule of rules) {
      const tally = tallies.get(rule.id)!;
      const result = rule.validate(manifest, settings.options);
      if (result.status === 'pass' || result.status === 'not-applicable') {
        tally[result.status]++;
        continue;
      }
      let exemptedAll = result.findings.length > 0;
      subject ??= findingSubject(manifest);
      for (const finding of result.findings) {
        const made = makeFinding(
          rule,
          key,
          subject,
          finding,
          result.status,
          exemptions,
          controlIds.get(rule.id)!,
        );
        if (!made.exemption) exemptedAll = false;
        findings.push(made);
      }
      if (exemptedAll) tally.exempted++;
      else tally[result.status]++;
    }
  }
  // Each object a rule read added one to exactly one count; the objects it skipped by kind are the rest.
  for (const rule of objectRules) {
    const tally = tallies.get(rule.id)!;
    const read = tally.pass + tally.fail + tally.unknown + tally['not-applicable'] + tally.exempted;
    tally['not-applicable'] += inputs.length - read;
  }

  for (const rule of setRules) {
    const tally = tallies.get(rule.id)!;
    const failed = new Set<string>();
    for (const setFinding of rule.validate(inputs, settings.options)) {
      const index = indexByKey.get(setFinding.key);
      if (index === undefined) continue;
      failed.add(setFinding.key);
      findings.push(
        makeFinding(
          rule,
          setFinding.key,
          findingSubject(inputs[index]!.manifest),
          setFinding,
          'fail',
          declaredExemptions.get(index) ?? configured,
          controlIds.get(rule.id)!,
        ),
      );
    }
    tally.fail += failed.size;
    tally.pass += inputs.length - failed.size;
  }
  return { findings, tallies, invalidExemptions, unexamined };
}

/** True when the object has an annotation that looks like an exemption (most objects have none). */
function hasExemptionAnnotation(manifest: LocatedManifest['manifest']): boolean {
  const annotations = asRecord(asRecord(manifest.metadata)?.annotations);
  if (!annotations) return false;
  for (const name in annotations) if (name.startsWith(EXEMPTION_ANNOTATION_PREFIX)) return true;
  return false;
}

/** What every finding on one object says about the object. */
interface FindingSubject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
}

/** The object fields of a finding, read once per object that has findings. */
function findingSubject(manifest: LocatedManifest['manifest']): FindingSubject {
  return {
    apiVersion: typeof manifest.apiVersion === 'string' ? manifest.apiVersion : '',
    kind: kindOf(manifest),
    namespace: namespaceOf(manifest),
    name: nameOf(manifest),
  };
}

function makeFinding(
  rule: ManifestRule | ManifestSetRule,
  key: string,
  subject: FindingSubject,
  finding: Finding,
  status: 'fail' | 'unknown',
  exemptions: readonly Exemption[],
  ruleControls: readonly string[],
): EvaluatedFinding {
  // A restricted finding that also violates the baseline check it replaces is evidence against both controls.
  const controls = finding.alsoViolates
    ? [
        ...new Set([
          ...ruleControls,
          ...finding.alsoViolates.flatMap((id) => controlsForRule(id).map((control) => control.id)),
        ]),
      ]
    : ruleControls;
  const { apiVersion, kind, namespace, name } = subject;
  const exemption =
    exemptions.length > 0
      ? exemptions.find((candidate) =>
          exemptionMatches(candidate, { rule: rule.id, kind, namespace, name, path: finding.path }),
        )
      : undefined;
  const made: { -readonly [K in keyof EvaluatedFinding]: EvaluatedFinding[K] } = {
    key,
    apiVersion,
    kind,
    namespace,
    name,
    rule: rule.id,
    controls,
    severity: finding.severity ?? rule.severity,
    status,
    path: flat(finding.path),
    message: flat(finding.message),
  };
  if (finding.alsoViolates) made.alsoViolates = finding.alsoViolates;
  if (exemption) made.exemption = { reason: exemption.reason, source: exemption.source };
  return made;
}

/**
 * `text` as one flat string. Messages and paths are built by concatenation, which V8 keeps as a tree of
 * pieces until the text is read; a report holds every finding until it is written, so each tree would be
 * copied by every young-generation collection and then kept. Converting a string to a number flattens it (the
 * result is dropped): the finding then holds one string, about a fifth less memory per finding.
 */
function flat(text: string): string {
  Number(text);
  return text;
}

/** A tally with nothing counted. */
export function emptyTally(): RuleTally {
  return { pass: 0, fail: 0, unknown: 0, 'not-applicable': 0, exempted: 0 };
}
