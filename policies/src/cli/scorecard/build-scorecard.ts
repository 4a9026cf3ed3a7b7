import type { Control } from '../../catalog/types';
import { FRAMEWORK_TITLES, FRAMEWORKS } from '../../catalog/types';
import {
  CONTROL_STATUSES,
  type ControlResult,
  type ControlStatus,
  type FrameworkScore,
  type Scorecard,
  type ScorecardInput,
  type ScoredFinding,
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
 * (or a secure default that provides it is present). A control enforced only by defaults passes when one of
 * those defaults is present. A control with a `manual` reason whose rules had nothing in scope, or that has no
 * rules, is `manual` with that reason and left out of the score.
 */
export function buildScorecard(
  catalog: readonly Control[],
  input: ScorecardInput,
  tool: Scorecard['tool'],
  now: Date = new Date(),
): Scorecard {
  const findingsByRule = groupBy(input.findings, (finding) => finding.rule);
  const controls = catalog.map((control) => scoreControl(control, input, findingsByRule));
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
    totals: {
      findings: input.findings.filter((finding) => !finding.exemption && finding.status === 'fail').length,
      exempted: input.findings.filter((finding) => finding.exemption).length,
      unverified: input.findings.filter((finding) => !finding.exemption && finding.status === 'unknown')
        .length,
    },
  };
}

function scoreControl(
  control: Control,
  input: ScorecardInput,
  findingsByRule: ReadonlyMap<string, readonly ScoredFinding[]>,
): ControlResult {
  const ruleIds = control.enforcement.rules ?? [];
  const rules = ruleIds.flatMap((id) => {
    const tally = input.tallies.get(id);
    return tally ? [{ id, tally }] : [];
  });
  const findings = ruleIds.flatMap((id) => findingsByRule.get(id) ?? []);
  const defaults = (control.enforcement.defaults ?? []).filter((name) => input.defaultsPresent.has(name));
  const open = findings.filter((finding) => !finding.exemption);
  const base = { control, rules, defaults, findings };

  if (open.some((finding) => finding.status === 'fail')) {
    const count = open.filter((finding) => finding.status === 'fail').length;
    return { ...base, status: 'fail', summary: `${count} failing finding${count === 1 ? '' : 's'}` };
  }
  if (open.length > 0) {
    return { ...base, status: 'unverified', summary: 'inputs were unknown at preview: verify after apply' };
  }
  if (findings.length > 0) {
    return {
      ...base,
      status: 'exempted',
      summary: `exempted: ${[...new Set(findings.map(reason))].join('; ')}`,
    };
  }
  const checked = rules.reduce((sum, rule) => sum + rule.tally.pass, 0);
  if (checked > 0) {
    return { ...base, status: 'pass', summary: `passed on ${checked} object${checked === 1 ? '' : 's'}` };
  }
  if (defaults.length > 0) {
    return { ...base, status: 'pass', summary: `secure default of ${defaults.join(', ')}` };
  }
  // Nothing in scope of its rules (a plan holds no kubelet configuration): how to check it is the answer.
  if (control.enforcement.manual) {
    return { ...base, status: 'manual', summary: control.enforcement.manual };
  }
  return { ...base, status: 'not-applicable', summary: 'nothing evaluated was in scope of this control' };
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
    score: applicable === 0 ? 1 : satisfied / applicable,
    counts,
  };
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
