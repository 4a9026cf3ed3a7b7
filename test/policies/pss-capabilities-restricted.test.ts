import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssCapabilitiesRestricted as rule } from '../../policies/src/rules/pss-capabilities-restricted';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const caps = (change: (capabilities: Data, spec: Data) => void, list = 'containers') =>
  mutate(restrictedSpec(), (s) => {
    change(s[list][0].securityContext.capabilities, s);
  });

describe('pss-capabilities-restricted', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes adding back NET_BIND_SERVICE', () => {
    expect(
      check(
        rule,
        caps((c) => (c.add = ['NET_BIND_SERVICE'])),
        'v1.22',
      ).status,
    ).toBe('pass');
  });

  test.each([
    [
      'a container drops nothing',
      caps((c) => delete c.drop),
      'containers[0].securityContext.capabilities.drop',
      "container 'app' does not drop ALL capabilities",
    ],
    [
      'a container drops only NET_RAW',
      caps((c) => (c.drop = ['NET_RAW'])),
      'containers[0].securityContext.capabilities.drop',
      'does not drop ALL capabilities',
    ],
    [
      'an init container has no capabilities',
      caps((_c, s) => delete s.initContainers[0].securityContext.capabilities, 'initContainers'),
      'initContainers[0].securityContext.capabilities.drop',
      "init container 'init' does not drop ALL capabilities",
    ],
    [
      'a container adds CHOWN',
      caps((c) => (c.add = ['CHOWN'])),
      'containers[0].securityContext.capabilities.add[0]',
      "container 'app' adds capability CHOWN",
    ],
  ])('fails when %s', (_case, spec, field, message) => {
    const path = `spec.template.spec.${field}`;
    expect(check(rule, spec)).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(`${message} at ${path}; `) }],
    });
  });

  test.each(['v1.0', 'v1.21'])('is not applicable at %s, before the check existed', (version) => {
    expect(
      check(
        rule,
        caps((c) => delete c.drop),
        version,
      ).status,
    ).toBe('not-applicable');
  });

  test.each([
    ['v1.24', 'fail'],
    ['v1.25', 'pass'],
  ])('a windows pod without capabilities at %s: %s', (version, status) => {
    const spec = caps((c, s) => {
      delete c.drop;
      s.os = { name: 'windows' };
    });
    expect(check(rule, spec, version).status).toBe(status);
  });

  it('is unknown when the drop list is not known yet', () => {
    expect(
      check(
        rule,
        caps((c) => (c.drop = UNKNOWN)),
      ).status,
    ).toBe('unknown');
  });

  it('is unknown when a dropped capability is not known yet', () => {
    expect(
      check(
        rule,
        caps((c) => (c.drop = [UNKNOWN])),
      ).status,
    ).toBe('unknown');
  });
});
