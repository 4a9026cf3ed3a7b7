import { pssProcMountRestricted as rule } from '../../policies/src/rules/pss-proc-mount-restricted';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

const unmasked = (hostUsers?: boolean) =>
  mutate(restrictedSpec(), (s) => {
    s.containers[0].securityContext.procMount = 'Unmasked';
    if (hostUsers !== undefined) s.hostUsers = hostUsers;
  });

describe('pss-proc-mount-restricted', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes procMount: Default in a user namespace', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.hostUsers = false;
      s.containers[0].securityContext.procMount = 'Default';
    });
    expect(check(rule, spec).status).toBe('pass');
  });

  test.each([
    ['the pod is in a user namespace', unmasked(false), {}],
    [
      'the pod shares the host user namespace',
      unmasked(true),
      { severity: 'high', alsoViolates: ['pss-proc-mount'] },
    ],
    ['hostUsers is unset', unmasked(), { severity: 'high', alsoViolates: ['pss-proc-mount'] }],
  ])(
    'fails Unmasked when %s (at baseline severity where baseline forbids it too)',
    (_case, spec, baseline) => {
      const path = 'spec.template.spec.containers[0].securityContext.procMount';
      expect(check(rule, spec, 'v1.35')).toEqual({
        status: 'fail',
        findings: [
          {
            path,
            message: expect.stringContaining(`container 'app' sets procMount: Unmasked at ${path}`),
            ...baseline,
          },
        ],
      });
    },
  );

  test.each(['v1.0', 'v1.34'])('is not applicable at %s, before the check existed', (version) => {
    expect(check(rule, unmasked(false), version).status).toBe('not-applicable');
  });
});
