import { UNKNOWN } from '../../policies/src/engine/unknown';
import {
  BASELINE_CAPABILITIES,
  pssCapabilitiesBaseline as rule,
} from '../../policies/src/rules/pss-capabilities-baseline';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

const adding = (list: string, add: unknown[]) =>
  mutate(restrictedSpec(), (s) => {
    s[list][0].securityContext.capabilities.add = add;
  });

describe('pss-capabilities-baseline', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes every capability of the default set', () => {
    expect(check(rule, adding('containers', [...BASELINE_CAPABILITIES])).status).toBe('pass');
  });

  test.each([
    ['a container adds NET_RAW', 'containers', ['NET_RAW'], 0, "container 'app' adds capability NET_RAW"],
    [
      'an init container adds SYS_ADMIN',
      'initContainers',
      ['SYS_ADMIN'],
      0,
      "init container 'init' adds capability SYS_ADMIN",
    ],
    [
      'a capability is spelt with the CAP_ prefix',
      'containers',
      ['CHOWN', 'CAP_CHOWN'],
      1,
      'adds capability CAP_CHOWN',
    ],
    ['a container adds ALL', 'containers', ['ALL'], 0, 'adds capability ALL'],
  ])('fails when %s', (_case, list, add, index, message) => {
    const path = `spec.template.spec.${list}[0].securityContext.capabilities.add[${index}]`;
    expect(check(rule, adding(list, add))).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringContaining(
            `${message} at ${path}; remove it; baseline allows adding only AUDIT_WRITE`,
          ),
        },
      ],
    });
  });

  it('reports one finding per added capability', () => {
    expect(check(rule, adding('containers', ['SYS_ADMIN', 'NET_RAW'])).findings).toHaveLength(2);
  });

  it('fails at v1.0 and at latest alike', () => {
    expect(check(rule, adding('containers', ['SYS_ADMIN']), 'v1.0').status).toBe('fail');
  });

  it('is unknown when an added capability is not known yet', () => {
    expect(check(rule, adding('containers', [UNKNOWN])).status).toBe('unknown');
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, 42).status).toBe('not-applicable');
  });
});
