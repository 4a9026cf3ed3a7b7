import { failIfAny } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { displayName } from '../kubernetes/object';
import { type PolicyRuleEntry, policyRulesOf, RBAC_ROLE_KINDS, resourceMatches } from './rbac-no-wildcards';

/** Verbs that read secret values (`list` and `watch` return them in full, not only names). */
const READ_VERBS = new Set(['get', 'list', 'watch', '*']);

/** The item of `resources` through which the rule reaches Secrets, if it does (core group or `*`). */
function secretsResource(rule: PolicyRuleEntry): string | undefined {
  if (!rule.apiGroups.some((group) => group.value === '' || group.value === '*')) return undefined;
  return rule.resources.find((item) => resourceMatches(item.value, 'secrets'))?.value;
}

/**
 * No Role or ClusterRole lets its subjects get, list or watch Secrets (a `*` verb or resource counts) unless
 * the rule is limited to named Secrets with `resourceNames`: reading one Secret a workload needs is least
 * privilege; reading all of them is not.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets
 */
export const rbacSecretsAccess: ManifestRule = {
  id: 'rbac-secrets-access',
  target: 'kubernetes',
  title: 'RBAC roles do not read all Secrets',
  description:
    'A Role or ClusterRole grants get, list or watch on Secrets only for Secrets named in resourceNames, never on all Secrets of a namespace or the cluster.',
  severity: 'high',
  kinds: RBAC_ROLE_KINDS,
  validate(manifest): RuleResult {
    const subject = displayName(manifest);
    const findings: Finding[] = [];
    for (const rule of policyRulesOf(manifest)) {
      const resource = secretsResource(rule);
      if (resource === undefined || rule.resourceNames.length > 0) continue;
      const verbs = rule.verbs.filter((verb) => READ_VERBS.has(verb.value)).map((verb) => verb.value);
      if (verbs.length === 0) continue;
      const via = resource === 'secrets' ? 'Secrets' : `Secrets (through resources '${resource}')`;
      findings.push({
        path: rule.path,
        message: `${subject}: ${rule.path} grants ${verbs.join(', ')} on all ${via}; drop the read verbs, or limit the rule to the Secrets the subject needs with resourceNames`,
      });
    }
    return failIfAny(findings);
  },
};
