import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { ecrScanOnPush as rule } from '../../policies/src/rules/ecr-scan-on-push';

const compliant = { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: 'IMMUTABLE' };
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'api');

describe('ecr-scan-on-push', () => {
  it('applies to ECR repositories only', () => {
    expect(rule.resourceTypes).toEqual(['aws:ecr/repository:Repository']);
  });

  it('passes a repository that scans on push', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'the scanning configuration is omitted',
      { imageScanningConfiguration: undefined },
      'imageScanningConfiguration is not set',
    ],
    [
      'scanOnPush is false',
      { imageScanningConfiguration: { scanOnPush: false } },
      'imageScanningConfiguration.scanOnPush is false',
    ],
  ])('fails when %s', (_case, mutation, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'imageScanningConfiguration.scanOnPush',
        message: `Repository/api: ${message}, so pushed images are not scanned; set imageScanningConfiguration: { scanOnPush: true }`,
      },
    ]);
  });

  test.each([
    ['the scanning configuration', { imageScanningConfiguration: UNKNOWN }],
    ['scanOnPush', { imageScanningConfiguration: { scanOnPush: UNKNOWN } }],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
