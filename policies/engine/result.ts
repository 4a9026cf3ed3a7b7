import type { Finding, RuleResult } from './types';

/** The rule held. */
export const PASS: RuleResult = Object.freeze({ status: 'pass', findings: [] });

/** The rule does not apply to this object (wrong kind, feature unused). */
export const NOT_APPLICABLE: RuleResult = Object.freeze({ status: 'not-applicable', findings: [] });

/** `fail` with the findings, or `pass` when there are none. */
export function failIfAny(findings: readonly Finding[]): RuleResult {
  return findings.length === 0 ? PASS : { status: 'fail', findings };
}

/** An input the rule needs is not known yet: report it, never pass silently. */
export function unknownAt(path: string, message: string): RuleResult {
  return { status: 'unknown', findings: [{ path, message: `${message}: cannot be verified until apply` }] };
}
