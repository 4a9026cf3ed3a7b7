import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { kubeletAuthorizationWebhook as rule } from '../../policies/src/rules/kubelet-authorization-webhook';
import { kubeletConfiguration, scopeOf } from '../fixtures/kubelet';
import type { Draft } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const node = (change: (draft: Draft) => void) => kubeletConfiguration('ip-10-0-1-23.ec2.internal', change);

describe('kubelet-authorization-webhook', () => {
  it('passes the configuration of an EKS AL2023 node', () => {
    expect(validate(kubeletConfiguration())).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, (draft: Draft) => void]>([
    [
      'authorization.mode is left out (the default is Webhook)',
      (d) => {
        delete d.authorization.mode;
      },
    ],
  ])('passes when %s', (_title, change) => {
    expect(validate(node(change)).status).toBe('pass');
  });

  test.each<[string, (draft: Draft) => void, string]>([
    [
      'authorization.mode is AlwaysAllow',
      (d) => {
        d.authorization.mode = 'AlwaysAllow';
      },
      "authorization.mode is 'AlwaysAllow', so every authenticated caller can run commands",
    ],
    [
      'authorization.mode is a mode the kubelet does not know',
      (d) => {
        d.authorization.mode = 'RBAC';
      },
      "is 'RBAC', which is not a mode the kubelet accepts",
    ],
  ])('fails when %s', (_title, change, message) => {
    expect(validate(node(change))).toEqual({
      status: 'fail',
      findings: [{ path: 'authorization.mode', message: expect.stringContaining(message) }],
    });
  });

  it('reads only KubeletConfiguration objects', () => {
    const { deployment, kubelet } = scopeOf(rule);
    expect(deployment).toMatchObject({ 'not-applicable': 1, pass: 0 });
    expect(kubelet).toMatchObject({ pass: 1 });
  });
});
