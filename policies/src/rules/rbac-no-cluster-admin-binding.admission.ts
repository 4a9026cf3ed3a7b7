import type { AdmissionForm } from '../admission/types';

const CLUSTER_ADMIN =
  "has(object.roleRef) && has(object.roleRef.kind) && has(object.roleRef.name) && object.roleRef.kind == 'ClusterRole' && object.roleRef.name == 'cluster-admin'";

/** {@link rbacNoClusterAdminBinding} at admission. */
export const rbacNoClusterAdminBindingAdmission: AdmissionForm = {
  rule: 'rbac-no-cluster-admin-binding',
  reads: ['roleRef'],
  validations: [
    {
      expression: `!(${CLUSTER_ADMIN})`,
      messageExpression:
        "variables.subject + ': binds ClusterRole cluster-admin at roleRef.name, granting full control of ' + (variables.kind == 'RoleBinding' ? 'every resource in namespace \\'' + (request.namespace != '' ? request.namespace : 'default') + '\\'' : 'every resource in the cluster') + '; bind a role that grants only the verbs and resources the subjects need'",
    },
  ],
};
