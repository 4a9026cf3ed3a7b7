import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/**
 * Customer-managed KMS keys rotate their key material automatically (`enableKeyRotation: true`; AWS
 * defaults it to false) and keep the key-policy lockout safety check (`bypassPolicyLockoutSafetyCheck`
 * unset or false). Only symmetric encryption keys in the AWS KMS key store can rotate automatically, so
 * asymmetric, HMAC and custom-key-store keys are not applicable.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
export const kmsKeyRotation: ResourceRule = {
  id: 'kms-key-rotation',
  target: 'aws',
  title: 'KMS keys rotate automatically',
  description:
    'A symmetric customer-managed KMS key sets enableKeyRotation: true and does not bypass the key-policy lockout safety check.',
  severity: 'medium',
  resourceTypes: ['aws:kms/key:Key'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Key/${name}`;
    for (const field of ['customerMasterKeySpec', 'keyUsage', 'customKeyStoreId'] as const) {
      if (isUnknown(inputs[field])) return unknownAt(field, `${subject}: ${field} is not known yet`);
    }
    const spec = inputs.customerMasterKeySpec;
    const usage = inputs.keyUsage;
    if (
      (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') ||
      (usage !== undefined && usage !== 'ENCRYPT_DECRYPT')
    ) {
      return NOT_APPLICABLE;
    }
    if (typeof inputs.customKeyStoreId === 'string' && inputs.customKeyStoreId !== '') return NOT_APPLICABLE;

    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;
    const rotation = inputs.enableKeyRotation;
    if (isUnknown(rotation))
      unknown = unknownAt('enableKeyRotation', `${subject}: enableKeyRotation is not known yet`);
    else if (rotation !== true) {
      const how =
        rotation === false
          ? 'enableKeyRotation is false'
          : 'enableKeyRotation is not set and AWS defaults it to false';
      findings.push({
        path: 'enableKeyRotation',
        message: `${subject}: ${how}, so the key material never rotates; set enableKeyRotation: true`,
      });
    }
    const bypass = inputs.bypassPolicyLockoutSafetyCheck;
    if (isUnknown(bypass)) {
      unknown ??= unknownAt(
        'bypassPolicyLockoutSafetyCheck',
        `${subject}: bypassPolicyLockoutSafetyCheck is not known yet`,
      );
    } else if (bypass === true) {
      findings.push({
        path: 'bypassPolicyLockoutSafetyCheck',
        message: `${subject}: bypassPolicyLockoutSafetyCheck is true, so a key policy that locks everyone out is accepted; remove it`,
      });
    }
    if (findings.length > 0) return failIfAny(findings);
    return unknown ?? PASS;
  },
};
