import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * EKS clusters authenticate IAM principals through access entries only (`accessConfig.authenticationMode:
 * API`), not the `aws-auth` ConfigMap. The EKS API defaults to `CONFIG_MAP` when `accessConfig` is omitted.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html
 */
export const eksAccessEntriesAuthMode: ResourceRule = {
  id: 'eks-access-entries-auth-mode',
  target: 'aws',
  title: 'EKS authenticates through access entries only',
  description:
    'An EKS cluster sets accessConfig.authenticationMode to API, so cluster access is granted through auditable access entries instead of the aws-auth ConfigMap.',
  severity: 'medium',
  resourceTypes: ['aws:eks/cluster:Cluster'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Cluster/${name}`;
    const accessConfig = inputs.accessConfig;
    if (isUnknown(accessConfig))
      return unknownAt('accessConfig', `${subject}: accessConfig is not known yet`);
    const mode = asRecord(accessConfig)?.authenticationMode;
    if (isUnknown(mode)) {
      return unknownAt(
        'accessConfig.authenticationMode',
        `${subject}: accessConfig.authenticationMode is not known yet`,
      );
    }
    if (mode === 'API') return PASS;
    const why =
      mode === undefined
        ? 'accessConfig.authenticationMode is not set and the EKS API defaults it to CONFIG_MAP'
        : mode === 'API_AND_CONFIG_MAP'
          ? "accessConfig.authenticationMode is 'API_AND_CONFIG_MAP', so the aws-auth ConfigMap still grants access"
          : `accessConfig.authenticationMode is '${String(mode)}'`;
    return failIfAny([
      {
        path: 'accessConfig.authenticationMode',
        message: `${subject}: ${why}; set accessConfig.authenticationMode: 'API' and grant access with aws.eks.AccessEntry`,
      },
    ]);
  },
};
