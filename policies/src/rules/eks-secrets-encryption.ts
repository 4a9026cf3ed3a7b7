import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * EKS clusters encrypt Kubernetes Secrets with a KMS key (envelope encryption): `encryptionConfig` is set,
 * names a key in `provider.keyArn` and lists `secrets` in `resources`. Without it, Secrets are stored in etcd
 * under AWS-managed encryption only.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
 */
export const eksSecretsEncryption: ResourceRule = {
  id: 'eks-secrets-encryption',
  target: 'aws',
  title: 'EKS Secrets are envelope-encrypted with a KMS key',
  description:
    'An EKS cluster sets encryptionConfig with a KMS key covering `secrets`, so Secrets are envelope-encrypted in etcd.',
  severity: 'high',
  resourceTypes: ['aws:eks/cluster:Cluster'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Cluster/${name}`;
    const raw = inputs.encryptionConfig;
    if (isUnknown(raw)) return unknownAt('encryptionConfig', `${subject}: encryptionConfig is not known yet`);
    // @pulumi/aws v6+ takes one object; older programs passed a one-element list.
    const config = Array.isArray(raw) ? raw[0] : raw;
    if (isUnknown(config))
      return unknownAt('encryptionConfig', `${subject}: encryptionConfig is not known yet`);
    const path = Array.isArray(raw) ? 'encryptionConfig[0]' : 'encryptionConfig';
    const record = asRecord(config);
    if (!record) {
      return failIfAny([
        {
          path: 'encryptionConfig',
          message: `${subject}: encryptionConfig is not set, so Secrets are not envelope-encrypted; set encryptionConfig: { provider: { keyArn: <KMS key ARN> }, resources: ['secrets'] }`,
        },
      ]);
    }

    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;

    const provider = record.provider;
    if (isUnknown(provider))
      unknown = unknownAt(`${path}.provider`, `${subject}: ${path}.provider is not known yet`);
    else {
      // An unknown keyArn (the Output of a key created in the same program) still names a key.
      const keyArn = asRecord(provider)?.keyArn;
      if (!isUnknown(keyArn) && (typeof keyArn !== 'string' || keyArn === '')) {
        findings.push({
          path: `${path}.provider.keyArn`,
          message: `${subject}: ${path}.provider.keyArn is not set; set it to the ARN of a customer-managed KMS key with rotation enabled`,
        });
      }
    }

    const resources = record.resources;
    if (isUnknown(resources)) {
      unknown ??= unknownAt(`${path}.resources`, `${subject}: ${path}.resources is not known yet`);
    } else {
      const list = Array.isArray(resources) ? resources : [];
      if (!list.includes('secrets')) {
        if (list.some(isUnknown)) {
          unknown ??= unknownAt(
            `${path}.resources`,
            `${subject}: ${path}.resources has entries that are not known yet`,
          );
        } else {
          findings.push({
            path: `${path}.resources`,
            message: `${subject}: ${path}.resources does not include 'secrets', so Secrets are not envelope-encrypted; set resources: ['secrets']`,
          });
        }
      }
    }
    if (findings.length > 0) return failIfAny(findings);
    return unknown ?? PASS;
  },
};
