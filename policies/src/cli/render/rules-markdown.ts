import { controlsForRule } from '../../catalog';
import { isCloudRule, type Rule } from '../../engine/types';

/** Where each kind of rule runs, as the rules page says it. */
const TARGETS: Readonly<Record<Rule['target'], string>> = {
  kubernetes: 'Kubernetes object',
  'kubernetes-set': 'whole input',
  aws: 'AWS resource inputs',
  'aws-set': 'whole plan',
};

/** `docs/RULES.md`: every rule id with what it checks and the controls it maps to (generated). */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const rows = rules.map((rule) =>
    [
      `\`${rule.id}\``,
      rule.severity,
      isCloudRule(rule) ? rule.resourceTypes.map((type) => `\`${type}\``).join('<br>') : TARGETS[rule.target],
      rule.description.replace(/\|/g, '\\|'),
      controlsForRule(rule.id)
        .map((control) => `\`${control.id}\``)
        .join(', '),
    ].join(' | '),
  );
  return [
    '# Rules',
    '',
    '<!-- Generated from policies/registry by `npm run docs`. Do not edit: a test fails when this file is stale. -->',
    '',
    `${rules.length} rules. Use these ids in exemptions (\`eks-hardening.io/exempt-<rule-id>: "<reason>"\` or a config file entry). Controls and their framework references are in [CONTROLS.md](CONTROLS.md).`,
    '',
    '| rule | severity | applies to | checks | controls |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}
