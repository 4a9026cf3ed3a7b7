import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
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

  it('passes identical tcpSocket liveness and readiness probes: a TCP connect never follows a dependency', () => {
    const manifest = probes((c) => {
      c.livenessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 10 };
      c.readinessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 5 };
    });
    expect(validate(manifest).status).toBe('pass');
  });

  test.each([
    [
      'the same httpGet written in another key order',
      { httpGet: { path: '/ready', port: 8080, httpHeaders: [{ name: 'X', value: '1' }] } },
      { httpGet: { httpHeaders: [{ value: '1', name: 'X' }], port: 8080, path: '/ready' } },
      true,
    ],
    [
      'the same exec command',
      { exec: { command: ['check', '--all'] } },
      { exec: { command: ['check', '--all'] } },
      true,
    ],
    [
      'exec commands in another order',
      { exec: { command: ['a', 'b'] } },
      { exec: { command: ['b', 'a'] } },
      false,
    ],
    [
      'a port as a number and as a name',
      { httpGet: { path: '/', port: 8080 } },
      { httpGet: { path: '/', port: '8080' } },
      false,
    ],
    [
      'a header only one has',
      { httpGet: { path: '/', port: 1, httpHeaders: [] } },
      { httpGet: { path: '/', port: 1 } },
      false,
    ],
    [
      'an extra handler on one side',
      { httpGet: { path: '/', port: 1 }, exec: { command: ['x'] } },
      { httpGet: { path: '/', port: 1 } },
      false,
    ],
    [
      'a null handler beside the same one',
      { httpGet: { path: '/', port: 1 }, exec: null },
      { httpGet: { path: '/', port: 1 } },
      true,
    ],
    ['probes without a handler', { periodSeconds: 5 }, { periodSeconds: 5 }, false],
  ])('compares handlers by value: %s', (_case, liveness, readiness, same) => {
    const result = validate(
      probes((c) => {
        c.livenessProbe = liveness;
        c.readinessProbe = readiness;
      }),
    );
    expect(result.findings.some((f) => f.message.includes('checks the same thing'))).toBe(same);
  });

  describe('with values not known yet (Pulumi preview)', () => {
    it('reports a probe that is not known yet as unknown, not as missing', () => {
      const result = validate(probes((c) => (c.livenessProbe = UNKNOWN)));
      expect(result).toEqual({
        status: 'unknown',
        findings: [
          {
            path: `${container}.livenessProbe`,
            message: `Deployment/api: container 'app' livenessProbe at ${container}.livenessProbe is not known yet: cannot be verified until apply`,
          },
        ],
      });
    });

    it('cannot tell probes apart that differ only where a value is not known yet', () => {
      const result = validate(
        probes((c) => {
          c.livenessProbe = { httpGet: { path: UNKNOWN, port: 8080 } };
          c.readinessProbe = { httpGet: { path: UNKNOWN, port: 8080 } };
        }),
      );
      expect(result.status).toBe('unknown');
      expect(result.findings.map((f) => f.path)).toEqual([`${container}.livenessProbe`]);
    });

    it('passes probes that differ in a known field beside one not known yet', () => {
      const result = validate(
        probes((c) => {
          c.livenessProbe = { httpGet: { path: '/healthz', port: UNKNOWN } };
          c.readinessProbe = { httpGet: { path: '/ready', port: UNKNOWN } };
        }),
      );
      expect(result.status).toBe('pass');
    });

    it('still fails a container whose other probe is missing', () => {
      const result = validate(
        mutate(hardenedDeployment(), (d) => {
          d.spec.template.spec.containers[0].livenessProbe = UNKNOWN;
          d.spec.template.spec.containers.push({ name: 'sidecar', image: 'r/s:1' });
        }),
      );
      expect(result.status).toBe('fail');
    });
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

describe('health-probes hints and gRPC', () => {
  it('treats an empty gRPC service name as the default, so it is the same check', () => {
    const manifest = probes((c) => {
      c.livenessProbe = { grpc: { port: 8080, service: '' } };
      c.readinessProbe = { grpc: { port: 8080 } };
    });
    expect(validate(manifest).findings).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'a gRPC health server answers only the empty service name unless the app registers more, so point liveness at the process alone (tcpSocket on the gRPC port)',
        ),
      }),
    ]);
  });

  it('passes a TCP liveness beside a gRPC readiness on the same port', () => {
    const manifest = probes((c) => {
      c.livenessProbe = { tcpSocket: { port: 8080 } };
      c.readinessProbe = { grpc: { port: 8080 } };
    });
    expect(validate(manifest).status).toBe('pass');
  });

  // A hint sits in parentheses at the end of the message, so it has none of its own.
  const NESTED_PARENTHESES = /\([^)]*\(/;
  test.each([
    ['a gRPC readiness', { grpc: { port: 7070 } }, 'livenessProbe', 'e.g. tcpSocket on port 7070'],
    ['a port named grpc', undefined, 'readinessProbe', 'e.g. grpc: { port: 9555 }, which asks'],
  ])('suggests a probe that fits a container with %s', (_case, other, missing, hint) => {
    const manifest = probes((c) => {
      c.ports = [{ name: 'grpc', containerPort: other ? 7070 : 9555 }];
      delete c.livenessProbe;
      delete c.readinessProbe;
      if (other) c.readinessProbe = other;
    });
    const message = validate(manifest).findings.find((f) => f.path.endsWith(missing))?.message;
    expect(message).toContain(hint);
    expect(message).not.toMatch(NESTED_PARENTHESES);
  });

  it('suggests an exec check to a container without ports', () => {
    const manifest = probes((c) => {
      delete c.ports;
      delete c.livenessProbe;
    });
    const [finding] = validate(manifest).findings;
    expect(finding?.message).toContain(
      'e.g. exec: a command that checks the process, since the container declares no port)',
    );
    expect(finding?.message).not.toMatch(NESTED_PARENTHESES);
  });
});
