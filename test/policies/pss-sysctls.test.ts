import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssSysctls as rule } from '../../policies/src/rules/pss-sysctls';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

const withSysctls = (...names: unknown[]) =>
  mutate(restrictedSpec(), (s) => {
    s.securityContext.sysctls = names.map((name) => (name === null ? null : { name, value: '1' }));
  });

describe('pss-sysctls', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes the five sysctls allowed since v1.0', () => {
    const spec = withSysctls(
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    );
    expect(check(rule, spec, 'v1.0').status).toBe('pass');
  });

  test.each([
    ['net.ipv4.ip_local_reserved_ports', 'v1.26', 'v1.27'],
    ['net.ipv4.tcp_keepalive_time', 'v1.28', 'v1.29'],
    ['net.ipv4.tcp_fin_timeout', 'v1.28', 'v1.29'],
    ['net.ipv4.tcp_keepalive_intvl', 'v1.28', 'v1.29'],
    ['net.ipv4.tcp_keepalive_probes', 'v1.28', 'v1.29'],
    ['net.ipv4.tcp_rmem', 'v1.31', 'v1.32'],
    ['net.ipv4.tcp_wmem', 'v1.31', 'v1.32'],
    ['net.ipv4.tcp_slow_start_after_idle', 'v1.36', 'v1.37'],
    ['net.ipv4.tcp_notsent_lowat', 'v1.36', 'v1.37'],
  ])('allows %s from %s on, not before', (name, before, from) => {
    expect(check(rule, withSysctls(name), before).status).toBe('fail');
    expect(check(rule, withSysctls(name), from).status).toBe('pass');
    expect(check(rule, withSysctls(name), 'latest').status).toBe('pass');
  });

  test.each([
    [
      'an unsafe sysctl',
      ['kernel.shm_rmid_forced', 'net.core.somaxconn'],
      1,
      'the pod sets sysctl net.core.somaxconn',
    ],
    ['a sysctl with an empty name', [''], 0, "the pod sets sysctl ''"],
    ['a null sysctl', [null], 0, "the pod sets sysctl ''"],
  ])('fails %s', (_case, names, index, message) => {
    const path = `spec.template.spec.securityContext.sysctls[${index}].name`;
    expect(check(rule, withSysctls(...names))).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringContaining(
            `${message} at ${path}; remove it; baseline allows only kernel.shm_rmid_forced`,
          ),
        },
      ],
    });
  });

  it('is unknown when a sysctl name is not known yet', () => {
    expect(check(rule, withSysctls(UNKNOWN)).status).toBe('unknown');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined).status).toBe('not-applicable');
  });
});
