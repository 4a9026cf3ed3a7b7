import { admissionPolicy } from '../../policies/src/admission/policy';
import { ruleOptions } from '../../policies/src/engine/options';
import { rbacPodExec } from '../../policies/src/rules/rbac-pod-exec';
import { rbacPodExecAdmission } from '../../policies/src/rules/rbac-pod-exec.admission';
import { evaluatePolicy } from '../fixtures/admission-cel';
import { role } from '../fixtures/workloads';

// The differential test compares verdicts and the field a denial names; the wording of this form's message
// is built from the sessions a rule opens, so it is compared here word for word with the rule's.
describe('rbac-pod-exec at admission', () => {
  const policy = admissionPolicy(rbacPodExec, rbacPodExecAdmission, 'inline', ruleOptions());

  test.each([
    [{ apiGroups: [''], resources: ['pods/exec', 'pods/log'], verbs: ['get', 'create', 'list'] }],
    [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'patch'] }],
    [{ apiGroups: [''], resources: ['*/attach', '*/ephemeralcontainers', 'pods'], verbs: ['*'] }],
    [{ apiGroups: [''], resources: ['*/exec', 'pods/portforward'], verbs: ['update', 'create'] }],
  ])('denies with the message harden check gives: %j', (policyRule) => {
    const manifest = role(
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, policyRule],
      'ClusterRole',
    );
    const expected = rbacPodExec.validate(manifest, ruleOptions());
    expect(evaluatePolicy(policy, manifest)).toEqual({
      matched: true,
      admitted: false,
      messages: [expected.findings[0]!.message],
    });
  });
});
