import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXIT } from '../exit-codes';
import type { ChangedFinding, ScorecardBaseline } from './baseline-change';
import { describeUnexamined } from './build-scorecard';
import type { FrameworkScore, Scorecard } from './model';
import { renderScorecardHtml } from './render-html';
import { renderScorecardSarif } from './render-sarif';

/** The files a scorecard is written to. */
export interface ScorecardFiles {
  readonly json: string;
  readonly sarif: string;
  readonly html: string;
}

/** Writes `scorecard.json`, `scorecard.sarif` and the self-contained `scorecard.html` into `outDir`. */
export function writeScorecard(card: Scorecard, outDir: string, cwd: string): ScorecardFiles {
  mkdirSync(outDir, { recursive: true });
  const files = {
    json: join(outDir, 'scorecard.json'),
    sarif: join(outDir, 'scorecard.sarif'),
    html: join(outDir, 'scorecard.html'),
  };
  writeFileSync(files.json, `${JSON.stringify(card, null, 2)}\n`);
  writeFileSync(files.sarif, renderScorecardSarif(card, cwd));
  writeFileSync(files.html, renderScorecardHtml(card));
  return files;
}

/** A few lines for the terminal: one bar per framework, the totals and where the HTML is. */
export function renderScorecardSummary(card: Scorecard, files: ScorecardFiles, cwd: string): string {
  const width = Math.max(...card.frameworks.map((framework) => framework.title.length));
  const changes = new Map(card.baseline?.frameworks.map((entry) => [entry.framework, entry]) ?? []);
  const lines = card.frameworks.map(
    (framework) =>
      `  ${framework.title.padEnd(width)}  ${frameworkBar(framework)}${changeText(changes.get(framework.framework))}`,
  );
  const manual = card.controls.filter((result) => result.status === 'manual').length;
  const failing = card.controls.filter((result) => result.status === 'fail');
  const unexamined = describeUnexamined(card.unexamined);
  return [
    '',
    `Compliance scorecard: ${card.subject}`,
    ...lines,
    '',
    `  ${card.resources.length} resources evaluated (${card.totals.examined} examined by a rule) · ${card.totals.findings} open findings · ${card.totals.exempted} exempted · ${card.totals.unverified} unverified · ${manual} manual controls`,
    ...(unexamined ? [`  ${unexamined}`] : []),
    ...(failing.length > 0
      ? [`  failing controls: ${failing.map((result) => result.control.id).join(', ')}`]
      : []),
    ...(card.baseline ? baselineLines(card.baseline) : []),
    '',
    `  HTML report: ${relative(cwd, files.html) || files.html}`,
    `  JSON: ${relative(cwd, files.json)}   SARIF: ${relative(cwd, files.sarif)}`,
    '',
  ].join('\n');
}

/** `  (+12 points since the baseline)`, or nothing without a baseline score to compare with. */
function changeText(entry: ScorecardBaseline['frameworks'][number] | undefined): string {
  if (!entry || entry.change === null) return '';
  const sign = entry.change > 0 ? '+' : entry.change < 0 ? '' : '±';
  return `  (${sign}${entry.change} points since the baseline)`;
}

/** What changed since the baseline: counts, then the fixed and the new findings, one line each. */
function baselineLines(baseline: ScorecardBaseline): string[] {
  const line = (finding: ChangedFinding) =>
    `      ${finding.severity.padEnd(8)}  ${finding.rule}  ${finding.kind} ${finding.namespace ? `${finding.namespace}/` : ''}${finding.name}: ${finding.message}`;
  return [
    '',
    `  Since ${baseline.file}: ${baseline.fixed.length} fixed, ${baseline.new.length} new, ${baseline.unchanged} unchanged findings`,
    ...(baseline.fixed.length > 0 ? ['    fixed:', ...baseline.fixed.map(line)] : []),
    ...(baseline.new.length > 0 ? ['    new:', ...baseline.new.map(line)] : []),
  ];
}

/** A framework's bar and score, or `no evidence` when nothing applicable was evaluated. */
function frameworkBar(framework: FrameworkScore): string {
  if (framework.score === null)
    return `${'░'.repeat(20)}   no evidence (no applicable control was evaluated)`;
  const filled = Math.round(framework.score * 20);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(20 - filled)}`;
  const percent = `${Math.round(framework.score * 100)}%`.padStart(4);
  return `${bar} ${percent}  ${framework.satisfied}/${framework.applicable} controls`;
}

/**
 * Why a scorecard is no evidence at all, or undefined when some rule examined something:
 * `no rule examined anything: 1 resource of an unexamined type: eks:index:Cluster`.
 */
export function nothingExamined(card: Scorecard): string | undefined {
  if (card.totals.examined > 0) return undefined;
  return `no rule examined anything: ${describeUnexamined(card.unexamined) || 'nothing was evaluated'}`;
}

/**
 * The exit code of a scorecard run: usage (2) when no rule examined anything (the input is not something the
 * rules judge), findings (1) when any control fails (an open finding), else ok.
 */
export function scorecardExitCode(card: Scorecard): number {
  if (nothingExamined(card)) return EXIT.usage;
  return card.controls.some((result) => result.status === 'fail') ? EXIT.findings : EXIT.ok;
}
