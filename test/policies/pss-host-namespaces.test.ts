import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssHostNamespaces as rule } from '../../policies/src/rules/pss-host-namespaces';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

describe('pss-host-namespaces', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes the fields set to false', () => {
    const spec = mutate(restrictedSpec(), (s) =>
      Object.assign(s, { hostNetwork: false, hostPID: false, hostIPC: false }),
    );
    expect(check(rule, spec).status).toBe('pass');
  });

  test.each(['hostNetwork', 'hostPID', 'hostIPC'])('fails when the pod sets %s: true', (field) => {
    const spec = mutate(restrictedSpec(), (s) => {
      s[field] = true;
    });
    expect(check(rule, spec, 'v1.0')).toEqual({
      status: 'fail',
      findings: [
        {
          path: `spec.template.spec.${field}`,
          message: expect.stringMatching(
            new RegExp(
              `^Deployment/api: the pod sets ${field}: true at spec\\.template\\.spec\\.${field}; remove it or set it to false`,
            ),
          ),
        },
      ],
    });
  });

  it('reports one finding per shared namespace', () => {
    const spec = mutate(restrictedSpec(), (s) =>
      Object.assign(s, { hostNetwork: true, hostPID: true, hostIPC: true }),
    );
    expect(check(rule, spec, 'latest', { kind: 'Pod' }).findings.map((finding) => finding.path)).toEqual([
      'spec.hostNetwork',
      'spec.hostPID',
      'spec.hostIPC',
    ]);
  });

  it('is unknown when hostNetwork is not known yet', () => {
    const spec = mutate(restrictedSpec(), (s) => {
      s.hostNetwork = UNKNOWN;
    });
    expect(check(rule, spec)).toMatchObject({
      status: 'unknown',
      findings: [{ path: 'spec.template.spec.hostNetwork' }],
    });
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, null).status).toBe('not-applicable');
  });
});
