import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { logGroupRetentionKms as rule } from '../../policies/src/rules/log-group-retention-kms';

const compliant = {
  name: '/aws/eks/prod/cluster',
  retentionInDays: 365,
  kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/a',
};
const validate = (inputs: Record<string, unknown>) =>
  rule.validate(inputs, ruleOptions(), 'control-plane-logs');

describe('log-group-retention-kms', () => {
  it('passes a control-plane log group with retention and a KMS key', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('passes when the key ARN is an output not known until apply', () => {
    expect(validate({ ...compliant, kmsKeyId: UNKNOWN }).status).toBe('pass');
  });

  test.each([
    [
      'retention is omitted',
      { retentionInDays: undefined },
      'retentionInDays',
      'retentionInDays is not set, so control-plane logs are kept forever',
    ],
    ['retention is 0 (never expire)', { retentionInDays: 0 }, 'retentionInDays', 'retentionInDays is 0'],
    ['no KMS key is set', { kmsKeyId: undefined }, 'kmsKeyId', 'kmsKeyId is not set'],
  ])('fails when %s', (_case, mutation, path, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^LogGroup\/control-plane-logs: /);
  });

  test.each([
    ['an application log group', { name: '/app/api' }],
    ['an auto-named log group', { retentionInDays: 7 }],
  ])('does not apply to %s', (_case, inputs) => {
    expect(validate(inputs).status).toBe('not-applicable');
  });

  it('is unknown when retention is not known yet', () => {
    expect(validate({ ...compliant, retentionInDays: UNKNOWN }).status).toBe('unknown');
  });

  it('is unknown when the name is not known yet and the group would fail', () => {
    const result = validate({ name: UNKNOWN });
    expect(result.status).toBe('unknown');
    expect(result.findings[0]!.path).toBe('name');
  });

  it('passes a compliant group whose name is not known yet', () => {
    expect(validate({ ...compliant, name: UNKNOWN }).status).toBe('pass');
  });
});
