import type { Framework } from '../../catalog/types';
import type { Severity } from '../../engine/severity';
import { compareToBaseline } from '../baseline/compare';
import { findingFingerprint } from '../baseline/fingerprint';
import type { Baseline } from '../baseline/read-baseline';
import type { Scorecard, ScorecardInput } from './model';

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
    const resource = resources.get(finding.resourceKey);
    const identity = {
      rule: finding.rule,
      kind: resource?.type ?? '',
      namespace: resource?.namespace ?? null,
      name: resource?.name ?? '',
      path: finding.path,
    };
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
