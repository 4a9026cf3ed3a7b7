import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * ECR repositories encrypt their images with a customer-managed KMS key (`encryptionConfigurations:
 * [{ encryptionType: 'KMS', kmsKey }]`). Left unset, AWS encrypts with AES256 keys it alone controls; `KMS`
 * without `kmsKey` uses the AWS managed key `aws/ecr`, whose policy nobody can restrict. Only a customer key
 * lets a key policy decide who may use the images' data keys, and CloudTrail show each use. The encryption
 * of a repository is fixed at creation: changing it replaces the repository.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
 */
export const ecrKmsEncryption: ResourceRule = {
  id: 'ecr-kms-encryption',
  target: 'aws',
  title: 'ECR repositories encrypt images with a customer-managed KMS key',
  description:
    "An ECR repository sets encryptionConfigurations to encryptionType 'KMS' with a kmsKey, so its images are encrypted under a key whose policy the account controls.",
  severity: 'low',
  resourceTypes: ['aws:ecr/repository:Repository'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Repository/${name}`;
    const configurations = inputs.encryptionConfigurations;
    if (isUnknown(configurations))
      return unknownAt('encryptionConfigurations', `${subject}: encryptionConfigurations is not known yet`);
    const first = Array.isArray(configurations) ? configurations[0] : undefined;
    if (isUnknown(first))
      return unknownAt(
        'encryptionConfigurations[0]',
        `${subject}: encryptionConfigurations[0] is not known yet`,
      );
    const configuration = asRecord(first);
    const type = configuration?.encryptionType;
    if (isUnknown(type)) {
      return unknownAt(
        'encryptionConfigurations[0].encryptionType',
        `${subject}: encryptionConfigurations[0].encryptionType is not known yet`,
      );
    }
    const fix =
      "set encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: <customer-managed KMS key ARN> }] (changing it replaces the repository)";
    if (type !== 'KMS') {
      const how =
        configuration === undefined
          ? 'encryptionConfigurations is not set, so AWS encrypts images with AES256 keys it alone controls'
          : `encryptionConfigurations[0].encryptionType is ${type === undefined ? 'not set (AES256)' : `'${String(type)}'`}, so images are not encrypted with a KMS key the account controls`;
      return failIfAny([{ path: 'encryptionConfigurations', message: `${subject}: ${how}; ${fix}` }]);
    }
    const key = configuration?.kmsKey;
    // An unknown kmsKey (the ARN of a key created in the same program) still names a customer key.
    if (isUnknown(key) || (typeof key === 'string' && key !== '')) return PASS;
    return failIfAny([
      {
        path: 'encryptionConfigurations[0].kmsKey',
        message: `${subject}: encryptionConfigurations[0].kmsKey is not set, so images are encrypted with the AWS managed key aws/ecr, whose key policy cannot be restricted; ${fix}`,
      },
    ]);
  },
};
