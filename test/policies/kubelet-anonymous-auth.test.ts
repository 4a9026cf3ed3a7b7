import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { kubeletAnonymousAuth as rule } from '../../policies/src/rules/kubelet-anonymous-auth';
import { kubeletConfiguration, scopeOf } from '../fixtures/kubelet';
import type { Draft } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const node = (change: (draft: Draft) => void) => kubeletConfiguration('ip-10-0-1-23.ec2.internal', change);

describe('kubelet-anonymous-auth', () => {
  it('passes the configuration of an EKS AL2023 node', () => {
    expect(validate(kubeletConfiguration())).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, (draft: Draft) => void]>([
    [
      'authentication.anonymous.enabled is left out (the v1beta1 default is false)',
      (d) => {
        delete d.authentication.anonymous.enabled;
      },
    ],
    [
      'there is no authentication section',
      (d) => {
        delete d.authentication;
      },
    ],
  ])('passes when %s', (_title, change) => {
    expect(validate(node(change)).status).toBe('pass');
  });

  test.each<[string, (draft: Draft) => void, string]>([
    [
      'authentication.anonymous.enabled is true',
      (d) => {
        d.authentication.anonymous.enabled = true;
      },
      'KubeletConfiguration/ip-10-0-1-23.ec2.internal: authentication.anonymous.enabled is true, so anyone who reaches port 10250',
    ],
  ])('fails when %s', (_title, change, message) => {
    expect(validate(node(change))).toEqual({
      status: 'fail',
      findings: [{ path: 'authentication.anonymous.enabled', message: expect.stringContaining(message) }],
    });
  });

  it('reads only KubeletConfiguration objects', () => {
    const { deployment, kubelet } = scopeOf(rule);
    expect(deployment).toMatchObject({ 'not-applicable': 1, pass: 0 });
    expect(kubelet).toMatchObject({ pass: 1 });
  });
});
