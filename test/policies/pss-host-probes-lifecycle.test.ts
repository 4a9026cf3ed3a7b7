import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssHostProbesLifecycle as rule } from '../../policies/src/rules/pss-host-probes-lifecycle';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const probed = (change: (container: Data) => void) =>
  mutate(restrictedSpec(), (s) => {
    change(s.containers[0]);
  });

describe('pss-host-probes-lifecycle', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes probes and hooks without a host, or with an empty one', () => {
    const spec = probed((c) => {
      c.livenessProbe = { httpGet: { path: '/healthz', port: 8080 } };
      c.readinessProbe = { tcpSocket: { port: 8080, host: '' } };
      c.lifecycle = { preStop: { httpGet: { path: '/stop', port: 8080, host: '' } } };
    });
    expect(check(rule, spec).status).toBe('pass');
  });

  test.each([
    [
      'livenessProbe.httpGet.host',
      (c: Data) => (c.livenessProbe = { httpGet: { port: 80, host: '169.254.169.254' } }),
    ],
    [
      'readinessProbe.tcpSocket.host',
      (c: Data) => (c.readinessProbe = { tcpSocket: { port: 22, host: '10.0.0.1' } }),
    ],
    [
      'startupProbe.httpGet.host',
      (c: Data) => (c.startupProbe = { httpGet: { port: 80, host: 'localhost' } }),
    ],
    [
      'lifecycle.postStart.httpGet.host',
      (c: Data) => (c.lifecycle = { postStart: { httpGet: { port: 80, host: 'db' } } }),
    ],
    [
      'lifecycle.preStop.tcpSocket.host',
      (c: Data) => (c.lifecycle = { preStop: { tcpSocket: { port: 80, host: 'db' } } }),
    ],
  ])('fails when a container sets %s', (field, change) => {
    const path = `spec.template.spec.containers[0].${field}`;
    expect(check(rule, probed(change))).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringMatching(
            new RegExp(`container 'app' sets ${field.replace(/\./g, '\\.')}: \\S+ at `),
          ),
        },
      ],
    });
  });

  it('checks init containers too', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.initContainers[0].startupProbe = { tcpSocket: { port: 1, host: 'node' } };
    });
    expect(check(rule, spec).findings).toEqual([
      expect.objectContaining({ path: 'spec.template.spec.initContainers[0].startupProbe.tcpSocket.host' }),
    ]);
  });

  test.each(['v1.0', 'v1.33'])('is not applicable at %s, before the check existed', (version) => {
    const spec = probed((c) => (c.livenessProbe = { httpGet: { port: 80, host: 'x' } }));
    expect(check(rule, spec, version).status).toBe('not-applicable');
  });

  test.each(['v1.34', 'v1.35', 'latest'])('fails at %s', (version) => {
    const spec = probed((c) => (c.livenessProbe = { httpGet: { port: 80, host: 'x' } }));
    expect(check(rule, spec, version).status).toBe('fail');
  });

  it('is unknown when a host is not known yet', () => {
    expect(
      check(
        rule,
        probed((c) => (c.livenessProbe = { httpGet: { port: 80, host: UNKNOWN } })),
      ).status,
    ).toBe('unknown');
  });
});
