import type { AdmissionEvidence } from '../../admission/evidence';
import { controlStages } from '../../catalog/stages';
import type { Control } from '../../catalog/types';
import { FRAMEWORK_TITLES, FRAMEWORKS } from '../../catalog/types';
import { severityRank } from '../../engine/severity';
import { PSS_CHECKS } from '../../kubernetes/pss-profile';
import {
  CONTROL_STATUSES,
  type ControlResult,
  type ControlStatus,
  type FrameworkScore,
  type Scorecard,
  type ScorecardInput,
  type ScoredFinding,
  type UnexaminedType,
} from './model';

/** Statuses that count towards a framework's score; `manual` and `not-applicable` do not. */
const APPLICABLE: ReadonlySet<ControlStatus> = new Set(['pass', 'fail', 'exempted', 'unverified']);
/** Statuses that count as satisfied: an exemption is a recorded, reasoned acceptance. */
const SATISFIED: ReadonlySet<ControlStatus> = new Set(['pass', 'exempted']);

/**
 * Scores every control of the catalog against what was evaluated.
 *
 * A control checked by rules fails on any unexempted failing finding, is `unverified` when an input was
 * unknown, `exempted` when every finding was exempted, and passes when its rules passed at least one object
 * (or a secure default that provides it is present, or an admission policy that denies violations of one of
 * its rules). A baseline PSS control whose rule did not run because a restricted check replaces it is scored
 * through that check: its findings that also violate the baseline control fail it, its other objects pass it. A control enforced only by defaults passes when one of those defaults is present. A control with
 * a `manual` reason whose rules had nothing in scope, or that has no rules, is `manual` with that reason and
 * left out of the score. Admission policies present are listed as evidence. A framework with no applicable
 * control has no score (no evidence), and the types of resources no rule examined are listed.
 */
export function buildScorecard(
  catalog: readonly Control[],
  input: ScorecardInput,
  tool: Scorecard['tool'],
  now: Date = new Date(),
): Scorecard {
  const findingsByRule = groupBy(input.findings, (finding) => finding.rule);
  const findingsByControl = new Map<string, ScoredFinding[]>();
  for (const finding of input.findings) {
    for (const id of finding.controls) {
      const group = findingsByControl.get(id);
      if (group) group.push(finding);
      else findingsByControl.set(id, [finding]);
    }
  }
  const controls = catalog.map((control) => scoreControl(control, input, findingsByRule, findingsByControl));
  return {
    subject: input.subject,
    generatedAt: now.toISOString(),
    tool,
    controls,
    frameworks: FRAMEWORKS.map((framework) => {
      const results = controls.filter((result) => (result.control.frameworks[framework]?.length ?? 0) > 0);
      return frameworkScore(framework, results);
    }),
    resources: input.resources,
    unexamined: unexaminedTypes(input.resources),
    totals: {
      findings: input.findings.filter((finding) => !finding.exemption && finding.status === 'fail').length,
      exempted: input.findings.filter((finding) => finding.exemption).length,
      unverified: input.findings.filter((finding) => !finding.exemption && finding.status === 'unknown')
        .length,
      examined: input.resources.filter((resource) => resource.examined !== false).length,
    },
  };
}

/**
 * The restricted rules that ran in place of `id`, a baseline rule that did not run (restricted replaces it):
 * their passes are this control's passes, and their findings that also violate `id` are its failures.
 */
function replacingRules(id: string, input: ScorecardInput): string[] {
  if (input.tallies.has(id)) return [];
  return PSS_CHECKS.filter((check) => check.overrides?.includes(id) && input.tallies.has(check.rule)).map(
    (check) => check.rule,
  );
}

