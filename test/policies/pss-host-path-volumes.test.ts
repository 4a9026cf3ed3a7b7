import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssHostPathVolumes as rule } from '../../policies/src/rules/pss-host-path-volumes';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

const withVolumes = (volumes: unknown[]) =>
  mutate(restrictedSpec(), (s) => {
    s.volumes = volumes;
  });

describe('pss-host-path-volumes', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes non-hostPath volumes, even restricted ones', () => {
    expect(
      check(
        rule,
        withVolumes([
          { name: 'tmp', emptyDir: {} },
          { name: 'nfs', nfs: { server: 'x', path: '/' } },
        ]),
      ).status,
    ).toBe('pass');
  });

  test.each([
    [
      'a volume mounts a node path',
      [{ name: 'data', hostPath: { path: '/var/lib/data' } }],
      "volume 'data' mounts the node path /var/lib/data",
    ],
    ['a hostPath volume has no path', [{ name: 'data', hostPath: {} }], "volume 'data' is a hostPath volume"],
  ])('fails when %s', (_case, volumes, message) => {
    const path = 'spec.template.spec.volumes[0].hostPath';
    expect(check(rule, withVolumes(volumes), 'v1.0')).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(`${message} at ${path}; use an emptyDir`) }],
    });
  });

  it('reports one finding per hostPath volume', () => {
    const volumes = [
      { name: 'a', hostPath: { path: '/a' } },
      { name: 'tmp', emptyDir: {} },
      { name: 'b', hostPath: { path: '/b' } },
    ];
    expect(check(rule, withVolumes(volumes)).findings.map((finding) => finding.path)).toEqual([
      'spec.template.spec.volumes[0].hostPath',
      'spec.template.spec.volumes[2].hostPath',
    ]);
  });

  it('is unknown when a volume source is not known yet', () => {
    expect(check(rule, withVolumes([{ name: 'a', hostPath: UNKNOWN }])).status).toBe('unknown');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, []).status).toBe('not-applicable');
  });
});
