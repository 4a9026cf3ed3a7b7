import { SEVERITIES, type Severity } from '../../engine/severity';
import {
  type CheckFinding,
  type CheckReport,
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
  for (const finding of report.findings) {
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
      lines.push(
        `    ${severityPaint[finding.severity](finding.severity.padEnd(labelWidth))}  ${rule}  ${finding.message}`,
      );
    }
  }
  if (lines.length > 0) lines.push('');

  const summary = summarize(report);
  const scope = `${count(report.objects, 'object')} in ${count(report.files, 'file')}, profile ${report.profile}, Pod Security Standards ${report.pssVersion}`;
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
  }
  if (summary.exempted > 0)
    lines.push(dim(`${count(summary.exempted, 'finding')} exempted (listed above with the reason).`));
  const unchecked = describeUnchecked(uncheckedKinds(report));
  if (unchecked) lines.push(paint(ANSI.yellow)(`${unchecked}.`));
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

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