function scoreControl(
  control: Control,
  input: ScorecardInput,
  findingsByRule: ReadonlyMap<string, readonly ScoredFinding[]>,
  findingsByControl: ReadonlyMap<string, readonly ScoredFinding[]>,
): ControlResult {
  const ruleIds = control.enforcement.rules ?? [];
  const replacing = ruleIds.flatMap((id) => replacingRules(id, input));
  const rules = [...ruleIds, ...replacing].flatMap((id) => {
    const tally = input.tallies.get(id);
    return tally ? [{ id, tally }] : [];
  });
  // Its rules' findings, and findings of other rules that name the control (a restricted check's finding
  // that also violates the baseline check it replaces).
  const findings = [
    ...new Set([
      ...ruleIds.flatMap((id) => findingsByRule.get(id) ?? []),
      ...(findingsByControl.get(control.id) ?? []),
    ]),
  ];
  const defaults = (control.enforcement.defaults ?? []).filter((name) => input.defaultsPresent.has(name));
  const open = findings.filter((finding) => !finding.exemption);
  const severity = open
    .filter((finding) => finding.status === 'fail')
    .map((finding) => finding.severity)
    .reduce((a, b) => (severityRank(b) < severityRank(a) ? b : a), control.severity);
  const admission = (input.admission ?? []).filter((evidence) => ruleIds.includes(evidence.rule));
  const base = { control, severity, rules, defaults, findings, stages: controlStages(control), admission };
  const result = (status: ControlStatus, summary: string): ControlResult => ({
    ...base,
    status,
    summary:
      admission.length > 0 && status !== 'manual'
        ? `${summary}; at admission: ${admissionText(admission)}`
        : summary,
  });

  if (open.some((finding) => finding.status === 'fail')) {
    const count = open.filter((finding) => finding.status === 'fail').length;
    return result('fail', `${count} failing finding${count === 1 ? '' : 's'}`);
  }
  if (open.length > 0) {
    return result('unverified', 'inputs were unknown at preview: verify after apply');
  }
  if (findings.length > 0) {
    return result('exempted', `exempted: ${[...new Set(findings.map(reason))].join('; ')}`);
  }
  // A replacing rule that failed an object only on what the baseline check allows passed it for this control.
  const checked = rules.reduce(
    (sum, rule) => sum + rule.tally.pass + (replacing.includes(rule.id) ? rule.tally.fail : 0),
    0,
  );
  if (checked > 0) {
    const through =
      replacing.length > 0 ? ` (checked by ${replacing.join(', ')}, which replaces it in restricted)` : '';
    return result('pass', `passed on ${checked} object${checked === 1 ? '' : 's'}${through}`);
  }
  if (defaults.length > 0) {
    return result('pass', `secure default of ${defaults.join(', ')}`);
  }
  if (admission.some((evidence) => evidence.actions.includes('Deny'))) {
    return { ...base, status: 'pass', summary: `enforced at admission: ${admissionText(admission)}` };
  }
  // Nothing in scope of its rules (a plan holds no kubelet configuration): how to check it is the answer.
  if (control.enforcement.manual) {
    return { ...base, status: 'manual', summary: control.enforcement.manual };
  }
  return result('not-applicable', 'nothing evaluated was in scope of this control');
}

/** `eks-hardening-x (Deny), eks-hardening-y (Warn, Audit)`. */
function admissionText(admission: readonly AdmissionEvidence[]): string {
  return admission.map((evidence) => `${evidence.policy} (${evidence.actions.join(', ')})`).join(', ');
}

function frameworkScore(
  framework: FrameworkScore['framework'],
  results: readonly ControlResult[],
): FrameworkScore {
  const counts = Object.fromEntries(CONTROL_STATUSES.map((status) => [status, 0])) as Record<
    ControlStatus,
    number
  >;
  for (const result of results) counts[result.status]++;
  const applicable = results.filter((result) => APPLICABLE.has(result.status)).length;
  const satisfied = results.filter((result) => SATISFIED.has(result.status)).length;
  return {
    framework,
    title: FRAMEWORK_TITLES[framework],
    satisfied,
    applicable,
    score: applicable === 0 ? null : satisfied / applicable,
    counts,
  };
}

/** The types of the resources no rule examined, with their counts, most first (then by type). */
export function unexaminedTypes(
  resources: readonly { readonly type: string; readonly examined?: boolean }[],
): UnexaminedType[] {
  const counts = new Map<string, number>();
  for (const resource of resources) {
    if (resource.examined === false) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  }
  return [...counts]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/**
 * `1 resource of an unexamined type: eks:index:Cluster`, `3 resources of unexamined types: aws:iam/role:Role
 * (2), aws:s3/bucket:Bucket`; empty when every resource was examined.
 */
export function describeUnexamined(unexamined: readonly UnexaminedType[]): string {
  if (unexamined.length === 0) return '';
  const total = unexamined.reduce((sum, entry) => sum + entry.count, 0);
  const types = unexamined.map((entry) => (entry.count > 1 ? `${entry.type} (${entry.count})` : entry.type));
  return `${total} resource${total === 1 ? '' : 's'} of ${unexamined.length === 1 ? 'an unexamined type' : 'unexamined types'}: ${types.join(', ')}`;
}

function reason(finding: ScoredFinding): string {
  return finding.exemption?.reason ?? '';
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
