import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssRunAsUser as rule } from '../../policies/src/rules/pss-run-as-user';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const asUser = (change: (spec: Data) => void) => mutate(restrictedSpec(), change);

describe('pss-run-as-user', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes non-zero UIDs', () => {
    const spec = asUser((s) => {
      s.securityContext.runAsUser = 10001;
      s.containers[0].securityContext.runAsUser = 1000;
    });
    expect(check(rule, spec).status).toBe('pass');
  });

  test.each([
    [
      'the pod',
      (s: Data) => (s.securityContext.runAsUser = 0),
      'securityContext',
      'the pod sets runAsUser: 0',
    ],
    [
      'a container',
      (s: Data) => (s.containers[0].securityContext.runAsUser = 0),
      'containers[0].securityContext',
      "container 'app' sets runAsUser: 0",
    ],
    [
      'an init container',
      (s: Data) => (s.initContainers[0].securityContext.runAsUser = 0),
      'initContainers[0].securityContext',
      "init container 'init' sets runAsUser: 0",
    ],
  ])('fails when %s sets runAsUser: 0', (_case, change, owner, message) => {
    const path = `spec.template.spec.${owner}.runAsUser`;
    expect(check(rule, asUser(change))).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(`${message} at ${path}; set a non-zero UID`) }],
    });
  });

  test.each(['v1.0', 'v1.22'])('is not applicable at %s, before the check existed', (version) => {
    expect(
      check(
        rule,
        asUser((s) => (s.securityContext.runAsUser = 0)),
        version,
      ).status,
    ).toBe('not-applicable');
  });

  test.each([
    ['v1.23', 'fail'],
    ['v1.34', 'fail'],
    ['v1.35', 'pass'],
    ['latest', 'pass'],
  ])('with hostUsers: false, runAsUser: 0 at %s is a %s', (version, status) => {
    const spec = asUser((s) => {
      s.hostUsers = false;
      s.securityContext.runAsUser = 0;
    });
    expect(check(rule, spec, version).status).toBe(status);
  });

  it('is unknown when runAsUser is not known yet', () => {
    expect(
      check(
        rule,
        asUser((s) => (s.securityContext.runAsUser = UNKNOWN)),
      ).status,
    ).toBe('unknown');
  });
});
