import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssHostProcess as rule } from '../../policies/src/rules/pss-host-process';
import { check, type Data, mutate, restrictedSpec } from '../fixtures/pods';

const windows = (change: (spec: Data) => void) =>
  mutate(restrictedSpec(), (s) => {
    s.os = { name: 'windows' };
    change(s);
  });

describe('pss-host-process', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes hostProcess: false on the pod and containers', () => {
    const spec = windows((s) => {
      s.securityContext.windowsOptions = { hostProcess: false };
      s.containers[0].securityContext.windowsOptions = { hostProcess: false };
    });
    expect(check(rule, spec).status).toBe('pass');
  });

  test.each([
    [
      'the pod',
      (s: Data) => {
        s.securityContext.windowsOptions = { hostProcess: true };
      },
      'spec.template.spec.securityContext.windowsOptions.hostProcess',
      'the pod sets hostProcess: true',
    ],
    [
      'a container',
      (s: Data) => {
        s.containers[0].securityContext.windowsOptions = { hostProcess: true };
      },
      'spec.template.spec.containers[0].securityContext.windowsOptions.hostProcess',
      "container 'app' sets hostProcess: true",
    ],
    [
      'an init container',
      (s: Data) => {
        s.initContainers[0].securityContext.windowsOptions = { hostProcess: true };
      },
      'spec.template.spec.initContainers[0].securityContext.windowsOptions.hostProcess',
      "init container 'init' sets hostProcess: true",
    ],
  ])('fails when %s sets hostProcess: true', (_case, change, path, message) => {
    expect(check(rule, windows(change))).toEqual({
      status: 'fail',
      findings: [
        { path, message: expect.stringContaining(`${message} at ${path}; remove it or set it to false`) },
      ],
    });
  });

  it('fails at every version, since v1.0', () => {
    const spec = windows((s) => {
      s.securityContext.windowsOptions = { hostProcess: true };
    });
    expect(check(rule, spec, 'v1.0').status).toBe('fail');
  });

  it('is unknown when hostProcess is not known yet', () => {
    const spec = windows((s) => {
      s.securityContext.windowsOptions = { hostProcess: UNKNOWN };
    });
    expect(check(rule, spec).status).toBe('unknown');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, undefined).status).toBe('not-applicable');
  });
});
