import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { ecrEnhancedScanning as rule } from '../../policies/src/rules/ecr-enhanced-scanning';

const compliant = {
  scanType: 'ENHANCED',
  rules: [
    { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'team/*', filterType: 'WILDCARD' }] },
  ],
};
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'registry');

describe('ecr-enhanced-scanning', () => {
  it('applies only to registry scanning configurations a program declares', () => {
    expect(rule.resourceTypes).toEqual([
      'aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration',
    ]);
  });

  it('passes enhanced scanning with a filtered rule', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a rule whose filters are not known yet (taken from created repositories)', () => {
    expect(
      validate({
        scanType: 'ENHANCED',
        rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: UNKNOWN }],
      }).status,
    ).toBe('pass');
  });

  test.each([
    [
      'scanType is BASIC',
      { scanType: 'BASIC' },
      'scanType',
      "scanType is 'BASIC', so images are scanned for OS packages only and only on push; set scanType: 'ENHANCED'",
    ],
    ['scanType is not set', { scanType: undefined }, 'scanType', 'scanType is not set (BASIC), so images'],
    [
      'enhanced scanning has no rules',
      { rules: [] },
      'rules',
      'scanType is ENHANCED but no rule has a repository filter',
    ],
    [
      'its only rule filters no repository',
      { rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [] }] },
      'rules',
      'a repository no filter matches is not scanned at all',
    ],
  ])('fails when %s', (_case, mutation, path, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^RegistryScanningConfiguration\/registry: /);
  });

  test.each([
    ['scanType', { scanType: UNKNOWN }],
    ['the rules', { rules: UNKNOWN }],
    ['a rule', { rules: [UNKNOWN] }],
  ])('is unknown when %s is not known yet', (_case, mutation) => {
    expect(validate({ ...compliant, ...mutation }).status).toBe('unknown');
  });
});
