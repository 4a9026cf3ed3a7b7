import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssRunAsNonRoot as rule } from '../../policies/src/rules/pss-run-as-non-root';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const nonRoot = (change: (spec: Data) => void) => mutate(restrictedSpec(), change);

describe('pss-run-as-non-root', () => {
  it('passes a compliant pod (set on the pod, inherited by containers)', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes when every container sets it and the pod does not', () => {
    const spec = nonRoot((s) => {
      delete s.securityContext.runAsNonRoot;
      s.containers[0].securityContext.runAsNonRoot = true;
      s.initContainers[0].securityContext.runAsNonRoot = true;
    });
    expect(check(rule, spec, 'v1.0').status).toBe('pass');
  });

  test.each([
    [
      'the pod sets false',
      (s: Data) => (s.securityContext.runAsNonRoot = false),
      [
        'securityContext.runAsNonRoot',
        'initContainers[0].securityContext.runAsNonRoot',
        'containers[0].securityContext.runAsNonRoot',
      ],
    ],
    [
      'a container sets false',
      (s: Data) => (s.containers[0].securityContext.runAsNonRoot = false),
      ['containers[0].securityContext.runAsNonRoot'],
    ],
    [
      'an init container sets false',
      (s: Data) => (s.initContainers[0].securityContext.runAsNonRoot = false),
      ['initContainers[0].securityContext.runAsNonRoot'],
    ],
    [
      'nothing sets it',
      (s: Data) => delete s.securityContext.runAsNonRoot,
      ['initContainers[0].securityContext.runAsNonRoot', 'containers[0].securityContext.runAsNonRoot'],
    ],
    [
      'only one container sets it',
      (s: Data) => {
        delete s.securityContext.runAsNonRoot;
        s.containers[0].securityContext.runAsNonRoot = true;
      },
      ['initContainers[0].securityContext.runAsNonRoot'],
    ],
  ])('fails when %s', (_case, change, fields) => {
    const result = check(rule, nonRoot(change));
    expect(result.status).toBe('fail');
    expect(result.findings.map((finding) => finding.path)).toEqual(
      fields.map((field) => `spec.template.spec.${field}`),
    );
  });

  it('says where to set it when nothing does', () => {
    const result = check(
      rule,
      nonRoot((s) => delete s.securityContext.runAsNonRoot),
    );
    expect(result.findings[1]?.message).toBe(
      "Deployment/api: container 'app' does not set runAsNonRoot: true and the pod does not either at spec.template.spec.containers[0].securityContext.runAsNonRoot; set securityContext.runAsNonRoot: true on the pod (spec.template.spec.securityContext.runAsNonRoot) or the container",
    );
  });

  describe('user-namespaced pods (hostUsers: false)', () => {
    const userns = nonRoot((s) => {
      s.hostUsers = false;
      s.securityContext.runAsNonRoot = false;
    });

    test.each([
      ['v1.34', 'fail'],
      ['v1.35', 'pass'],
      ['latest', 'pass'],
    ])('at %s: %s', (version, status) => {
      expect(check(rule, userns, version).status).toBe(status);
    });

    it('is unknown at latest when hostUsers is not known yet and the pod would fail', () => {
      const spec = nonRoot((s) => {
        s.hostUsers = UNKNOWN;
        s.securityContext.runAsNonRoot = false;
      });
      expect(check(rule, spec)).toMatchObject({
        status: 'unknown',
        findings: [{ path: 'spec.template.spec.hostUsers' }],
      });
    });
  });

  it('is unknown, not failed, when the pod value is not known yet', () => {
    const result = check(
      rule,
      nonRoot((s) => (s.securityContext.runAsNonRoot = UNKNOWN)),
    );
    expect(result).toMatchObject({
      status: 'unknown',
      findings: [{ path: 'spec.template.spec.securityContext.runAsNonRoot' }],
    });
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined).status).toBe('not-applicable');
  });
});
