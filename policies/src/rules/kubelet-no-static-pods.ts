import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet runs no static pods: `staticPodPath` is empty or not set (its default). Static pods never pass
 * admission control. DoD Kubernetes STIG V-242397.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
 */
export const kubeletNoStaticPods: ManifestRule = {
  id: 'kubelet-no-static-pods',
  target: 'kubernetes',
  title: 'The kubelet runs no static pods',
  description:
    'A KubeletConfiguration leaves staticPodPath empty, so no pod starts on the node without passing admission control.',
  severity: 'high',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'staticPodPath', (path) =>
      path === undefined || path === ''
        ? undefined
        : `${describeValue(path)}, so pods written to that directory start without admission control; remove staticPodPath`,
    );
  },
};
