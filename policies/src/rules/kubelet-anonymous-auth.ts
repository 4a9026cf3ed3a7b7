import type { ManifestRule, RuleResult } from '../engine/types';
import { KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet rejects anonymous requests: `authentication.anonymous.enabled` is false (the v1beta1 default;
 * the command-line flag `--anonymous-auth` defaults to true). CIS EKS 3.2.1 as kube-bench `eks-1.8.0` tests it.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/
 */
export const kubeletAnonymousAuth: ManifestRule = {
  id: 'kubelet-anonymous-auth',
  target: 'kubernetes',
  title: 'The kubelet rejects anonymous requests',
  description:
    'A KubeletConfiguration leaves authentication.anonymous.enabled false, so the kubelet API on port 10250 answers no unauthenticated caller.',
  severity: 'high',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'authentication.anonymous.enabled', (enabled) =>
      enabled === true || enabled === 'true'
        ? 'is true, so anyone who reaches port 10250 can call the kubelet API without credentials; set authentication.anonymous.enabled: false'
        : undefined,
    );
  },
};
