import type { Finding, RuleResult, SetFinding } from './types';

/** The rule held. */
export const PASS: RuleResult = Object.freeze({ status: 'pass', findings: [] });

/** The rule does not apply to this object (wrong kind, feature unused). */
export const NOT_APPLICABLE: RuleResult = Object.freeze({ status: 'not-applicable', findings: [] });

/** `fail` with the findings, or `pass` when there are none. */
export function failIfAny(findings: readonly Finding[]): RuleResult {
  return findings.length === 0 ? PASS : { status: 'fail', findings };
}

/** The finding that the input at `path` is not known yet (`message`, then that it cannot be verified). */
export function unknownFinding(path: string, message: string): Finding {
  return { path, message: `${message}: cannot be verified until apply` };
}

/** An input the rule needs is not known yet: report it, never pass silently. */
export function unknownAt(path: string, message: string): RuleResult {
  return { status: 'unknown', findings: [unknownFinding(path, message)] };
}

/** {@link unknownAt} for a whole-input rule: the finding on the object or resource with `key`. */
export function unknownSetFinding(key: string, path: string, message: string): SetFinding {
  return { key, path, status: 'unknown', message: `${message}: cannot be verified until apply` };
}

/**
 * `fail` with `findings` when there are any; otherwise `unknown` with `unknowns` when an input was not known
 * yet; otherwise `pass`. A failure found elsewhere in the object is never hidden behind an unknown value.
 */
export function failOrUnknown(findings: readonly Finding[], unknowns: readonly Finding[]): RuleResult {
  if (findings.length === 0 && unknowns.length > 0) return { status: 'unknown', findings: unknowns };
  return failIfAny(findings);
}
