import { failIfAny, PASS } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { asRecord, asString, displayName, kindOf, namespaceOf } from '../kubernetes/object';
import { RBAC_BINDING_KINDS } from './rbac-no-wildcards';

/**
 * No RoleBinding or ClusterRoleBinding refers to the `cluster-admin` ClusterRole, which allows every verb on
 * every resource (in a RoleBinding, on everything in the binding's namespace, secrets and RBAC included).
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
 */
export const rbacNoClusterAdminBinding: ManifestRule = {
  id: 'rbac-no-cluster-admin-binding',
  target: 'kubernetes',
  title: 'Nothing is bound to cluster-admin',
  description:
    'No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole, which allows every action on every resource it reaches.',
  severity: 'high',
  kinds: RBAC_BINDING_KINDS,
  validate(manifest): RuleResult {
    const roleRef = asRecord(manifest.roleRef);
    if (asString(roleRef?.kind) !== 'ClusterRole' || asString(roleRef?.name) !== 'cluster-admin') return PASS;
    const scope =
      kindOf(manifest) === 'RoleBinding'
        ? `every resource in namespace '${namespaceOf(manifest) ?? 'default'}'`
        : 'every resource in the cluster';
    return failIfAny([
      {
        path: 'roleRef.name',
        message: `${displayName(manifest)}: binds ClusterRole cluster-admin at roleRef.name, granting full control of ${scope}; bind a role that grants only the verbs and resources the subjects need`,
      },
    ]);
  },
};
