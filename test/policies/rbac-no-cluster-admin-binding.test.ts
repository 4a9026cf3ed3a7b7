import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { rbacNoClusterAdminBinding as rule } from '../../policies/src/rules/rbac-no-cluster-admin-binding';
import { roleBinding } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const clusterAdmin = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' };

describe('rbac-no-cluster-admin-binding', () => {
  test.each([['RoleBinding'], ['ClusterRoleBinding']] as const)('passes a %s to a narrow role', (kind) => {
    expect(validate(roleBinding(undefined, undefined, kind))).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a binding to a Role that happens to be named cluster-admin (only the ClusterRole is built in)', () => {
    expect(validate(roleBinding({ kind: 'Role', name: 'cluster-admin' })).status).toBe('pass');
  });

  test.each([
    [
      'a ClusterRoleBinding',
      'ClusterRoleBinding',
      'ClusterRoleBinding/ops-admin',
      'every resource in the cluster',
    ],
    ['a RoleBinding', 'RoleBinding', 'RoleBinding/ops-admin', "every resource in namespace 'shop'"],
  ] as const)('fails when %s refers to ClusterRole cluster-admin', (_case, kind, subject, scope) => {
    const result = validate(roleBinding(clusterAdmin, undefined, kind, 'ops-admin'));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'roleRef.name',
        message: expect.stringContaining(
          `${subject}: binds ClusterRole cluster-admin at roleRef.name, granting full control of ${scope}`,
        ),
      },
    ]);
  });

  test.each([
    ['roleRef is missing', { roleRef: undefined }],
    ['roleRef is a string', { roleRef: 'cluster-admin' }],
  ])('passes without throwing when %s', (_case, fields) => {
    expect(validate({ ...roleBinding(), ...fields }).status).toBe('pass');
  });
});
