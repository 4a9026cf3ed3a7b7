import type { ManifestRule, RuleResult } from '../engine/types';
import {
  describeValue,
  goDurationSeconds,
  KUBELET_CONFIGURATION_KIND,
  kubeletSetting,
} from '../kubernetes/kubelet-config';

/**
 * Streaming sessions (exec, attach, port-forward) time out when idle: `streamingConnectionIdleTimeout` is not
 * 0 (the v1beta1 default is 4h). CIS EKS 3.2.5 as kube-bench `eks-1.8.0` tests it (`noteq 0`, or not set).
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 */
export const kubeletStreamingIdleTimeout: ManifestRule = {
  id: 'kubelet-streaming-idle-timeout',
  target: 'kubernetes',
  title: 'Kubelet streaming connections time out when idle',
  description:
    'A KubeletConfiguration does not set streamingConnectionIdleTimeout to 0, so abandoned exec, attach and port-forward sessions are closed.',
  severity: 'low',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'streamingConnectionIdleTimeout', (timeout) => {
      if (timeout === undefined) return undefined;
      const seconds = typeof timeout === 'string' ? goDurationSeconds(timeout) : undefined;
      if (seconds === undefined) {
        return `${describeValue(timeout)}, which is not a duration such as '4h0m0s'; set streamingConnectionIdleTimeout to a non-zero duration (for example 5m0s)`;
      }
      return seconds === 0
        ? `${describeValue(timeout)}, so idle exec, attach and port-forward sessions stay open forever; set a non-zero duration (for example 5m0s)`
        : undefined;
    });
  },
};
