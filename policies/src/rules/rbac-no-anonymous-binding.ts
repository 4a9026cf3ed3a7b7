import { failIfAny } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { asArray, asRecord, asString, displayName } from '../kubernetes/object';
import { RBAC_BINDING_KINDS } from './rbac-no-wildcards';

/** Subjects that stand for requests nobody authenticated. */
const UNAUTHENTICATED = new Set(['system:anonymous', 'system:unauthenticated']);

/**
 * ClusterRoles Kubernetes itself binds to `system:authenticated` (API discovery and self-review); binding
 * anything else to every authenticated identity is flagged. On EKS every IAM principal with an access entry
 * or an `aws-auth` mapping is in `system:authenticated`.
 */
const AUTHENTICATED_DEFAULT_ROLES = new Set([
  'system:basic-user',
  'system:discovery',
  'system:public-info-viewer',
]);

/**
 * No RoleBinding or ClusterRoleBinding grants a role to `system:anonymous` or `system:unauthenticated`
 * (anyone who can reach the API endpoint), nor to `system:authenticated` (every identity the cluster
 * accepts) beyond the discovery roles Kubernetes binds to it by default.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles
 */
export const rbacNoAnonymousBinding: ManifestRule = {
  id: 'rbac-no-anonymous-binding',
  target: 'kubernetes',
  title: 'No role is bound to anonymous or all-users groups',
  description:
    'No RoleBinding or ClusterRoleBinding names system:anonymous or system:unauthenticated as a subject, nor system:authenticated except for the default discovery roles.',
  severity: 'critical',
  kinds: RBAC_BINDING_KINDS,
  validate(manifest): RuleResult {
    const subject = displayName(manifest);
    const roleRef = asRecord(manifest.roleRef);
    const roleName = asString(roleRef?.name);
    const role = roleName ? `${asString(roleRef?.kind) ?? 'role'} ${roleName}` : 'its role';
    const findings: Finding[] = [];
    asArray(manifest.subjects).forEach((raw, index) => {
      const name = asString(asRecord(raw)?.name);
      const path = `subjects[${index}].name`;
      if (name !== undefined && UNAUTHENTICATED.has(name)) {
        findings.push({
          path,
          message: `${subject}: grants ${role} to '${name}' at ${path}, i.e. to anyone who can reach the API server without credentials; remove the subject and bind named users, groups or service accounts`,
        });
      } else if (
        name === 'system:authenticated' &&
        !(roleName && AUTHENTICATED_DEFAULT_ROLES.has(roleName))
      ) {
        findings.push({
          path,
          message: `${subject}: grants ${role} to 'system:authenticated' at ${path}, i.e. to every identity the cluster accepts; bind the groups or service accounts that need it instead`,
        });
      }
    });
    return failIfAny(findings);
  },
};
