import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssApparmor as rule } from '../../policies/src/rules/pss-apparmor';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const KEY = 'container.apparmor.security.beta.kubernetes.io/app';
const annotated = (value: unknown) => ({ annotations: { [KEY]: value } });
const profiled = (change: (spec: Data) => void) => mutate(restrictedSpec(), change);

describe('pss-apparmor', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  test.each(['runtime/default', 'localhost/my-profile', ''])('passes the annotation value %j', (value) => {
    expect(check(rule, restrictedSpec(), 'latest', annotated(value)).status).toBe('pass');
  });

  test.each(['RuntimeDefault', 'Localhost'])(
    'passes appArmorProfile.type %s on the pod and containers',
    (type) => {
      const spec = profiled((s) => {
        s.securityContext.appArmorProfile = {
          type,
          localhostProfile: type === 'Localhost' ? 'p' : undefined,
        };
        s.containers[0].securityContext.appArmorProfile = { type };
      });
      expect(check(rule, spec).status).toBe('pass');
    },
  );

  test.each(['unconfined', 'docker/default', 'runtime/custom'])('fails the annotation value %s', (value) => {
    const path = `spec.template.metadata.annotations['${KEY}']`;
    expect(check(rule, restrictedSpec(), 'v1.0', annotated(value))).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringContaining(`annotation ${KEY} selects AppArmor profile ${value} at ${path}`),
        },
      ],
    });
  });

  it('reads annotations for any container name, as PSA does', () => {
    const result = check(rule, restrictedSpec(), 'latest', {
      annotations: { 'container.apparmor.security.beta.kubernetes.io/not-a-container': 'unconfined' },
    });
    expect(result.status).toBe('fail');
  });

  test.each([
    [
      'the pod sets Unconfined',
      (s: Data) => (s.securityContext.appArmorProfile = { type: 'Unconfined' }),
      'spec.template.spec.securityContext.appArmorProfile.type',
      'the pod sets appArmorProfile.type: Unconfined',
    ],
    [
      'a container sets Unconfined',
      (s: Data) => (s.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }),
      'spec.template.spec.containers[0].securityContext.appArmorProfile.type',
      "container 'app' sets appArmorProfile.type: Unconfined",
    ],
    [
      'an init container sets a profile without a type',
      (s: Data) => (s.initContainers[0].securityContext.appArmorProfile = {}),
      'spec.template.spec.initContainers[0].securityContext.appArmorProfile.type',
      "init container 'init' sets appArmorProfile.type: ''",
    ],
  ])('fails when %s', (_case, change, path, message) => {
    expect(check(rule, profiled(change), 'v1.0')).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringContaining(`${message} at ${path}; set it to RuntimeDefault or Localhost`),
        },
      ],
    });
  });

  it('is unknown when an annotation is not known yet', () => {
    expect(check(rule, restrictedSpec(), 'latest', annotated(UNKNOWN)).status).toBe('unknown');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined, 'latest', annotated('unconfined')).status).toBe('not-applicable');
  });
});
