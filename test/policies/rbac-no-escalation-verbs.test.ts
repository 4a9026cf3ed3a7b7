import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { rbacNoEscalationVerbs as rule } from '../../policies/src/rules/rbac-no-escalation-verbs';
import { role } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const rbac = 'rbac.authorization.k8s.io';

describe('rbac-no-escalation-verbs', () => {
  it('passes a role that reads ConfigMaps', () => {
    expect(validate(role())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a * verb on resources that cannot escalate (rbac-no-wildcards reports the wildcard)', () => {
    expect(validate(role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }])).status).toBe(
      'pass',
    );
  });

  test.each([
    [
      'escalate on roles',
      { apiGroups: [rbac], resources: ['roles'], verbs: ['get', 'escalate'] },
      1,
      "'escalate'",
    ],
    [
      'bind on clusterroles',
      { apiGroups: [rbac], resources: ['clusterroles'], verbs: ['bind'] },
      0,
      "'bind'",
    ],
    [
      'impersonate on users',
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'] },
      0,
      "'impersonate'",
    ],
    ['* on roles', { apiGroups: [rbac], resources: ['roles'], verbs: ['*'] }, 0, 'includes escalate, bind'],
    [
      '* on serviceaccounts',
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['*'] },
      0,
      'impersonate',
    ],
    [
      '* on every resource of every group',
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      0,
      'includes',
    ],
  ])('fails when a rule grants %s', (_case, policyRule, verbIndex, message) => {
    const result = validate(role([policyRule], 'ClusterRole', 'ops'));
    const path = `rules[0].verbs[${verbIndex}]`;
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(`ClusterRole/ops: grants `) }]);
    expect(result.findings[0]!.message).toContain(`at ${path}`);
    expect(result.findings[0]!.message).toContain(message);
  });

  it('passes without throwing when verbs hold names of Object.prototype members', () => {
    expect(
      validate(role([{ apiGroups: [''], resources: ['pods'], verbs: ['constructor', 'toString'] }])).status,
    ).toBe('pass');
  });
});
