import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { ebsVolumeEncrypted as rule } from '../../policies/src/rules/ebs-volume-encrypted';

const compliant = { availabilityZone: 'eu-west-1a', size: 20, encrypted: true };
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'data');

describe('ebs-volume-encrypted', () => {
  it('applies to EBS volumes only', () => {
    expect(rule.resourceTypes).toEqual(['aws:ebs/volume:Volume']);
  });

  it('passes an encrypted volume', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'encrypted is omitted (AWS defaults it to false)',
      { encrypted: undefined },
      'encrypted is not set and AWS defaults it to false',
    ],
    ['encrypted is false', { encrypted: false }, 'encrypted is false'],
  ])('fails when %s', (_case, mutation, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result).toEqual({
      status: 'fail',
      findings: [
        {
          path: 'encrypted',
          message: expect.stringContaining(`Volume/data: ${message}; set encrypted: true`),
        },
      ],
    });
  });

  it('is unknown when encrypted is not known yet', () => {
    expect(validate({ ...compliant, encrypted: UNKNOWN }).status).toBe('unknown');
  });
});
