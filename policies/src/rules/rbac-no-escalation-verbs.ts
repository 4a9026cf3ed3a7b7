import { failIfAny } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { displayName } from '../kubernetes/object';
import { type ListItem, type PolicyRuleEntry, policyRulesOf, RBAC_ROLE_KINDS } from './rbac-no-wildcards';

/** What each escalation verb lets a subject do. */
const ESCALATION_VERBS: ReadonlyMap<string, string> = new Map([
  ['escalate', 'lets the subject grant itself permissions it does not hold by editing roles'],
  ['bind', 'lets the subject bind any role, including ones with permissions it does not hold'],
  ['impersonate', 'lets the subject act as another user, group or service account'],
]);

/** Resources a `*` verb would escalate on, by API group (`*` resources cover all of them). */
const ESCALATION_TARGETS: readonly {
  readonly groups: readonly string[];
  readonly resources: readonly string[];
}[] = [
  { groups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'] },
  { groups: [''], resources: ['users', 'groups', 'serviceaccounts'] },
  { groups: ['authentication.k8s.io'], resources: ['userextras', 'uids'] },
];

/** True when a `*` verb in `rule` covers roles, cluster roles or identities that can be impersonated. */
function wildcardEscalates(rule: PolicyRuleEntry): boolean {
  const has = (items: readonly ListItem[], value: string) => items.some((item) => item.value === value);
  return ESCALATION_TARGETS.some(
    (target) =>
      (has(rule.apiGroups, '*') || target.groups.some((group) => has(rule.apiGroups, group))) &&
      rule.resources.some(
        (item) =>
          item.value === '*' ||
          target.resources.some(
            (resource) => item.value === resource || item.value.startsWith(`${resource}/`),
          ),
      ),
  );
}

/**
 * No Role or ClusterRole grants `escalate`, `bind` or `impersonate`, the verbs that bypass RBAC's own
 * privilege-escalation checks; a `*` verb counts when the rule's resources include roles, cluster roles or
 * identities.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
 */
export const rbacNoEscalationVerbs: ManifestRule = {
  id: 'rbac-no-escalation-verbs',
  target: 'kubernetes',
  title: 'RBAC roles grant no escalate, bind or impersonate',
  description:
    'A Role or ClusterRole grants none of the escalate, bind or impersonate verbs, which let a subject gain permissions it was not given.',
  severity: 'high',
  kinds: RBAC_ROLE_KINDS,
  validate(manifest): RuleResult {
    const subject = displayName(manifest);
    const findings: Finding[] = [];
    for (const rule of policyRulesOf(manifest)) {
      for (const verb of rule.verbs) {
        const effect = ESCALATION_VERBS.get(verb.value);
        if (effect) {
          findings.push({
            path: verb.path,
            message: `${subject}: grants '${verb.value}' at ${verb.path}, which ${effect}; remove the verb, or exempt the role with the reason it needs it`,
          });
        } else if (verb.value === '*' && wildcardEscalates(rule)) {
          findings.push({
            path: verb.path,
            message: `${subject}: grants '*' at ${verb.path} on roles or identities, which includes escalate, bind and impersonate; list only the verbs the role needs`,
          });
        }
      }
    }
    return failIfAny(findings);
  },
};
