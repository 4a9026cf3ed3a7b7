import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssSelinux as rule } from '../../policies/src/rules/pss-selinux';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const withOptions = (owner: (spec: Data) => Data, options: unknown) =>
  mutate(restrictedSpec(), (s) => {
    owner(s).seLinuxOptions = options;
  });
const pod = (s: Data) => s.securityContext;
const container = (s: Data) => s.containers[0].securityContext;
const init = (s: Data) => s.initContainers[0].securityContext;

describe('pss-selinux', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  test.each(['', 'container_t', 'container_init_t', 'container_kvm_t'])(
    'passes type %j at every version',
    (type) => {
      expect(check(rule, withOptions(pod, { type }), 'v1.0').status).toBe('pass');
    },
  );

  it('passes a level, which baseline does not restrict', () => {
    expect(check(rule, withOptions(container, { level: 's0:c123,c456' })).status).toBe('pass');
  });

  test.each([
    ['v1.30', 'fail'],
    ['v1.31', 'pass'],
    ['latest', 'pass'],
  ])('treats type container_engine_t at %s as %s', (version, status) => {
    expect(check(rule, withOptions(container, { type: 'container_engine_t' }), version).status).toBe(status);
  });

  test.each([
    [
      'the pod sets type spc_t',
      pod,
      { type: 'spc_t' },
      'securityContext.seLinuxOptions.type',
      'the pod sets seLinuxOptions.type: spc_t',
    ],
    [
      'a container sets a user',
      container,
      { user: 'system_u' },
      'containers[0].securityContext.seLinuxOptions.user',
      "container 'app' sets seLinuxOptions.user: system_u",
    ],
    [
      'an init container sets a role',
      init,
      { role: 'system_r' },
      'initContainers[0].securityContext.seLinuxOptions.role',
      "init container 'init' sets seLinuxOptions.role: system_r",
    ],
  ])('fails when %s', (_case, owner, options, field, message) => {
    const path = `spec.template.spec.${field}`;
    expect(check(rule, withOptions(owner, options))).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(`${message} at ${path}; `) }],
    });
  });

  it('reports type, user and role separately', () => {
    expect(
      check(rule, withOptions(container, { type: 'spc_t', user: 'u', role: 'r' })).findings,
    ).toHaveLength(3);
  });

  it('is unknown when the type is not known yet', () => {
    expect(check(rule, withOptions(pod, { type: UNKNOWN })).status).toBe('unknown');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined).status).toBe('not-applicable');
  });
});
