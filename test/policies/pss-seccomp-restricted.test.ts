import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssSeccompRestricted as rule } from '../../policies/src/rules/pss-seccomp-restricted';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const seccomp = (change: (spec: Data) => void) => mutate(restrictedSpec(), change);
const unsetOnPod = (s: Data) => {
  delete s.securityContext.seccompProfile;
};

describe('pss-seccomp-restricted', () => {
  it('passes a compliant pod (set on the pod, inherited by containers)', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'Localhost on the pod',
      (s: Data) => (s.securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }),
    ],
    [
      'valid types on every container and none on the pod',
      (s: Data) => {
        unsetOnPod(s);
        s.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
        s.initContainers[0].securityContext.seccompProfile = {
          type: 'Localhost',
          localhostProfile: 'p.json',
        };
      },
    ],
  ])('passes %s', (_case, change) => {
    expect(check(rule, seccomp(change), 'v1.19').status).toBe('pass');
  });

  test.each([
    ['nothing sets it', unsetOnPod, ['initContainers[0]', 'containers[0]']],
    [
      'the pod sets Unconfined',
      (s: Data) => (s.securityContext.seccompProfile = { type: 'Unconfined' }),
      ['', 'initContainers[0]', 'containers[0]'],
    ],
    [
      'the init container is left unset',
      (s: Data) => {
        unsetOnPod(s);
        s.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
      },
      ['initContainers[0]'],
    ],
    [
      'a container sets Unconfined under a valid pod profile',
      (s: Data) => (s.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }),
      ['containers[0]'],
    ],
  ])('fails when %s', (_case, change, owners) => {
    const result = check(rule, seccomp(change));
    expect(result.status).toBe('fail');
    expect(result.findings.map((finding) => finding.path)).toEqual(
      owners.map(
        (owner) => `spec.template.spec.${owner ? `${owner}.` : ''}securityContext.seccompProfile.type`,
      ),
    );
  });

  it('names the fix when nothing sets a profile', () => {
    expect(check(rule, seccomp(unsetOnPod)).findings[1]?.message).toBe(
      "Deployment/api: container 'app' does not set seccompProfile.type and the pod does not set a valid one at spec.template.spec.containers[0].securityContext.seccompProfile.type; set securityContext.seccompProfile.type: RuntimeDefault on the pod (spec.template.spec.securityContext.seccompProfile.type) or the container",
    );
  });

  test.each(['v1.0', 'v1.18'])('is not applicable at %s, before the check existed', (version) => {
    expect(check(rule, seccomp(unsetOnPod), version).status).toBe('not-applicable');
  });

  test.each([
    ['v1.24', 'fail'],
    ['v1.25', 'pass'],
    ['latest', 'pass'],
  ])('a windows pod without seccomp at %s: %s', (version, status) => {
    const spec = seccomp((s) => {
      unsetOnPod(s);
      s.os = { name: 'windows' };
    });
    expect(check(rule, spec, version).status).toBe(status);
  });

  it('is unknown, not failed, when the pod profile is not known yet', () => {
    expect(
      check(
        rule,
        seccomp((s) => (s.securityContext.seccompProfile = UNKNOWN)),
      ),
    ).toMatchObject({
      status: 'unknown',
      findings: [{ path: 'spec.template.spec.securityContext.seccompProfile.type' }],
    });
  });
});
