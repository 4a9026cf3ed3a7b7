import { controlStages } from '../../catalog/stages';
import type { Control } from '../../catalog/types';
import { FRAMEWORK_TITLES, FRAMEWORKS } from '../../catalog/types';
import { enforcementSummary } from './controls-table';

/** `docs/CONTROLS.md`: the controls matrix, generated from the catalog (never edited by hand). */
export function renderControlsMarkdown(controls: readonly Control[]): string {
  const counts = FRAMEWORKS.map(
    (framework) =>
      `| ${FRAMEWORK_TITLES[framework]} | \`frameworks.${framework}\` | ${controls.filter((c) => (c.frameworks[framework]?.length ?? 0) > 0).length} |`,
  );
  const rows = controls.map((control) =>
    [
      `\`${control.id}\``,
      escapeCell(control.title),
      control.severity,
      escapeCell(control.frameworks.nsaCisa?.join('; ') ?? ''),
      control.frameworks.cisEks?.join(', ') ?? '',
      control.frameworks.pss?.map((ref) => `${ref.level}: ${ref.control}`).join('; ') ?? '',
      control.frameworks.stig?.join(', ') ?? '',
      escapeCell(enforcementSummary(control)),
      controlStages(control).join(', '),
    ].join(' | '),
  );
  const manual = controls.filter((control) => control.enforcement.manual);
  return [
    '# Controls matrix',
    '',
    '<!-- Generated from policies/catalog by `npm run docs`. Do not edit: a test fails when this file is stale. -->',
    '',
    `${controls.length} controls. Each is enforced by rules (checked by \`harden check\`, the policy pack and construct validation), by secure defaults of our constructs and stacks, or is manual (with the reason).`,
    '',
    'Enforced at: `preview` (the CrossGuard policy pack at `pulumi preview`), `synth` (`enforceRules` in a cdk8s app), `ci` (`harden check`), `admission` (in the cluster: the ValidatingAdmissionPolicies of `harden admission` and the cluster baseline, or Pod Security Admission for the Pod Security Standards).',
    '',
    '| framework | field | controls |',
    '|---|---|---|',
    ...counts,
    '',
    '| id | title | severity | NSA/CISA | CIS EKS | PSS | STIG | enforced by | enforced at |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    '## Manual controls',
    '',
    ...manual.map((control) => `- \`${control.id}\`: ${control.enforcement.manual}`),
    '',
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
