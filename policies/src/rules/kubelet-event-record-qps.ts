import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet's event rate limit is valid: `eventRecordQPS` is 0 (no limit) or a positive rate (the v1beta1
 * default is 50). CIS EKS 3.2.7 as kube-bench `eks-1.8.0` tests it (`gte 0`, or not set); which positive rate
 * captures enough events is the cluster's own judgement.
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 */
export const kubeletEventRecordQps: ManifestRule = {
  id: 'kubelet-event-record-qps',
  target: 'kubernetes',
  title: 'The kubelet event rate limit keeps events',
  description:
    'A KubeletConfiguration sets eventRecordQPS to 0 or a positive rate (or leaves its default), as CIS EKS 3.2.7 tests it.',
  severity: 'low',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'eventRecordQPS', (qps) =>
      qps === undefined || (typeof qps === 'number' && Number.isInteger(qps) && qps >= 0)
        ? undefined
        : `${describeValue(qps)}, which is not 0 or a positive number of events per second; set eventRecordQPS to a rate that captures your cluster's events (the default is 50)`,
    );
  },
};
