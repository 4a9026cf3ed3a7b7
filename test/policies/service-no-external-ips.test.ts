import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { serviceNoExternalIps as rule } from '../../policies/src/rules/service-no-external-ips';
import { service } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());

describe('service-no-external-ips', () => {
  it('passes a Service without externalIPs', () => {
    expect(validate(service())).toEqual({ status: 'pass', findings: [] });
  });

  it('passes an empty externalIPs list', () => {
    expect(validate(service({ externalIPs: [] })).status).toBe('pass');
  });

  it('reports each external IP', () => {
    const result = validate(service({ externalIPs: ['198.51.100.7', '10.0.0.9'] }));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'spec.externalIPs[0]',
        message: expect.stringContaining("Service/api: external IP '198.51.100.7' at spec.externalIPs[0]"),
      },
      {
        path: 'spec.externalIPs[1]',
        message: expect.stringContaining("external IP '10.0.0.9' at spec.externalIPs[1]"),
      },
    ]);
  });

  test.each([
    [
      'externalIPs holds a non-string',
      [42],
      'spec.externalIPs[0]',
      'Service/api: external IP at spec.externalIPs[0]',
    ],
    ['externalIPs is not a list', '198.51.100.7', 'spec.externalIPs', 'Service/api: spec.externalIPs is set'],
  ])('fails without printing a non-string when %s', (_case, externalIPs, path, message) => {
    const result = validate(service({ externalIPs }));
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
  });
});
