import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { kubeletStreamingIdleTimeout as rule } from '../../policies/src/rules/kubelet-streaming-idle-timeout';
import { kubeletConfiguration, scopeOf } from '../fixtures/kubelet';
import type { Draft } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const node = (change: (draft: Draft) => void) => kubeletConfiguration('ip-10-0-1-23.ec2.internal', change);

describe('kubelet-streaming-idle-timeout', () => {
  it('passes the configuration of an EKS AL2023 node', () => {
    expect(validate(kubeletConfiguration())).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, (draft: Draft) => void]>([
    [
      'streamingConnectionIdleTimeout is left out (the default is 4h)',
      (d) => {
        delete d.streamingConnectionIdleTimeout;
      },
    ],
    [
      'streamingConnectionIdleTimeout is 5m',
      (d) => {
        d.streamingConnectionIdleTimeout = '5m';
      },
    ],
    [
      'streamingConnectionIdleTimeout is 1.5h',
      (d) => {
        d.streamingConnectionIdleTimeout = '1.5h';
      },
    ],
  ])('passes when %s', (_title, change) => {
    expect(validate(node(change)).status).toBe('pass');
  });

  test.each<[string, (draft: Draft) => void, string]>([
    [
      'streamingConnectionIdleTimeout is 0s',
      (d) => {
        d.streamingConnectionIdleTimeout = '0s';
      },
      "streamingConnectionIdleTimeout is '0s', so idle exec, attach and port-forward sessions stay open forever",
    ],
    [
      'streamingConnectionIdleTimeout is 0h0m0s',
      (d) => {
        d.streamingConnectionIdleTimeout = '0h0m0s';
      },
      'stay open forever',
    ],
    [
      'streamingConnectionIdleTimeout is 0',
      (d) => {
        d.streamingConnectionIdleTimeout = '0';
      },
      'stay open forever',
    ],
    [
      'streamingConnectionIdleTimeout is not a duration',
      (d) => {
        d.streamingConnectionIdleTimeout = '4 hours';
      },
      "which is not a duration such as '4h0m0s'",
    ],
  ])('fails when %s', (_title, change, message) => {
    expect(validate(node(change))).toEqual({
      status: 'fail',
      findings: [{ path: 'streamingConnectionIdleTimeout', message: expect.stringContaining(message) }],
    });
  });

  it('reads only KubeletConfiguration objects', () => {
    const { deployment, kubelet } = scopeOf(rule);
    expect(deployment).toMatchObject({ 'not-applicable': 1, pass: 0 });
    expect(kubelet).toMatchObject({ pass: 1 });
  });
});
