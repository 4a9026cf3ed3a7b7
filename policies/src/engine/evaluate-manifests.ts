import { controlsForRule } from '../catalog';
import { errorMessage } from '../error-message';
import { groupOf, isLookalike } from '../kubernetes/built-in-kinds';
import { asRecord, displayName, kindOf, nameOf, namespaceOf } from '../kubernetes/object';
import { POD_BEARING_KINDS } from '../kubernetes/pod-template';
import { runsToCompletion, WORKLOAD_CRDS, workloadOf } from '../kubernetes/workloads';
import {
  annotationExemptions,
  EXEMPTION_ANNOTATION_PREFIX,
  type Exemption,
  exemptionMatches,
  findingExemption,
  type InvalidExemption,
} from './exemptions';
import type { Severity } from './severity';
import type {
  Finding,
  LocatedManifest,
  Manifest,
  ManifestRule,
  ManifestSetRule,
  RuleOptions,
  RuleResult,
  SetFinding,
  Status,
} from './types';

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

/**
 * A rule that threw instead of returning a verdict: a bug in the rule, never the input's fault. The engine
 * reports it and goes on, so the other rules' findings on the object, and every other object's, still stand.
 */
export interface RuleFailure {
  /** {@link LocatedManifest.key} of the object; undefined when a whole-input rule failed on the whole input. */
  readonly key?: string;
  readonly rule: string;
  /** The error's message. */
  readonly message: string;
}

/** How many objects a rule passed, failed, could not decide, or did not apply to. */
export type RuleTally = Record<Status, number> & { exempted: number };

/** The result of evaluating a whole input. */
export interface ManifestEvaluation {
  readonly findings: readonly EvaluatedFinding[];
  /** Per rule id, counted per object. */
  readonly tallies: ReadonlyMap<string, RuleTally>;
  /** Exemptions that exempt nothing (an annotation without a reason, or one a finding's `alsoViolates` defeats), per object key. */
  readonly invalidExemptions: readonly (InvalidExemption & { key: string })[];
  /** Keys of the objects no rule examined (no rule reads their kind, and they carry no pod spec we know of). */
  readonly unexamined: readonly string[];
  /** Rules that threw; each such object goes uncounted in its rule's tally but for not-applicable. */
  readonly ruleFailures: readonly RuleFailure[];
}

/** What to evaluate with. */
export interface EvaluateOptions {
  readonly rules: readonly (ManifestRule | ManifestSetRule)[];
  readonly options: RuleOptions;
  /** Exemptions from configuration (in-manifest annotations are read from the objects). */
  readonly exemptions?: readonly Exemption[];
  /** When false, `eks-hardening.io/exempt-*` annotations are ignored. @default true */
  readonly allowAnnotationExemptions?: boolean;
  /**
   * Rules no exemption applies to, from an annotation or `exemptions`: their findings stay open, and so does
   * a finding of another rule that also violates one of them (`alsoViolates`). @default []
   */
  readonly neverExempt?: readonly string[];
}

/**
 * Runs every rule over every object. Per-object rules see each object once; whole-input rules see the
 * whole input after every object is loaded, so a check may span files. Never throws: a rule that throws (a
 * bug, whatever the object) is listed in `ruleFailures` and the other rules run on. Findings come in input
 * order, then those of the whole-input rules.
 */
export function evaluateManifests(
  inputs: readonly LocatedManifest[],
  settings: EvaluateOptions,
): ManifestEvaluation {
  const evaluator = new ManifestEvaluator(settings);
  const findings: EvaluatedFinding[] = [];
  for (const input of inputs) for (const finding of evaluator.add(input)) findings.push(finding);
  const rest = evaluator.finish();
  for (const finding of rest.findings) findings.push(finding);
  return { ...rest, findings };
}

/** A per-object rule with the tally its results are counted in. */
interface Counted {
  readonly rule: ManifestRule;
  readonly tally: RuleTally;
}

