import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { launchTemplateImdsv2 as rule } from '../../policies/src/rules/launch-template-imdsv2';

const compliant = {
  metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
};
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'nodes');

describe('launch-template-imdsv2', () => {
  it('applies to launch templates only', () => {
    expect(rule.resourceTypes).toEqual(['aws:ec2/launchTemplate:LaunchTemplate']);
  });

  it('passes IMDSv2-only with hop limit 1', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a template that disables instance metadata', () => {
    expect(validate({ metadataOptions: { httpEndpoint: 'disabled' } }).status).toBe('pass');
  });

  test.each([
    [
      'metadataOptions is omitted',
      {},
      'metadataOptions',
      'metadataOptions is not set, so instances may answer IMDSv1 requests',
    ],
    [
      'httpTokens is optional',
      { metadataOptions: { ...compliant.metadataOptions, httpTokens: 'optional' } },
      'metadataOptions.httpTokens',
      "httpTokens is 'optional'",
    ],
    [
      'httpTokens is omitted',
      { metadataOptions: { httpPutResponseHopLimit: 1 } },
      'metadataOptions.httpTokens',
      'httpTokens is not set',
    ],
    [
      'the hop limit is 2',
      { metadataOptions: { ...compliant.metadataOptions, httpPutResponseHopLimit: 2 } },
      'metadataOptions.httpPutResponseHopLimit',
      'httpPutResponseHopLimit is 2, so pods can reach instance metadata; set httpPutResponseHopLimit: 1',
    ],
    [
      'the hop limit is omitted',
      { metadataOptions: { httpTokens: 'required' } },
      'metadataOptions.httpPutResponseHopLimit',
      "is not set, so the account's instance-metadata default applies",
    ],
  ])('fails when %s', (_case, inputs, path, message) => {
    const result = validate(inputs);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^LaunchTemplate\/nodes: /);
  });

  test.each([
    ['metadataOptions', { metadataOptions: UNKNOWN }],
    ['httpTokens', { metadataOptions: { ...compliant.metadataOptions, httpTokens: UNKNOWN } }],
    [
      'the hop limit',
      { metadataOptions: { ...compliant.metadataOptions, httpPutResponseHopLimit: UNKNOWN } },
    ],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
