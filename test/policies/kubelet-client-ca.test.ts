import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { kubeletClientCa as rule } from '../../policies/src/rules/kubelet-client-ca';
import { kubeletConfiguration, scopeOf } from '../fixtures/kubelet';
import type { Draft } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const node = (change: (draft: Draft) => void) => kubeletConfiguration('ip-10-0-1-23.ec2.internal', change);

describe('kubelet-client-ca', () => {
  it('passes the configuration of an EKS AL2023 node', () => {
    expect(validate(kubeletConfiguration())).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, (draft: Draft) => void]>([
    [
      'a client CA file is named',
      (d) => {
        d.authentication.x509.clientCAFile = '/etc/kubernetes/pki/other.crt';
      },
    ],
  ])('passes when %s', (_title, change) => {
    expect(validate(node(change)).status).toBe('pass');
  });

  test.each<[string, (draft: Draft) => void, string]>([
    [
      'authentication.x509.clientCAFile is left out',
      (d) => {
        delete d.authentication.x509;
      },
      'authentication.x509.clientCAFile is not set, so the kubelet cannot authenticate client certificates',
    ],
    [
      'authentication.x509.clientCAFile is empty',
      (d) => {
        d.authentication.x509.clientCAFile = '';
      },
      'is not set',
    ],
  ])('fails when %s', (_title, change, message) => {
    expect(validate(node(change))).toEqual({
      status: 'fail',
      findings: [{ path: 'authentication.x509.clientCAFile', message: expect.stringContaining(message) }],
    });
  });

  it('reads only KubeletConfiguration objects', () => {
    const { deployment, kubelet } = scopeOf(rule);
    expect(deployment).toMatchObject({ 'not-applicable': 1, pass: 0 });
    expect(kubelet).toMatchObject({ pass: 1 });
  });
});
