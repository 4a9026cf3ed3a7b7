import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { rbacNoAnonymousBinding as rule } from '../../policies/src/rules/rbac-no-anonymous-binding';
import { mutate, roleBinding } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const group = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });

describe('rbac-no-anonymous-binding', () => {
  it('passes a binding to a service account', () => {
    expect(validate(roleBinding())).toEqual({ status: 'pass', findings: [] });
  });

  test.each([['system:basic-user'], ['system:discovery'], ['system:public-info-viewer']])(
    'passes system:authenticated bound to the default discovery role %s',
    (name) => {
      const binding = roleBinding(
        { kind: 'ClusterRole', name },
        [group('system:authenticated')],
        'ClusterRoleBinding',
      );
      expect(validate(binding).status).toBe('pass');
    },
  );

  test.each([
    ['User system:anonymous', { kind: 'User', name: 'system:anonymous' }, 'without credentials'],
    ['Group system:unauthenticated', group('system:unauthenticated'), 'without credentials'],
    ['Group system:authenticated', group('system:authenticated'), 'every identity the cluster accepts'],
  ])('fails when a subject is %s', (_case, subject, why) => {
    const result = validate(mutate(roleBinding(), (b) => b.subjects.push(subject)));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'subjects[1].name',
        message: expect.stringContaining(
          `RoleBinding/api-reader: grants Role reader to '${subject.name}' at subjects[1].name`,
        ),
      },
    ]);
    expect(result.findings[0]!.message).toContain(why);
  });

  it('names the role generically when roleRef is missing', () => {
    const result = validate(
      mutate(roleBinding(undefined, [group('system:unauthenticated')]), (b) => delete b.roleRef),
    );
    expect(result.findings[0]!.message).toContain("grants its role to 'system:unauthenticated'");
  });

  it('passes without throwing when subjects are malformed', () => {
    expect(validate({ ...roleBinding(), subjects: [null, 'system:anonymous', { name: 3 }] }).status).toBe(
      'pass',
    );
  });
});