/** What a whole-input rule keeps of one object until every object is read. */
interface Retained {
  readonly subject: FindingSubject;
  readonly exemptions: readonly Exemption[];
}

/**
 * {@link evaluateManifests} one object at a time, for inputs too large to hold: {@link add} runs the
 * per-object rules on an object and returns its findings, after which the caller may drop the object;
 * {@link finish} runs the whole-input rules. Those keep only the objects of their `kinds`, as their `retain`
 * reduces them, so memory grows with the findings, not with the input.
 */
export class ManifestEvaluator {
  private readonly tallies: Map<string, RuleTally>;
  private readonly invalidExemptions: (InvalidExemption & { key: string })[] = [];
  private readonly unexamined: string[] = [];
  private readonly ruleFailures: RuleFailure[] = [];
  /** Object key and rule of each exemption already warned of as not covering a finding. */
  private readonly warnedUncovered = new Set<string>();
  private readonly objectRules: readonly ManifestRule[];
  private readonly setRules: readonly ManifestSetRule[];
  private readonly podRules: readonly ManifestRule[];
  /** Per set rule (by position), what it keeps of each object of its kinds. */
  private readonly kept: LocatedManifest[][];
  /** Per object key a set rule keeps, how its findings name it and what exempts them. */
  private readonly retained = new Map<string, Retained>();
  private readonly allowAnnotations: boolean;
  private readonly configured: readonly Exemption[];
  private readonly exemptable: (exemption: Exemption) => boolean;
  private readonly never: ReadonlySet<string>;
  private readonly configuredWorkloads: NonNullable<RuleOptions['workloads']>;
  // Rules are looked up by kind once per kind, so an object only meets the rules that read its kind; every
  // rule skipped that way counts as not-applicable at the end.
  // Each comes with its rule's tally, so counting needs no lookup per rule and object.
  private readonly rulesByKind = new Map<string, readonly Counted[]>();
  private readonly rulesByWorkload = new Map<string, readonly Counted[]>();
  private readonly controlIds: ReadonlyMap<string, readonly string[]>;
  private objects = 0;

  constructor(private readonly settings: EvaluateOptions) {
    this.tallies = new Map(settings.rules.map((rule) => [rule.id, emptyTally()]));
    this.objectRules = settings.rules.filter((rule): rule is ManifestRule => rule.target === 'kubernetes');
    this.setRules = settings.rules.filter(
      (rule): rule is ManifestSetRule => rule.target === 'kubernetes-set',
    );
    this.podRules = this.objectRules.filter((rule) => rule.pods !== undefined);
    this.kept = this.setRules.map(() => []);
    this.allowAnnotations = settings.allowAnnotationExemptions ?? true;
    const never = new Set(settings.neverExempt ?? []);
    this.never = never;
    this.exemptable = (exemption) => !never.has(exemption.rule);
    this.configured = (settings.exemptions ?? []).filter(this.exemptable);
    this.configuredWorkloads = settings.options.workloads ?? [];
    this.controlIds = new Map(
      settings.rules.map((rule) => [
        rule.id,
        Object.freeze(controlsForRule(rule.id).map((control) => control.id)),
      ]),
    );
  }

