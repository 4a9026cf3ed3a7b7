import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet asks the API server to authorize each request: `authorization.mode` is `Webhook` (the v1beta1
 * default), never `AlwaysAllow`, the only other mode the kubelet accepts. CIS EKS 3.2.2 as kube-bench
 * `eks-1.8.0` tests it (`nothave AlwaysAllow`).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization
 */
export const kubeletAuthorizationWebhook: ManifestRule = {
  id: 'kubelet-authorization-webhook',
  target: 'kubernetes',
  title: 'The kubelet authorizes requests through the API server',
  description:
    'A KubeletConfiguration sets authorization.mode to Webhook (or leaves it at that default), never AlwaysAllow, so only callers the API server authorizes can use the kubelet API.',
  severity: 'high',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'authorization.mode', (mode) => {
      if (mode === undefined || mode === 'Webhook') return undefined;
      const why =
        mode === 'AlwaysAllow'
          ? ', so every authenticated caller can run commands in any pod on the node'
          : ', which is not a mode the kubelet accepts (Webhook or AlwaysAllow)';
      return `${describeValue(mode)}${why}; set authorization.mode: Webhook (with authentication.webhook.enabled: true)`;
    });
  },
};
