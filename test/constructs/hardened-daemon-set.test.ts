import { HardenedDaemonSet, HardenedNamespace, Probe } from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

describe('HardenedDaemonSet', () => {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  new HardenedDaemonSet(chart, 'log-agent', {
    image: IMAGE,
    ports: [{ name: 'metrics', port: 9100 }],
    liveness: Probe.http('/healthz'),
    readiness: Probe.http('/ready'),
  });
  const manifests = synth(chart);

  it('runs one hardened pod per node, replacing one node at a time, without host access', () => {
    const set = find(manifests, 'DaemonSet', 'log-agent');
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    const pod = set.spec.template.spec;
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.volumes.every((volume: object) => !('hostPath' in volume))).toBe(true);
    expect(pod.containers[0].securityContext).toMatchObject({
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(manifests.some((m) => m.kind === 'PodDisruptionBudget')).toBe(false);
  });

  it('synthesizes schema-valid objects with no finding', () => {
    expect(schemaProblems(manifests)).toEqual([]);
    expect(blockingFindings(chart)).toEqual([]);
  });
});
