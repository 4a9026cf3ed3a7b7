import { UNKNOWN } from '../../policies/src/engine/unknown';
import { pssHostPorts as rule } from '../../policies/src/rules/pss-host-ports';
import { check, mutate, restrictedSpec } from '../fixtures/pods';

const withPorts = (list: string, ports: unknown[]) =>
  mutate(restrictedSpec(), (s) => {
    s[list][0].ports = ports;
  });

describe('pss-host-ports', () => {
  it('passes a compliant pod', () => {
    expect(check(rule, restrictedSpec())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes container ports and hostPort: 0', () => {
    expect(
      check(rule, withPorts('containers', [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 0 }]))
        .status,
    ).toBe('pass');
  });

  test.each([
    ['a container', 'containers', "container 'app' sets hostPort: 8080"],
    ['an init container', 'initContainers', "init container 'init' sets hostPort: 8080"],
  ])('fails when %s sets a hostPort', (_case, list, message) => {
    const path = `spec.template.spec.${list}[0].ports[1].hostPort`;
    const spec = withPorts(list, [{ containerPort: 80 }, { containerPort: 8080, hostPort: 8080 }]);
    expect(check(rule, spec, 'v1.0')).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(`${message} at ${path}; remove hostPort`) }],
    });
  });

  it('is unknown when a hostPort is not known yet', () => {
    expect(check(rule, withPorts('containers', [{ containerPort: 80, hostPort: UNKNOWN }])).status).toBe(
      'unknown',
    );
  });

  it('is not applicable to an object without a pod spec', () => {
    expect(check(rule, 'spec').status).toBe('not-applicable');
  });
});