  /** Runs the per-object rules on one object and returns its findings (exempted ones included). */
  add({ key, manifest }: LocatedManifest): EvaluatedFinding[] {
    this.objects++;
    const findings: EvaluatedFinding[] = [];
    let exemptions: readonly Exemption[] = this.configured;
    if (this.allowAnnotations && hasExemptionAnnotation(manifest)) {
      const declared = annotationExemptions(manifest);
      for (const invalid of declared.invalid) this.invalidExemptions.push({ ...invalid, key });
      const declaredExemptions = declared.exemptions.filter(this.exemptable);
      if (declaredExemptions.length > 0) exemptions = [...declaredExemptions, ...this.configured];
    }
    let subject: FindingSubject | undefined;
    const kind = kindOf(manifest);
    // A CRD with a built-in kind's name (a Volcano Job, an ACK Role) meets none of that kind's rules.
    const lookalike = isLookalike(manifest);
    const rules = this.rulesFor(kind, manifest, lookalike);
    for (const { rule, tally } of rules) {
      let result: RuleResult;
      try {
        result = rule.validate(manifest, this.settings.options);
      } catch (error) {
        this.ruleFailures.push({ key, rule: rule.id, message: errorMessage(error) });
        continue;
      }
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
          this.controlIds.get(rule.id)!,
          (uncovered) => this.uncovered(key, displayName(manifest), uncovered),
        );
        if (!made.exemption) exemptedAll = false;
        findings.push(made);
      }
      if (exemptedAll) tally.exempted++;
      else tally[result.status]++;
    }
    let keptBySet = false;
    for (let index = 0; index < this.setRules.length; index++) {
      const rule = this.setRules[index]!;
      // A rule that names its kinds reads them as built in; one that reads every kind tells for itself.
      if (rule.kinds && (lookalike || !rule.kinds.includes(kind))) continue;
      let kept: Manifest | undefined;
      try {
        kept = rule.retain ? rule.retain(manifest, this.settings.options) : manifest;
      } catch (error) {
        this.ruleFailures.push({ key, rule: rule.id, message: errorMessage(error) });
        continue;
      }
      if (kept === undefined) continue;
      keptBySet = true;
      this.kept[index]!.push({ key, manifest: kept });
      if (!this.retained.has(key)) {
        this.retained.set(key, { subject: subject ?? findingSubject(manifest), exemptions });
      }
    }
    if (rules.length === 0 && !keptBySet) this.unexamined.push(key);
    return findings;
  }

  /** Runs the whole-input rules; returns their findings and the counts of the whole run. */
  finish(): ManifestEvaluation {
    // Each object a rule read added one to exactly one count; the objects it skipped by kind are the rest.
    for (const rule of this.objectRules) {
      const tally = this.tallies.get(rule.id)!;
      const read = tally.pass + tally.fail + tally.unknown + tally['not-applicable'] + tally.exempted;
      tally['not-applicable'] += this.objects - read;
    }
    const findings: EvaluatedFinding[] = [];
    this.setRules.forEach((rule, index) => {
      const tally = this.tallies.get(rule.id)!;
      const failed = new Set<string>();
      let setFindings: readonly SetFinding[];
      try {
        setFindings = rule.validate(this.kept[index]!, this.settings.options);
      } catch (error) {
        this.ruleFailures.push({ rule: rule.id, message: errorMessage(error) });
        return;
      }
      for (const setFinding of setFindings) {
        const retained = this.retained.get(setFinding.key);
        if (retained === undefined) continue;
        failed.add(setFinding.key);
        findings.push(
          makeFinding(
            rule,
            setFinding.key,
            retained.subject,
            setFinding,
            'fail',
            retained.exemptions,
            this.controlIds.get(rule.id)!,
            (uncovered) =>
              this.uncovered(setFinding.key, `${retained.subject.kind}/${retained.subject.name}`, uncovered),
          ),
        );
      }
      // The objects it kept passed but for those it failed; the others it never read.
      const kept = this.kept[index]!.length;
      tally.fail += failed.size;
      tally.pass += kept - failed.size;
      tally['not-applicable'] += this.objects - kept;
    });
    return {
      findings,
      tallies: this.tallies,
      invalidExemptions: this.invalidExemptions,
      unexamined: this.unexamined,
      ruleFailures: this.ruleFailures,
    };
  }

  /** Warns, once per object and rule, of an exemption that does not cover a finding of its rule. */
  private uncovered(key: string, subject: string, uncovered: UncoveredExemption): void {
    const once = `${key}\u0000${uncovered.rule}`;
    if (this.warnedUncovered.has(once)) return;
    this.warnedUncovered.add(once);
    this.invalidExemptions.push({ key, message: uncoveredMessage(subject, uncovered, this.never) });
  }

  /**
   * The per-object rules that read an object of `kind` (none for a `lookalike`), and for a workload CRD the
   * rules that read pods.
   */
  private rulesFor(kind: string, manifest: Manifest, lookalike: boolean): readonly Counted[] {
    let rules = lookalike ? NO_RULES : this.rulesByKind.get(kind);
    if (!rules) {
      rules = this.counted(this.objectRules.filter((rule) => rule.kinds.includes(kind)));
      this.rulesByKind.set(kind, rules);
    }
    // A workload CRD, a configured kind or a pod-template-shaped object: the rules that read pods read it too.
    const builtInWorkload = POD_BEARING_KINDS.includes(kind) && !lookalike;
    if (
      this.podRules.length === 0 ||
      !(this.configuredWorkloads.length > 0 || CRD_KINDS.has(kind) || !builtInWorkload)
    ) {
      return rules;
    }
    const workload = workloadOf(manifest, this.configuredWorkloads);
    if (!workload || workload.how === 'built-in') return rules;
    const batch = runsToCompletion(manifest, workload);
    const cacheKey = `${kind}\u0000${groupOf(manifest)}\u0000${batch}`;
    let withPods = this.rulesByWorkload.get(cacheKey);
    if (!withPods) {
      const base = rules.map((entry) => entry.rule);
      withPods = [
        ...rules,
        ...this.counted(
          this.podRules.filter((rule) => !base.includes(rule) && (rule.pods === 'any' || !batch)),
        ),
      ];
      this.rulesByWorkload.set(cacheKey, withPods);
    }
    return withPods;
  }

  private counted(rules: readonly ManifestRule[]): readonly Counted[] {
    return rules.map((rule) => ({ rule, tally: this.tallies.get(rule.id)! }));
  }
}

