import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet serves no unauthenticated read-only port: `readOnlyPort` is 0 (the v1beta1 default, which
 * configz leaves out). CIS EKS 3.2.4 as kube-bench `eks-1.8.0` tests it (`eq 0`).
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 */
export const kubeletReadOnlyPort: ManifestRule = {
  id: 'kubelet-read-only-port',
  target: 'kubernetes',
  title: 'The kubelet read-only port is disabled',
  description:
    'A KubeletConfiguration leaves readOnlyPort at 0, so the kubelet serves no pod and node details on port 10255 without authentication.',
  severity: 'medium',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'readOnlyPort', (port) =>
      port === undefined || port === 0 || port === '0'
        ? undefined
        : `${describeValue(port)}, so the kubelet serves pod and node details on it without authentication; set readOnlyPort: 0`,
    );
  },
};
