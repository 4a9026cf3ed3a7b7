import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * Client certificate rotation is not switched off: `rotateCertificates` is not present or true. CIS EKS 3.2.8
 * as kube-bench `eks-1.8.0` tests it. configz leaves the field out when it is false (its zero value), so only a
 * config file can show an explicit false; EKS kubelets authenticate to the API server with IAM tokens rather
 * than client certificates.
 *
 * @see https://kubernetes.io/docs/tasks/tls/certificate-rotation/
 */
export const kubeletRotateCertificates: ManifestRule = {
  id: 'kubelet-rotate-certificates',
  target: 'kubernetes',
  title: 'The kubelet rotates its client certificate',
  description:
    'A KubeletConfiguration does not set rotateCertificates to false, so the kubelet renews its client certificate before it expires.',
  severity: 'medium',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'rotateCertificates', (rotate) =>
      rotate === false || rotate === 'false'
        ? `${describeValue(rotate)}, so the kubelet's client certificate is not renewed before it expires; remove it or set rotateCertificates: true`
        : undefined,
    );
  },
};
