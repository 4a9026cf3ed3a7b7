import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * Every EBS block device mapping of a launch template sets `ebs.encrypted` (a string, `"true"`, in the
 * launch template API). An unset value leaves encryption to the snapshot and the account's
 * encryption-by-default setting, which the program does not control. Instance-store and `noDevice`
 * mappings have no EBS volume; a template without EBS mappings is not applicable.
 *
 * @see https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
 */
export const launchTemplateEbsEncrypted: ResourceRule = {
  id: 'launch-template-ebs-encrypted',
  target: 'aws',
  title: 'Launch templates encrypt every EBS volume',
  description:
    'A launch template sets ebs.encrypted to true on every EBS block device mapping, so node volumes are encrypted at rest.',
  severity: 'medium',
  resourceTypes: ['aws:ec2/launchTemplate:LaunchTemplate'],
  validate(inputs, _options, name): RuleResult {
    const subject = `LaunchTemplate/${name}`;
    const mappings = inputs.blockDeviceMappings;
    if (isUnknown(mappings))
      return unknownAt('blockDeviceMappings', `${subject}: blockDeviceMappings is not known yet`);
    const list = Array.isArray(mappings) ? mappings : [];
    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;
    let ebsMappings = 0;
    list.forEach((mapping, index) => {
      const path = `blockDeviceMappings[${index}]`;
      if (isUnknown(mapping)) {
        unknown ??= unknownAt(path, `${subject}: ${path} is not known yet`);
        return;
      }
      const ebs = asRecord(mapping)?.ebs;
      if (isUnknown(ebs)) {
        unknown ??= unknownAt(`${path}.ebs`, `${subject}: ${path}.ebs is not known yet`);
        return;
      }
      const volume = asRecord(ebs);
      if (!volume) return;
      ebsMappings++;
      const encrypted = volume.encrypted;
      if (isUnknown(encrypted))
        unknown ??= unknownAt(`${path}.ebs.encrypted`, `${subject}: ${path}.ebs.encrypted is not known yet`);
      else if (encrypted !== 'true' && encrypted !== true) {
        const device = asRecord(mapping)?.deviceName;
        const label = typeof device === 'string' ? ` (${device})` : '';
        const how = encrypted === undefined ? 'is not set' : `is '${String(encrypted)}'`;
        findings.push({
          path: `${path}.ebs.encrypted`,
          message: `${subject}: ${path}.ebs.encrypted${label} ${how}, so the volume may be unencrypted; set encrypted: 'true' (and kmsKeyId to a customer-managed key)`,
        });
      }
    });
    if (findings.length > 0) return failIfAny(findings);
    if (unknown) return unknown;
    return ebsMappings === 0 ? NOT_APPLICABLE : PASS;
  },
};
