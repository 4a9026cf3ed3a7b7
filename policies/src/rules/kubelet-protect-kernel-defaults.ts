import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet refuses to change kernel tunables: `protectKernelDefaults` is true (the v1beta1 default is
 * false). DoD Kubernetes STIG V-242434; the EKS AL2023 AMI sets it.
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 */
export const kubeletProtectKernelDefaults: ManifestRule = {
  id: 'kubelet-protect-kernel-defaults',
  target: 'kubernetes',
  title: 'The kubelet protects the kernel defaults',
  description:
    'A KubeletConfiguration sets protectKernelDefaults: true, so the kubelet fails rather than silently changing kernel settings.',
  severity: 'medium',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'protectKernelDefaults', (protect) =>
      protect === true
        ? undefined
        : `${describeValue(protect)}, so the kubelet may change the node's kernel settings; set protectKernelDefaults: true`,
    );
  },
};
