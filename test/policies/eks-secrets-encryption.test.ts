import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { eksSecretsEncryption as rule } from '../../policies/src/rules/eks-secrets-encryption';

const compliant = {
  name: 'prod',
  encryptionConfig: {
    provider: { keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abcd' },
    resources: ['secrets'],
  },
};
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'prod');

describe('eks-secrets-encryption', () => {
  it('applies to EKS clusters only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/cluster:Cluster']);
  });

  it('passes a cluster whose KMS key covers secrets', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('passes when the key ARN is an output not known until apply', () => {
    expect(
      validate({
        ...compliant,
        encryptionConfig: { ...compliant.encryptionConfig, provider: { keyArn: UNKNOWN } },
      }),
    ).toMatchObject({ status: 'pass' });
  });

  it('accepts the one-element list older @pulumi/aws versions took', () => {
    expect(validate({ ...compliant, encryptionConfig: [compliant.encryptionConfig] })).toMatchObject({
      status: 'pass',
    });
  });

  test.each([
    [
      'encryptionConfig is omitted',
      { encryptionConfig: undefined },
      'encryptionConfig',
      'encryptionConfig is not set',
    ],
    [
      'resources does not list secrets',
      { encryptionConfig: { ...compliant.encryptionConfig, resources: [] } },
      'encryptionConfig.resources',
      "does not include 'secrets'",
    ],
    [
      'the provider names no key',
      { encryptionConfig: { ...compliant.encryptionConfig, provider: {} } },
      'encryptionConfig.provider.keyArn',
      'keyArn is not set',
    ],
  ])('fails when %s', (_case, mutation, path, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^Cluster\/prod: .*; set /);
  });

  test.each([
    ['encryptionConfig', { encryptionConfig: UNKNOWN }],
    ['resources', { encryptionConfig: { ...compliant.encryptionConfig, resources: UNKNOWN } }],
    ['a resources entry', { encryptionConfig: { ...compliant.encryptionConfig, resources: [UNKNOWN] } }],
  ])('is unknown, never a pass, when %s is not known yet', (_case, mutation) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('unknown');
    expect(result.findings[0]!.message).toContain('cannot be verified until apply');
  });
});
