import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssSeccompBaseline as rule } from '../../policies/src/rules/pss-seccomp-baseline';
import { baselineSpec, check, type Data, mutate } from '../fixtures/pods';

const POD_KEY = 'seccomp.security.alpha.kubernetes.io/pod';
const APP_KEY = 'container.seccomp.security.alpha.kubernetes.io/app';
const profile = (change: (spec: Data) => void) =>
  mutate(baselineSpec(), (s) => {
    for (const c of [...s.initContainers, ...s.containers]) c.securityContext = {};
    s.securityContext = {};
    change(s);
  });

describe('pss-seccomp-baseline', () => {
  it('passes a pod without seccomp settings', () => {
    expect(check(rule, baselineSpec())).toEqual({ status: 'pass', findings: [] });
  });

  describe('from v1.19: the seccompProfile fields', () => {
    test.each(['RuntimeDefault', 'Localhost'])('passes type %s', (type) => {
      const spec = profile((s) => {
        s.securityContext.seccompProfile = { type };
        s.containers[0].securityContext.seccompProfile = { type };
      });
      expect(check(rule, spec, 'v1.19').status).toBe('pass');
    });

    test.each([
      [
        'the pod sets Unconfined',
        (s: Data) => (s.securityContext.seccompProfile = { type: 'Unconfined' }),
        'securityContext',
        'the pod sets seccompProfile.type: Unconfined',
      ],
      [
        'a container sets Unconfined',
        (s: Data) => (s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }),
        'containers[0].securityContext',
        "container 'app' sets seccompProfile.type: Unconfined",
      ],
      [
        'an init container sets a profile without a type',
        (s: Data) => (s.initContainers[0].securityContext.seccompProfile = {}),
        'initContainers[0].securityContext',
        "init container 'init' sets seccompProfile.type: ''",
      ],
    ])('fails when %s', (_case, change, owner, message) => {
      const path = `spec.template.spec.${owner}.seccompProfile.type`;
      expect(check(rule, profile(change))).toEqual({
        status: 'fail',
        findings: [
          {
            path,
            message: expect.stringContaining(`${message} at ${path}; set it to RuntimeDefault or Localhost`),
          },
        ],
      });
    });

    it('ignores the annotations', () => {
      expect(check(rule, baselineSpec(), 'v1.19', { annotations: { [POD_KEY]: 'unconfined' } }).status).toBe(
        'pass',
      );
    });

    it('is unknown when a type is not known yet', () => {
      expect(
        check(
          rule,
          profile((s) => (s.securityContext.seccompProfile = { type: UNKNOWN })),
        ).status,
      ).toBe('unknown');
    });
  });

  describe('before v1.19: the alpha annotations', () => {
    test.each(['runtime/default', 'docker/default', 'localhost/profile.json'])('passes %s', (value) => {
      expect(
        check(rule, baselineSpec(), 'v1.18', { annotations: { [POD_KEY]: value, [APP_KEY]: value } }).status,
      ).toBe('pass');
    });

    test.each([
      ['the pod annotation is unconfined', POD_KEY, 'unconfined'],
      ['a container annotation is unconfined', APP_KEY, 'unconfined'],
      ['the pod annotation is empty', POD_KEY, ''],
    ])('fails when %s', (_case, key, value) => {
      const path = `spec.template.metadata.annotations['${key}']`;
      expect(check(rule, baselineSpec(), 'v1.0', { annotations: { [key]: value } })).toEqual({
        status: 'fail',
        findings: [{ path, message: expect.stringContaining(`annotation ${key} sets seccomp profile`) }],
      });
    });

    it('ignores the annotation of a container the pod does not have', () => {
      const annotations = { 'container.seccomp.security.alpha.kubernetes.io/other': 'unconfined' };
      expect(check(rule, baselineSpec(), 'v1.0', { annotations }).status).toBe('pass');
    });

    it('ignores the fields', () => {
      expect(
        check(
          rule,
          profile((s) => (s.securityContext.seccompProfile = { type: 'Unconfined' })),
          'v1.18',
        ).status,
      ).toBe('pass');
    });

    it('is unknown when an annotation is not known yet', () => {
      expect(check(rule, baselineSpec(), 'v1.0', { annotations: { [POD_KEY]: UNKNOWN } }).status).toBe(
        'unknown',
      );
    });
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined).status).toBe('not-applicable');
  });
});
