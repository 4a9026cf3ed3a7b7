import type { BaselineFinding } from './read-baseline';

/** How a finding compares to the baseline (SARIF's `baselineState` values for current results). */
export type BaselineState = 'new' | 'unchanged';

/** The current findings against an earlier report. */
export interface BaselineComparison {
  /** Per current finding, in order. */
  readonly states: readonly BaselineState[];
  /** Findings of the baseline that are gone. */
  readonly fixed: readonly BaselineFinding[];
  readonly new: number;
  readonly unchanged: number;
}

/**
 * Marks each current finding (by its fingerprint) new or unchanged, and lists the baseline's findings no
 * current finding matches as fixed. Matching counts: two identical findings now against one before is one
 * unchanged and one new.
 */
export function compareToBaseline(
  current: readonly string[],
  baseline: readonly BaselineFinding[],
): BaselineComparison {
  const remaining = new Map<string, BaselineFinding[]>();
  for (const finding of baseline) {
    const list = remaining.get(finding.fingerprint);
    if (list) list.push(finding);
    else remaining.set(finding.fingerprint, [finding]);
  }
  let unchanged = 0;
  const states = current.map((fingerprint): BaselineState => {
    const list = remaining.get(fingerprint);
    if (!list || list.length === 0) return 'new';
    list.shift();
    unchanged++;
    return 'unchanged';
  });
  const fixed = [...remaining.values()].flat();
  return { states, fixed, new: current.length - unchanged, unchanged };
}
