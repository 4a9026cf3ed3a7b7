/** How bad a violation of a control is. Severity belongs to the rule; enforcement belongs to the user. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** Orders severities from most to least severe (critical = 0). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
