import { SEVERITIES, type Severity } from '../../engine/severity';
import {
  type CheckFinding,
  type CheckReport,
  type CheckSummary,
  describeUnchecked,
  locationText,
  objectKey,
  summarize,
  uncheckedKinds,
} from './check-report';

/** How to print: with ANSI colour (only for a terminal, and only when NO_COLOR is unset). */
export interface TextOptions {
  readonly colour: boolean;
}

type Paint = (text: string) => string;

const ANSI = {
  bold: '1',
  dim: '2',
  red: '31',
  yellow: '33',
  magenta: '35',
  cyan: '36',
  green: '32',
} as const;

/**
 * `harden check` for a person: findings grouped by file and object (in input order), exempted findings
 * marked with their reason, then a summary. Input errors are printed to stderr by the command; the summary
 * counts them.
 */
export function renderFindingsText(report: CheckReport, options: TextOptions): string {
  const paint = (code: string): Paint =>
    options.colour ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text;
  const severityPaint: Record<Severity, Paint> = {
    critical: paint(`${ANSI.bold};${ANSI.magenta}`),
    high: paint(ANSI.red),
    medium: paint(ANSI.yellow),
    low: paint(ANSI.cyan),
  };
  const dim = paint(ANSI.dim);
  const bold = paint(ANSI.bold);
  const labelWidth = Math.max(...SEVERITIES.map((severity) => severity.length), 'exempted'.length);
  const ruleWidth = Math.max(0, ...report.findings.map((finding) => finding.rule.length));

  const lines: string[] = [];
  let file: string | undefined;
  let object: string | undefined;
  const states = report.baseline?.states;
  for (let index = 0; index < report.findings.length; index++) {
    const finding = report.findings[index]!;
    if (finding.file !== file) {
      if (file !== undefined) lines.push('');
      file = finding.file;
      object = undefined;
      lines.push(bold(file === '-' ? '<stdin>' : file));
    }
    const key = objectKey(finding);
    if (key !== object) {
      object = key;
      lines.push(`  ${objectHeading(finding)}`);
    }
    const rule = finding.rule.padEnd(ruleWidth);
    if (finding.exemption) {
      lines.push(dim(`    ${'exempted'.padEnd(labelWidth)}  ${rule}  ${finding.message}`));
      lines.push(
        dim(
          `    ${''.padEnd(labelWidth)}  ${''.padEnd(ruleWidth)}  reason (${finding.exemption.source}): ${finding.exemption.reason}`,
        ),
      );
    } else {
      const isNew = states?.[index] === 'new' ? ` ${paint(ANSI.bold)('(new)')}` : '';
      lines.push(
        `    ${severityPaint[finding.severity](finding.severity.padEnd(labelWidth))}  ${rule}  ${finding.message}${isNew}`,
      );
    }
  }
  if (lines.length > 0) lines.push('');

  const summary = summarize(report);
  const skipped = report.skippedFiles > 0 ? ` (${report.skippedFiles} skipped, see the warnings)` : '';
  const scope = `${count(report.objects, 'object')} in ${count(report.files, 'file')}${skipped}, profile ${report.profile}, Pod Security Standards ${report.pssVersion}`;
  if (report.objects === 0 && summary.errors > 0) {
    lines.push(paint(ANSI.red)(`Nothing was checked: ${count(summary.errors, 'error')} (see stderr).`));
    return `${lines.join('\n')}\n`;
  }
  if (summary.open === 0) {
    lines.push(paint(ANSI.green)(`No findings: ${scope}.`));
  } else {
    const severities = SEVERITIES.filter((severity) => summary.bySeverity[severity] > 0)
      .map((severity) => severityPaint[severity](`${summary.bySeverity[severity]} ${severity}`))
      .join(', ');
    lines.push(
      `${bold(count(summary.open, 'finding'))} (${severities}) in ${count(summary.failingObjects, 'object')}; checked ${scope}.`,
    );
    if (summary.errors === 0) lines.push(exitReason(report.failOn, summary));
  }
  if (summary.exempted > 0)
    lines.push(dim(`${count(summary.exempted, 'finding')} exempted (listed above with the reason).`));
  const unchecked = describeUnchecked(uncheckedKinds(report));
  if (unchecked) lines.push(paint(ANSI.yellow)(`${unchecked}.`));
  if (report.baseline) lines.push(...baselineLines(report.baseline, paint(ANSI.green)));
  if (summary.warnings > 0)
    lines.push(paint(ANSI.yellow)(`${count(summary.warnings, 'warning')} (see stderr).`));
  if (summary.errors > 0) {
    lines.push(
      paint(ANSI.red)(`${count(summary.errors, 'input error')}: some input was not checked (see stderr).`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `Deployment prod/api (document 2, line 41)`. */
function objectHeading(finding: CheckFinding): string {
  const name = `${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ''}${finding.name || '<unnamed>'}`;
  const where = [
    `document ${finding.documentIndex}`,
    ...(finding.itemIndex === undefined ? [] : [`item ${finding.itemIndex}`]),
    ...(finding.line === undefined ? [] : [`line ${finding.line}`]),
  ];
  return `${name} (${where.join(', ')})`;
}

/** One line per input error or warning, as `harden: file:line:column: message` on stderr. */
export function renderProblems(
  problems: readonly { file?: string; line?: number; column?: number; message: string }[],
  label: 'error' | 'warning',
): string {
  return problems
    .map((problem) => {
      const where = locationText(problem);
      return `harden: ${label}: ${where ? `${where}: ` : ''}${problem.message}\n`;
    })
    .join('');
}

/** Since the baseline: how many findings are new, unchanged and fixed, and which were fixed. */
function baselineLines(baseline: NonNullable<CheckReport['baseline']>, green: Paint): string[] {
  const lines = [
    `Since ${baseline.file}: ${baseline.new} new (marked (new) above), ${baseline.unchanged} unchanged, ${baseline.fixed.length} fixed.`,
  ];
  for (const fixed of baseline.fixed) {
    const object = `${fixed.kind} ${fixed.namespace ? `${fixed.namespace}/` : ''}${fixed.name || '<unnamed>'}`;
    lines.push(green(`  fixed  ${fixed.rule}  ${object}: ${fixed.message}`));
  }
  return lines;
}

/** Which findings decide the exit code under `--fail-on`. */
function exitReason(failOn: Severity, summary: CheckSummary): string {
  const below = summary.open - summary.failing;
  if (failOn === 'low')
    return 'Exit code 1: every open finding fails the check (--fail-on low, the default).';
  const option = `--fail-on ${failOn}`;
  const rest =
    below > 0 ? `; ${count(below, 'finding')} below ${failOn} do${below === 1 ? 'es' : ''} not fail it` : '';
  return summary.failing > 0
    ? `Exit code 1: ${count(summary.failing, 'finding')} at or above ${failOn} (${option})${rest}.`
    : `Exit code 0: no finding at or above ${failOn} (${option})${rest}.`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
