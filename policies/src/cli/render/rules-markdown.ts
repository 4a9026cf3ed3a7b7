import { NOT_AT_ADMISSION } from '../../admission/forms';
import { controlsForRule } from '../../catalog';
import { admissionEnforcer, ruleStages } from '../../catalog/stages';
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
      [ruleStages(rule).join(', '), admissionEnforcer(rule) ? `(admission: ${admissionEnforcer(rule)})` : '']
        .filter(Boolean)
        .join(' '),
    ].join(' | '),
  );
  const notAtAdmission = NOT_AT_ADMISSION.map((entry) => `- \`${entry.rule}\`: ${entry.reason}.`);
  return [
    '# Rules',
    '',
    '<!-- Generated from policies/registry by `npm run docs`. Do not edit: a test fails when this file is stale. -->',
    '',
    `${rules.length} rules. Use these ids in exemptions (\`eks-hardening.io/exempt-<rule-id>: "<reason>"\` or a config file entry). Controls and their framework references are in [CONTROLS.md](CONTROLS.md).`,
    '',
    '| rule | severity | applies to | checks | controls | enforced at |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    '## Kubernetes rules not enforced at admission',
    '',
    'Every other Kubernetes rule beyond the Pod Security Standards has an admission form (`policies/src/rules/<rule-id>.admission.ts`), which `harden admission` and the cluster baseline turn into a ValidatingAdmissionPolicy. These cannot be decided on one object as the API server admits it:',
    '',
    ...notAtAdmission,
    '',
  ].join('\n');
}
