import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { ecrImmutableTags as rule } from '../../policies/src/rules/ecr-immutable-tags';

const compliant = { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: 'IMMUTABLE' };
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'api');

describe('ecr-immutable-tags', () => {
  it('applies to ECR repositories only', () => {
    expect(rule.resourceTypes).toEqual(['aws:ecr/repository:Repository']);
  });

  it('passes a repository with immutable tags', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'mutability is omitted (AWS defaults to MUTABLE)',
      undefined,
      'is not set and AWS defaults it to MUTABLE',
    ],
    ['tags are mutable', 'MUTABLE', "is 'MUTABLE'"],
    [
      'some tags are excluded from immutability',
      'IMMUTABLE_WITH_EXCLUSION',
      "is 'IMMUTABLE_WITH_EXCLUSION', so tags matching imageTagMutabilityExclusionFilters can be overwritten",
    ],
  ])('fails when %s', (_case, imageTagMutability, message) => {
    const result = validate({ ...compliant, imageTagMutability });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'imageTagMutability',
        message: expect.stringContaining(`Repository/api: imageTagMutability ${message}`),
      },
    ]);
    expect(result.findings[0]!.message).toContain("set imageTagMutability: 'IMMUTABLE'");
  });

  it('is unknown when mutability is not known yet', () => {
    expect(validate({ ...compliant, imageTagMutability: UNKNOWN }).status).toBe('unknown');
  });
});
