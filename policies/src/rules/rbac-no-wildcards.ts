import { failIfAny } from '../engine/result';
import type { Finding, Manifest, ManifestRule, RuleResult } from '../engine/types';
import { LastEntry } from '../kubernetes/last-entry';
import { asArray, asRecord, displayName } from '../kubernetes/object';

/** A string item of a list field, with its field path (`rules[0].verbs[1]`). */
export interface ListItem {
  readonly value: string;
  readonly path: string;
}

/** One entry of a Role's or ClusterRole's `rules`; each list keeps only its string items. */
export interface PolicyRuleEntry {
  /** `rules[0]`. */
  readonly path: string;
  readonly verbs: readonly ListItem[];
  readonly apiGroups: readonly ListItem[];
  readonly resources: readonly ListItem[];
  readonly resourceNames: readonly ListItem[];
  readonly nonResourceURLs: readonly ListItem[];
}

/** Kinds whose `rules` grant permissions. */
export const RBAC_ROLE_KINDS: readonly string[] = ['Role', 'ClusterRole'];

/** Kinds that bind a role to subjects. */
export const RBAC_BINDING_KINDS: readonly string[] = ['RoleBinding', 'ClusterRoleBinding'];

/**
 * The `rules` of a Role or ClusterRole, read defensively (anything malformed is skipped). Every RBAC rule
 * reads them, so they are read once per object (and again should its `rules` be replaced).
 */
export function policyRulesOf(manifest: Manifest): readonly PolicyRuleEntry[] {
  const cached = POLICY_RULES.get(manifest);
  if (cached && cached.rules === manifest.rules) return cached.entries;
  const entries = Object.freeze(readPolicyRules(manifest));
  POLICY_RULES.set(manifest, { rules: manifest.rules, entries });
  return entries;
}

/** {@link policyRulesOf} of the object the rules are reading. */
const POLICY_RULES = new LastEntry<
  object,
  { readonly rules: unknown; readonly entries: readonly PolicyRuleEntry[] }
>();

function readPolicyRules(manifest: Manifest): PolicyRuleEntry[] {
  return asArray(manifest.rules).flatMap((raw, index) => {
    const rule = asRecord(raw);
    if (!rule) return [];
    const path = `rules[${index}]`;
    const list = (field: string): ListItem[] =>
      asArray(rule[field]).flatMap((item, at) =>
        typeof item === 'string' ? [{ value: item, path: `${path}.${field}[${at}]` }] : [],
      );
    return [
      {
        path,
        verbs: list('verbs'),
        apiGroups: list('apiGroups'),
        resources: list('resources'),
        resourceNames: list('resourceNames'),
        nonResourceURLs: list('nonResourceURLs'),
      },
    ];
  });
}

/**
 * True when the `resources` item `item` grants `resource` (with `subresource`, `pods` and `exec` for
 * pods/exec) as the RBAC authorizer's `ResourceMatches` decides: `*`, the exact name, or `*` slash the
 * subresource.
 */
export function resourceMatches(item: string, resource: string, subresource?: string): boolean {
  if (item === '*') return true;
  if (subresource === undefined) return item === resource;
  return item === `${resource}/${subresource}` || item === `*/${subresource}`;
}

// `*`, or `*` slash a subresource (that subresource of every resource), as the RBAC authorizer matches them;
// `*` slash `*` names a subresource literally called `*`, which no API serves.
export function isResourceWildcard(resource: string): boolean {
  return resource === '*' || (resource.startsWith('*/') && resource !== '*/*');
}

const isStar = (value: string) => value === '*';

/**
 * `*`, or `/*`: the RBAC authorizer's `NonResourceURLMatches` matches a URL ending in `*` as a prefix, and
 * every non-resource URL starts with `/`. A longer prefix (`/api/*`, which the default `system:discovery`
 * role grants) passes: it names the part of the API it opens.
 */
export function isNonResourceWildcard(url: string): boolean {
  return url === '*' || url === '/*';
}

/**
 * No Role or ClusterRole rule uses `*` in `verbs` or `apiGroups`, a wildcard in `nonResourceURLs` (`*` or
 * `/*`), or a wildcard in `resources` (`*`, or `*` slash a subresource such as `scale`: that subresource of
 * every resource): a wildcard grants today's and every future verb, group or resource, including CRDs
 * installed later. The RBAC authorizer matches no other `*`
 * in `resources` (`pods/*` names a subresource literally called `*`, which no API serves), so those grant
 * nothing and pass.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/rbac/v1/evaluation_helpers.go (ResourceMatches)
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 */
export const rbacNoWildcards: ManifestRule = {
  id: 'rbac-no-wildcards',
  target: 'kubernetes',
  title: 'RBAC rules name verbs, API groups and resources explicitly',
  description:
    'A Role or ClusterRole uses no wildcard in verbs, apiGroups, resources or nonResourceURLs, so it never grants more than was reviewed, now or after new resources are installed.',
  severity: 'medium',
  kinds: RBAC_ROLE_KINDS,
  validate(manifest): RuleResult {
    const subject = displayName(manifest);
    const findings: Finding[] = [];
    for (const rule of policyRulesOf(manifest)) {
      const wildcard = (
        items: readonly ListItem[],
        field: string,
        what: string,
        isWildcard: (value: string) => boolean,
      ) => {
        for (const item of items) {
          if (!isWildcard(item.value)) continue;
          findings.push({
            path: item.path,
            message: `${subject}: ${field} '${item.value}' at ${item.path} grants ${what}, including any added later; list only the ${field} the role needs`,
          });
        }
      };
      wildcard(rule.verbs, 'verbs', 'every verb', isStar);
      wildcard(rule.apiGroups, 'apiGroups', 'every API group', isStar);
      wildcard(rule.resources, 'resources', 'every matching resource', isResourceWildcard);
      wildcard(rule.nonResourceURLs, 'nonResourceURLs', 'every non-resource URL', isNonResourceWildcard);
    }
    return failIfAny(findings);
  },
};
