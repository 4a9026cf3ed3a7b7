import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssProcMount as rule } from '../../policies/src/rules/pss-proc-mount';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

const procMount = (value: unknown, hostUsers?: unknown, list = 'containers') =>
  mutate(restrictedSpec(), (s) => {
    s[list][0].securityContext.procMount = value;
    if (hostUsers !== undefined) s.hostUsers = hostUsers;
  });

describe('pss-proc-mount', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes procMount: Default', () => {
    expect(check(rule, procMount('Default'), 'v1.0').status).toBe('pass');
  });

  test.each([
    [
      'a container sets Unmasked',
      procMount('Unmasked'),
      'containers',
      "container 'app' sets procMount: Unmasked",
    ],
    [
      'an init container sets Unmasked',
      procMount('Unmasked', undefined, 'initContainers'),
      'initContainers',
      "init container 'init' sets procMount: Unmasked",
    ],
    [
      'a container sets an empty procMount',
      procMount(''),
      'containers',
      "container 'app' sets procMount: ''",
    ],
  ])('fails when %s', (_case, spec, list, message) => {
    const path = `spec.template.spec.${list}[0].securityContext.procMount`;
    expect(check(rule, spec)).toEqual({
      status: 'fail',
      findings: [
        { path, message: expect.stringContaining(`${message} at ${path}; remove it or set it to Default`) },
      ],
    });
  });

  test.each([
    ['v1.0', 'fail'],
    ['v1.34', 'fail'],
    ['v1.35', 'pass'],
    ['latest', 'pass'],
  ])('with hostUsers: false at %s, Unmasked is a %s', (version, status) => {
    expect(check(rule, procMount('Unmasked', false), version).status).toBe(status);
  });

  it('still fails with hostUsers: true at latest', () => {
    expect(check(rule, procMount('Unmasked', true)).status).toBe('fail');
  });

  it('is unknown at v1.35 when hostUsers is not known yet and a container unmasks /proc', () => {
    expect(check(rule, procMount('Unmasked', UNKNOWN), 'v1.35')).toMatchObject({
      status: 'unknown',
      findings: [{ path: 'spec.template.spec.hostUsers' }],
    });
  });

  it('ignores an unknown hostUsers before v1.35', () => {
    expect(check(rule, procMount('Unmasked', UNKNOWN), 'v1.34').status).toBe('fail');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined).status).toBe('not-applicable');
  });
});