const NO_RULES: readonly Counted[] = Object.freeze([]);

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
  onUncovered: (uncovered: UncoveredExemption) => void,
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
  const exemptionOf = (id: string) =>
    exemptions.find((candidate) =>
      exemptionMatches(candidate, { rule: id, kind, namespace, name, path: finding.path }),
    );
  const own = exemptions.length > 0 ? exemptionOf(rule.id) : undefined;
  const exemption = own ? findingExemption(exemptionOf, rule.id, finding) : undefined;
  if (own && !exemption) {
    const missing = (finding.alsoViolates ?? []).filter((id) => exemptionOf(id) === undefined);
    onUncovered({ rule: rule.id, exemption: own, missing, path: finding.path });
  }
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

/** An exemption of a rule that does not cover a finding of it, since the finding also violates `missing`. */
interface UncoveredExemption {
  readonly rule: string;
  readonly exemption: Exemption;
  readonly missing: readonly string[];
  readonly path: string;
}

/**
 * The warning for an {@link UncoveredExemption} of object `subject`; `never` are the rules `neverExempt`
 * lists, which no second exemption can open.
 */
function uncoveredMessage(
  subject: string,
  { rule, exemption, missing, path }: UncoveredExemption,
  never: ReadonlySet<string>,
): string {
  const declared =
    exemption.source === 'annotation'
      ? `annotation '${EXEMPTION_ANNOTATION_PREFIX}${rule}'`
      : `the exemption of ${rule} in ${exemption.source}`;
  const also = missing.join(' and ');
  const fix = missing.some((id) => never.has(id))
    ? `neverExempt keeps ${missing.filter((id) => never.has(id)).join(' and ')} open, so nothing exempts this finding; fix the field`
    : `exempt ${also} as well, with its own reason, or fix the field`;
  return `${subject}: ${declared} does not cover the finding at ${path}, which also violates ${also} (not exempted): a finding that breaks a rule of a lower Pod Security level is exempted only when that rule is too; ${fix}`;
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
