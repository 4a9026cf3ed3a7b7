import { failIfAny } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { displayName, kindOf } from '../kubernetes/object';
import { type PolicyRuleEntry, policyRulesOf, RBAC_ROLE_KINDS, resourceMatches } from './rbac-no-wildcards';

/**
 * The subresources that open a session into a running pod, in report order, each with the verbs that open it
 * (a `*` verb opens every one): a pod's exec, attach and portforward by `create` (the SPDY POST kubectl has
 * long sent) or `get` (the WebSocket GET newer clients send, which the API server authorizes as a get), an
 * ephemeral container (`kubectl debug`) by `update` or `patch`, and a node's proxy, the kubelet's own API
 * (its exec and run endpoints reach every pod on the node; CIS Kubernetes 5.1.10), by the same `get` or
 * `create`.
 */
export const POD_SESSIONS: readonly {
  readonly resource: 'pods' | 'nodes';
  readonly subresource: string;
  readonly verbs: readonly string[];
}[] = [
  { resource: 'pods', subresource: 'exec', verbs: ['get', 'create'] },
  { resource: 'pods', subresource: 'attach', verbs: ['get', 'create'] },
  { resource: 'pods', subresource: 'portforward', verbs: ['get', 'create'] },
  { resource: 'pods', subresource: 'ephemeralcontainers', verbs: ['update', 'patch'] },
  { resource: 'nodes', subresource: 'proxy', verbs: ['get', 'create'] },
];

/**
 * The sessions rule `rule` of a role of `kind` opens: their subresources, the verbs that open them, the
 * wildcards they come through. A Role grants nothing on nodes, which are not namespaced.
 */
function sessionsOf(
  rule: PolicyRuleEntry,
  kind: string,
): { reached: string[]; verbs: string[]; through: string[] } {
  const none = { reached: [], verbs: [], through: [] };
  if (!rule.apiGroups.some((group) => group.value === '' || group.value === '*')) return none;
  const verbs = rule.verbs.map((item) => item.value);
  const resources = rule.resources.map((item) => item.value);
  const opened = POD_SESSIONS.filter(
    (session) =>
      (session.resource === 'pods' || kind === 'ClusterRole') &&
      resources.some((resource) => resourceMatches(resource, session.resource, session.subresource)) &&
      verbs.some((verb) => verb === '*' || session.verbs.includes(verb)),
  );
  if (opened.length === 0) return none;
  return {
    reached: opened.map((session) => `${session.resource}/${session.subresource}`),
    verbs: verbs.filter((verb) => verb === '*' || opened.some((session) => session.verbs.includes(verb))),
    through: resources.filter(
      (resource) => resource === '*' || opened.some((session) => resource === `*/${session.subresource}`),
    ),
  };
}

/**
 * No Role or ClusterRole lets its subjects exec into, attach to, port-forward to or add a debug container
 * to running pods, or reach the kubelet's API through nodes/proxy ({@link POD_SESSIONS}; the subresource
 * reached by name, by `*` or by `*` slash it): a shell in a pod reads everything its containers hold, Secrets
 * and the service account token included, and a forwarded port reaches the pod past its NetworkPolicies. A rule limited with resourceNames still
 * counts, since a pod's name says nothing about what runs in it; a role that needs the access (a break-glass
 * or debugging role) is exempted with its reason.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 * @see https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/rbac/v1/evaluation_helpers.go (ResourceMatches)
 */
export const rbacPodExec: ManifestRule = {
  id: 'rbac-pod-exec',
  target: 'kubernetes',
  title: 'RBAC roles do not open sessions into pods',
  description:
    "A Role or ClusterRole grants no get or create on pods/exec, pods/attach, pods/portforward or nodes/proxy (the kubelet's API), and no update or patch on pods/ephemeralcontainers, through which its subjects would run commands in running pods or reach their ports past NetworkPolicies.",
  severity: 'medium',
  kinds: RBAC_ROLE_KINDS,
  validate(manifest): RuleResult {
    const subject = displayName(manifest);
    const findings: Finding[] = [];
    for (const rule of policyRulesOf(manifest)) {
      const { reached, verbs, through } = sessionsOf(rule, kindOf(manifest));
      if (reached.length === 0) continue;
      const via = through.length > 0 ? ` (through resources '${through.join("', '")}')` : '';
      findings.push({
        path: rule.path,
        message: `${subject}: ${rule.path} grants ${verbs.join(', ')} on ${reached.join(', ')}${via}, which lets its subjects run commands in or connect to running pods and read what they hold, Secrets and service account tokens included; remove the grant, or exempt the role with the reason its subjects need it`,
      });
    }
    return failIfAny(findings);
  },
};
