import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssAllowPrivilegeEscalation as rule } from '../../policies/src/rules/pss-allow-privilege-escalation';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const escalating = (change: (spec: Data) => void) => mutate(restrictedSpec(), change);
const unsetOnApp = (s: Data) => {
  delete s.containers[0].securityContext.allowPrivilegeEscalation;
};

describe('pss-allow-privilege-escalation', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'a container leaves it unset',
      unsetOnApp,
      'containers',
      "container 'app' does not set allowPrivilegeEscalation: false",
    ],
    [
      'an init container sets it to true',
      (s: Data) => (s.initContainers[0].securityContext.allowPrivilegeEscalation = true),
      'initContainers',
      "init container 'init' sets allowPrivilegeEscalation: true",
    ],
    [
      'a container has no securityContext',
      (s: Data) => delete s.containers[0].securityContext,
      'containers',
      'does not set',
    ],
  ])('fails when %s', (_case, change, list, message) => {
    const path = `spec.template.spec.${list}[0].securityContext.allowPrivilegeEscalation`;
    expect(check(rule, escalating(change))).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(`${message}`) }],
    });
    expect(check(rule, escalating(change)).findings[0]?.message).toContain(`at ${path}; set it to false`);
  });

  test.each(['v1.0', 'v1.7'])('is not applicable at %s, before the field existed', (version) => {
    expect(check(rule, escalating(unsetOnApp), version).status).toBe('not-applicable');
  });

  describe('windows pods', () => {
    const windows = escalating((s) => {
      unsetOnApp(s);
      s.os = { name: 'windows' };
    });

    test.each([
      ['v1.24', 'fail'],
      ['v1.25', 'pass'],
      ['latest', 'pass'],
    ])('at %s: %s', (version, status) => {
      expect(check(rule, windows, version).status).toBe(status);
    });

    it('does not exempt pods with os.name linux', () => {
      const linux = escalating((s) => {
        unsetOnApp(s);
        s.os = { name: 'linux' };
      });
      expect(check(rule, linux).status).toBe('fail');
    });

    it('is unknown when os.name is not known yet and a container would fail', () => {
      const spec = escalating((s) => {
        unsetOnApp(s);
        s.os = { name: UNKNOWN };
      });
      expect(check(rule, spec)).toMatchObject({
        status: 'unknown',
        findings: [{ path: 'spec.template.spec.os.name' }],
      });
    });
  });

  it('is unknown when the value is not known yet', () => {
    const spec = escalating((s) => (s.containers[0].securityContext.allowPrivilegeEscalation = UNKNOWN));
    expect(check(rule, spec).status).toBe('unknown');
  });
});
