import type { PolicyRule } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import { invalidProp } from './prop-error';

/** One RBAC rule: verbs on resources of API groups (`''` is the core group). */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** Only these objects. @default every object of the resources */
  readonly resourceNames?: readonly string[];
}

/** Verbs that let a subject gain permissions it does not have. */
export const ESCALATION_VERBS = ['escalate', 'bind', 'impersonate'] as const;

/** Subresources that hand out a shell, a port or a token. */
export const DANGEROUS_SUBRESOURCES = [
  'pods/exec',
  'pods/attach',
  'pods/portforward',
  'serviceaccounts/token',
  'nodes/proxy',
] as const;

/**
 * Checks rules as our RBAC rules would and returns them as PolicyRules: no wildcards, no escalate/bind/
 * impersonate, no secrets, no exec/attach/port-forward or token requests.
 *
 * @param prop the prop the rules came from, for error messages
 */
export function checkRbacRules(scope: IConstruct, prop: string, rules: readonly RbacRule[]): PolicyRule[] {
  return rules.map((rule, index) => {
    const at = `${prop}[${index}]`;
    for (const field of ['apiGroups', 'resources', 'verbs'] as const) {
      const values = rule[field];
      if (!Array.isArray(values) || values.length === 0) {
        throw invalidProp(
          scope,
          `${at}.${field}`,
          values,
          'must list at least one value',
          `Name the ${field} explicitly.`,
        );
      }
      if (values.some((value) => value.includes('*'))) {
        throw invalidProp(
          scope,
          `${at}.${field}`,
          values,
          "must not use the wildcard '*'",
          `List each of the ${field} the workload needs.`,
        );
      }
    }
    const escalation = rule.verbs.find((verb) => (ESCALATION_VERBS as readonly string[]).includes(verb));
    if (escalation) {
      throw invalidProp(
        scope,
        `${at}.verbs`,
        rule.verbs,
        `must not include ${ESCALATION_VERBS.join(', ')}`,
        `Remove '${escalation}': it lets the subject grant itself more than it has.`,
      );
    }
    if (rule.resources.some((resource) => resource === 'secrets' || resource.startsWith('secrets/'))) {
      throw invalidProp(
        scope,
        `${at}.resources`,
        rule.resources,
        "must not include 'secrets'",
        'Mount the Secret the workload needs (EnvValue.fromSecret or secretMounts) instead of reading it through the API.',
      );
    }
    const dangerous = rule.resources.find((resource) =>
      (DANGEROUS_SUBRESOURCES as readonly string[]).includes(resource),
    );
    if (dangerous) {
      throw invalidProp(
        scope,
        `${at}.resources`,
        rule.resources,
        `must not include ${DANGEROUS_SUBRESOURCES.join(', ')}`,
        `Remove '${dangerous}'.`,
      );
    }
    return {
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
      ...(rule.resourceNames ? { resourceNames: [...rule.resourceNames] } : {}),
    };
  });
}
