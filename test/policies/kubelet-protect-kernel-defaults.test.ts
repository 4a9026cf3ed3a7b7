import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { kubeletProtectKernelDefaults as rule } from '../../policies/src/rules/kubelet-protect-kernel-defaults';
import { kubeletConfiguration, scopeOf } from '../fixtures/kubelet';
import type { Draft } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const node = (change: (draft: Draft) => void) => kubeletConfiguration('ip-10-0-1-23.ec2.internal', change);

describe('kubelet-protect-kernel-defaults', () => {
  it('passes the configuration of an EKS AL2023 node', () => {
    expect(validate(kubeletConfiguration())).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, (draft: Draft) => void]>([
    [
      'a config file sets nothing else',
      (d) => {
        for (const key of Object.keys(d)) {
          if (!['apiVersion', 'kind', 'metadata', 'protectKernelDefaults'].includes(key)) delete d[key];
        }
      },
    ],
  ])('passes when %s', (_title, change) => {
    expect(validate(node(change)).status).toBe('pass');
  });

  test.each<[string, (draft: Draft) => void, string]>([
    [
      'protectKernelDefaults is left out (the default is false)',
      (d) => {
        delete d.protectKernelDefaults;
      },
      "protectKernelDefaults is not set, so the kubelet may change the node's kernel settings",
    ],
    [
      'protectKernelDefaults is false',
      (d) => {
        d.protectKernelDefaults = false;
      },
      'protectKernelDefaults is false',
    ],
  ])('fails when %s', (_title, change, message) => {
    expect(validate(node(change))).toEqual({
      status: 'fail',
      findings: [{ path: 'protectKernelDefaults', message: expect.stringContaining(message) }],
    });
  });

  it('reads only KubeletConfiguration objects', () => {
    const { deployment, kubelet } = scopeOf(rule);
    expect(deployment).toMatchObject({ 'not-applicable': 1, pass: 0 });
    expect(kubelet).toMatchObject({ pass: 1 });
  });
});
