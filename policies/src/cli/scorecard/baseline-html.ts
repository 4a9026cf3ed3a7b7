import type { ChangedFinding, ScorecardBaseline } from './baseline-change';
import type { FrameworkScore } from './model';

/** The scorecard page's "Since the baseline" section: score change per framework, fixed and new findings. */
export function renderBaselineHtml(
  baseline: ScorecardBaseline,
  frameworks: readonly FrameworkScore[],
): string {
  const titles = new Map(frameworks.map((score) => [score.framework, score.title]));
  const percent = (score: number | null) => (score === null ? 'no evidence' : `${Math.round(score * 100)}%`);
  const rows = baseline.frameworks
    .map((entry) => {
      const change =
        entry.change === null
          ? '–'
          : `${entry.change > 0 ? '+' : entry.change < 0 ? '' : '±'}${entry.change} points`;
      return `<tr><td>${esc(titles.get(entry.framework) ?? entry.framework)}</td><td>${percent(entry.before)}</td><td>${percent(entry.after)}</td><td>${change}</td></tr>`;
    })
    .join('\n');
  const list = (title: string, findings: readonly ChangedFinding[]) =>
    findings.length === 0
      ? `<h3>${title} (0)</h3>`
      : `<h3>${title} (${findings.length})</h3>\n<ul>${findings
          .map(
            (finding) =>
              `<li><code>${esc(finding.rule)}</code> ${esc(finding.severity)} · ${esc(finding.kind)} ${esc(`${finding.namespace ? `${finding.namespace}/` : ''}${finding.name}`)}: ${esc(finding.message)}</li>`,
          )
          .join('\n')}</ul>`;
  return `<section aria-label="Since the baseline" class="baseline">
  <h2>Since ${esc(baseline.file)}</h2>
  <table id="baseline-scores"><thead><tr><th>Framework</th><th>Before</th><th>Now</th><th>Change</th></tr></thead>
  <tbody>
${rows}
  </tbody></table>
  ${list('Fixed', baseline.fixed)}
  ${list('New', baseline.new)}
  <p>${baseline.unchanged} findings unchanged.</p>
</section>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
