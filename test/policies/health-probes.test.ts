import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { healthProbes as rule } from '../../policies/src/rules/health-probes';
import { type Draft, hardenedDeployment, hardenedPodSpec, mutate, workload } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const container = 'spec.template.spec.containers[0]';
const probes = (change: (c: Draft) => void) =>
  mutate(hardenedDeployment(), (d) => change(d.spec.template.spec.containers[0]));

describe('health-probes', () => {
  test.each([
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ReplicaSet',
    'Deployment',
    'DaemonSet',
    'StatefulSet',
  ] as const)('passes a hardened %s', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  it('does not read Jobs and CronJobs, which run to completion', () => {
    expect(rule.kinds).not.toContain('Job');
    expect(rule.kinds).not.toContain('CronJob');
    expect(validate(workload('Job', { containers: [{ name: 'batch' }] })).status).toBe('not-applicable');
  });

  test.each([['Never'], ['OnFailure']])(
    'is not applicable to a Pod with restartPolicy %s',
    (restartPolicy) => {
      expect(validate(workload('Pod', { restartPolicy, containers: [{ name: 'once' }] })).status).toBe(
        'not-applicable',
      );
    },
  );

  it('passes probes that share a handler type but check different endpoints', () => {
    expect(validate(hardenedDeployment()).status).toBe('pass');
  });

  it('passes identical timings on different handlers', () => {
    const manifest = probes((c) => {
      c.livenessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 10 };
      c.readinessProbe = { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10 };
    });
    expect(validate(manifest).status).toBe('pass');
  });

  test.each([
    [
      'the livenessProbe is missing',
      (c: Draft) => delete c.livenessProbe,
      'livenessProbe',
      'has no livenessProbe',
    ],
    [
      'the readinessProbe is missing',
      (c: Draft) => delete c.readinessProbe,
      'readinessProbe',
      'has no readinessProbe',
    ],
    [
      'liveness checks the same endpoint as readiness',
      (c: Draft) => (c.livenessProbe = { httpGet: { port: 8080, path: '/ready' }, periodSeconds: 30 }),
      'livenessProbe',
      'checks the same thing in its livenessProbe as in its readinessProbe',
    ],
  ])('fails when %s', (_case, change, field, message) => {
    const path = `${container}.${field}`;
    expect(validate(probes(change))).toEqual({
      status: 'fail',
      findings: [
        { path, message: expect.stringContaining(`Deployment/api: container 'app' ${message} at ${path}`) },
      ],
    });
  });

  it('reports both probes of a container that has none', () => {
    const result = validate(
      probes((c) => {
        delete c.livenessProbe;
        delete c.readinessProbe;
      }),
    );
    expect(result.findings.map((finding) => finding.path)).toEqual([
      `${container}.livenessProbe`,
      `${container}.readinessProbe`,
    ]);
  });

  it('does not check init or ephemeral containers', () => {
    const spec = {
      ...hardenedPodSpec(),
      initContainers: [{ name: 'migrate', image: 'm:1' }],
      ephemeralContainers: [{ name: 'debug', image: 'b:1' }],
    };
    expect(validate(workload('Deployment', spec)).status).toBe('pass');
  });

  it('is not applicable to a pod spec without containers', () => {
    expect(validate(workload('Deployment', {})).status).toBe('not-applicable');
  });
});
