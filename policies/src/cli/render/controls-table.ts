import { controlStages } from '../../catalog/stages';
import type { Control } from '../../catalog/types';

/** The catalog as a plain-text table: id, severity, frameworks and enforcement, one control per line. */
export function renderControlsTable(controls: readonly Control[]): string {
  const rows = controls.map((control) => [
    control.id,
    control.severity,
    frameworkSummary(control),
    enforcementSummary(control),
    controlStages(control).join(',') || '-',
    control.title,
  ]);
  const header = ['ID', 'SEVERITY', 'FRAMEWORKS', 'ENFORCED BY', 'ENFORCED AT', 'TITLE'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${controls.length} controls\n`;
}

/** `NSA/CISA CIS:4.2.1 PSS:baseline STIG:V-242381` style summary of a control's references. */
export function frameworkSummary(control: Control): string {
  const { nsaCisa, cisEks, pss, stig } = control.frameworks;
  return [
    nsaCisa?.length ? 'NSA/CISA' : '',
    cisEks?.length ? `CIS:${cisEks.join(',')}` : '',
    pss?.length ? `PSS:${[...new Set(pss.map((ref) => ref.level))].join(',')}` : '',
    stig?.length ? `STIG:${stig.join(',')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** `rules: a, b; defaults: X; manual` summary of where a control is enforced. */
export function enforcementSummary(control: Control): string {
  const { rules, defaults, manual } = control.enforcement;
  return [
    rules?.length ? `rules: ${rules.join(', ')}` : '',
    defaults?.length ? `defaults: ${defaults.join(', ')}` : '',
    manual ? 'manual' : '',
  ]
    .filter(Boolean)
    .join('; ');
}
