import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { ecrKmsEncryption as rule } from '../../policies/src/rules/ecr-kms-encryption';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const compliant = { encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: KEY }] };
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'api');

describe('ecr-kms-encryption', () => {
  it('applies to ECR repositories only', () => {
    expect(rule.resourceTypes).toEqual(['aws:ecr/repository:Repository']);
  });

  it('passes a repository encrypted with a customer-managed key', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a key created in the same program, whose ARN is not known at preview', () => {
    expect(validate({ encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: UNKNOWN }] }).status).toBe(
      'pass',
    );
  });

  test.each([
    [
      'encryption is not configured',
      {},
      'encryptionConfigurations',
      'encryptionConfigurations is not set, so AWS encrypts images with AES256 keys it alone controls',
    ],
    [
      'it asks for AES256',
      { encryptionConfigurations: [{ encryptionType: 'AES256' }] },
      'encryptionConfigurations',
      "encryptionConfigurations[0].encryptionType is 'AES256', so images are not encrypted with a KMS key the account controls",
    ],
    [
      'KMS is asked for without a key (the AWS managed aws/ecr key)',
      { encryptionConfigurations: [{ encryptionType: 'KMS' }] },
      'encryptionConfigurations[0].kmsKey',
      'encryptionConfigurations[0].kmsKey is not set, so images are encrypted with the AWS managed key aws/ecr',
    ],
  ])('fails when %s', (_case, inputs, path, message) => {
    const result = validate(inputs);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path,
        message: expect.stringMatching(
          new RegExp(
            `^Repository/api: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*; set encryptionConfigurations: \\[\\{ encryptionType: 'KMS', kmsKey: `,
          ),
        ),
      },
    ]);
  });

  test.each([
    ['the encryption configurations', { encryptionConfigurations: UNKNOWN }],
    ['the first configuration', { encryptionConfigurations: [UNKNOWN] }],
    ['the encryption type', { encryptionConfigurations: [{ encryptionType: UNKNOWN, kmsKey: KEY }] }],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
