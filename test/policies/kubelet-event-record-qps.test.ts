import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { kubeletEventRecordQps as rule } from '../../policies/src/rules/kubelet-event-record-qps';
import { kubeletConfiguration, scopeOf } from '../fixtures/kubelet';
import type { Draft } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const node = (change: (draft: Draft) => void) => kubeletConfiguration('ip-10-0-1-23.ec2.internal', change);

describe('kubelet-event-record-qps', () => {
  it('passes the configuration of an EKS AL2023 node', () => {
    expect(validate(kubeletConfiguration())).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, (draft: Draft) => void]>([
    [
      'eventRecordQPS is 0 (no limit, which CIS 3.2.7 allows)',
      (d) => {
        d.eventRecordQPS = 0;
      },
    ],
    [
      'eventRecordQPS is left out (the default is 50)',
      (d) => {
        delete d.eventRecordQPS;
      },
    ],
  ])('passes when %s', (_title, change) => {
    expect(validate(node(change)).status).toBe('pass');
  });

  test.each<[string, (draft: Draft) => void, string]>([
    [
      'eventRecordQPS is negative',
      (d) => {
        d.eventRecordQPS = -1;
      },
      'eventRecordQPS is -1, which is not 0 or a positive number of events per second',
    ],
    [
      'eventRecordQPS is not a number',
      (d) => {
        d.eventRecordQPS = 'fast';
      },
      "eventRecordQPS is 'fast'",
    ],
  ])('fails when %s', (_title, change, message) => {
    expect(validate(node(change))).toEqual({
      status: 'fail',
      findings: [{ path: 'eventRecordQPS', message: expect.stringContaining(message) }],
    });
  });

  it('reads only KubeletConfiguration objects', () => {
    const { deployment, kubelet } = scopeOf(rule);
    expect(deployment).toMatchObject({ 'not-applicable': 1, pass: 0 });
    expect(kubelet).toMatchObject({ pass: 1 });
  });
});
