import type { Framework } from '../../catalog/types';
import type { Severity } from '../../engine/severity';
import { type BaselineState, compareToBaseline } from '../baseline/compare';
import { type FindingIdentity, findingFingerprint } from '../baseline/fingerprint';
import type { Baseline } from '../baseline/read-baseline';
import type { EvaluatedResource, Scorecard, ScorecardInput, ScoredFinding } from './model';

/** A finding named in the scorecard's progress lists. */
export interface ChangedFinding {
  readonly rule: string;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly path: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fingerprint: string;
}

/** A scorecard against an earlier report: score change per framework, and what was fixed and is new. */
export interface ScorecardBaseline {
  /** The earlier report, as the user named it. */
  readonly file: string;
  /** Per framework: the earlier and current score (satisfied / applicable) and the change, in points. */
  readonly frameworks: readonly {
    readonly framework: Framework;
    readonly before: number | null;
    readonly after: number | null;
    /** `after - before` in percentage points; null when either is no evidence or the baseline had none. */
    readonly change: number | null;
  }[];
  /** Open and exempted findings now that the baseline did not have. */
  readonly new: readonly ChangedFinding[];
  /** Findings of the baseline that are gone. */
  readonly fixed: readonly ChangedFinding[];
  readonly unchanged: number;
}

/**
 * What identifies a scorecard finding across runs: its rule, its resource's type, namespace and name, and the
 * field. The same identity as `harden check`'s, so a scorecard and a check report can be each other's baseline.
 */
export function scoredIdentity(
  finding: ScoredFinding,
  resource: EvaluatedResource | undefined,
): FindingIdentity & { readonly namespace: string | null } {
  return {
    rule: finding.rule,
    kind: resource?.type ?? '',
    namespace: resource?.namespace ?? null,
    name: resource?.name ?? '',
    path: finding.path,
  };
}

/**
 * The baseline state of each of `fingerprints` (the scorecard's findings in any order): as many of each
 * fingerprint are new as {@link baselineChange} counted new, the rest are unchanged.
 */
export function baselineStates(
  fingerprints: readonly string[],
  baseline: ScorecardBaseline,
): BaselineState[] {
  const newLeft = new Map<string, number>();
  for (const finding of baseline.new) {
    newLeft.set(finding.fingerprint, (newLeft.get(finding.fingerprint) ?? 0) + 1);
  }
  return fingerprints.map((fingerprint) => {
    const left = newLeft.get(fingerprint) ?? 0;
    if (left === 0) return 'unchanged';
    newLeft.set(fingerprint, left - 1);
    return 'new';
  });
}

/**
 * Compares a scorecard with an earlier one (or an earlier `harden check --format json`, which has findings
 * but no scores): findings match by fingerprint (rule, object, field; never the file), so moving a manifest
 * changes nothing.
 */
export function baselineChange(
  card: Scorecard,
  input: ScorecardInput,
  baseline: Baseline,
): ScorecardBaseline {
  const resources = new Map(input.resources.map((resource) => [resource.key, resource]));
  const current: ChangedFinding[] = input.findings.map((finding) => {
    const identity = scoredIdentity(finding, resources.get(finding.resourceKey));
    return {
      ...identity,
      severity: finding.severity,
      message: finding.message,
      fingerprint: findingFingerprint(identity),
    };
  });
  const comparison = compareToBaseline(
    current.map((finding) => finding.fingerprint),
    baseline.findings,
  );
  return {
    file: baseline.file,
    frameworks: card.frameworks.map((score) => {
      const before = baseline.scores.get(score.framework) ?? null;
      return {
        framework: score.framework,
        before,
        after: score.score,
        change: before === null || score.score === null ? null : Math.round((score.score - before) * 100),
      };
    }),
    new: current.filter((_finding, index) => comparison.states[index] === 'new'),
    fixed: comparison.fixed.map((finding) => ({
      rule: finding.rule,
      kind: finding.kind,
      namespace: finding.namespace ?? null,
      name: finding.name,
      path: finding.path,
      severity: finding.severity,
      message: finding.message,
      fingerprint: finding.fingerprint,
    })),
    unchanged: comparison.unchanged,
  };
}
