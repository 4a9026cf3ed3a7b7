import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { kmsKeyRotation as rule } from '../../policies/src/rules/kms-key-rotation';

const compliant = { description: 'EKS secrets', enableKeyRotation: true, deletionWindowInDays: 30 };
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'secrets');

describe('kms-key-rotation', () => {
  it('passes a symmetric key with rotation enabled', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'rotation is omitted (AWS defaults it to false)',
      { enableKeyRotation: undefined },
      'enableKeyRotation',
      'not set and AWS defaults it to false',
    ],
    ['rotation is disabled', { enableKeyRotation: false }, 'enableKeyRotation', 'enableKeyRotation is false'],
    [
      'the lockout safety check is bypassed',
      { bypassPolicyLockoutSafetyCheck: true },
      'bypassPolicyLockoutSafetyCheck',
      'bypassPolicyLockoutSafetyCheck is true',
    ],
  ])('fails when %s', (_case, mutation, path, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^Key\/secrets: /);
  });

  test.each([
    [
      'an asymmetric signing key',
      { customerMasterKeySpec: 'RSA_3072', keyUsage: 'SIGN_VERIFY', enableKeyRotation: false },
    ],
    ['an HMAC key', { customerMasterKeySpec: 'HMAC_384', keyUsage: 'GENERATE_VERIFY_MAC' }],
    ['a key in a custom key store', { customKeyStoreId: 'cks-1234', enableKeyRotation: false }],
  ])('does not apply to %s, which cannot rotate automatically', (_case, inputs) => {
    expect(validate(inputs).status).toBe('not-applicable');
  });

  test.each([
    ['enableKeyRotation', { ...compliant, enableKeyRotation: UNKNOWN }],
    ['the key spec', { ...compliant, customerMasterKeySpec: UNKNOWN }],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
