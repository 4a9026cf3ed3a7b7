import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { kubeletRotateServerCertificate as rule } from '../../policies/src/rules/kubelet-rotate-server-certificate';
import { kubeletConfiguration, scopeOf } from '../fixtures/kubelet';
import type { Draft } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const node = (change: (draft: Draft) => void) => kubeletConfiguration('ip-10-0-1-23.ec2.internal', change);

describe('kubelet-rotate-server-certificate', () => {
  it('passes the configuration of an EKS AL2023 node', () => {
    expect(validate(kubeletConfiguration())).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, (draft: Draft) => void]>([
    [
      'other feature gates are set as well',
      (d) => {
        d.featureGates.SidecarContainers = true;
      },
    ],
  ])('passes when %s', (_title, change) => {
    expect(validate(node(change)).status).toBe('pass');
  });

  test.each<[string, (draft: Draft) => void, string]>([
    [
      'the feature gate is left out (kube-bench requires it set)',
      (d) => {
        delete d.featureGates;
      },
      'featureGates.RotateKubeletServerCertificate is not set, so the kubelet may serve a self-signed certificate',
    ],
    [
      'the feature gate is false',
      (d) => {
        d.featureGates.RotateKubeletServerCertificate = false;
      },
      'featureGates.RotateKubeletServerCertificate is false',
    ],
  ])('fails when %s', (_title, change, message) => {
    expect(validate(node(change))).toEqual({
      status: 'fail',
      findings: [
        { path: 'featureGates.RotateKubeletServerCertificate', message: expect.stringContaining(message) },
      ],
    });
  });

  it('reads only KubeletConfiguration objects', () => {
    const { deployment, kubelet } = scopeOf(rule);
    expect(deployment).toMatchObject({ 'not-applicable': 1, pass: 0 });
    expect(kubelet).toMatchObject({ pass: 1 });
  });
});
