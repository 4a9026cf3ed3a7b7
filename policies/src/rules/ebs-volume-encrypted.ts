import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/**
 * EBS volumes set `encrypted: true`. AWS defaults it to false, leaving encryption to the account's
 * encryption-by-default setting, which the program does not control.
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
 */
export const ebsVolumeEncrypted: ResourceRule = {
  id: 'ebs-volume-encrypted',
  target: 'aws',
  title: 'EBS volumes are encrypted',
  description:
    'An EBS volume sets encrypted: true, so its data, snapshots and traffic to the instance are encrypted.',
  severity: 'medium',
  resourceTypes: ['aws:ebs/volume:Volume'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Volume/${name}`;
    const encrypted = inputs.encrypted;
    if (isUnknown(encrypted)) return unknownAt('encrypted', `${subject}: encrypted is not known yet`);
    if (encrypted === true) return PASS;
    const how =
      encrypted === undefined ? 'is not set and AWS defaults it to false' : `is ${String(encrypted)}`;
    return failIfAny([
      {
        path: 'encrypted',
        message: `${subject}: encrypted ${how}; set encrypted: true (and kmsKeyId to a customer-managed key)`,
      },
    ]);
  },
};
