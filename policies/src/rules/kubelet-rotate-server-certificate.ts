import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet requests and rotates its serving certificate: `featureGates.RotateKubeletServerCertificate` is
 * set to true. CIS EKS 3.2.9 as kube-bench `eks-1.8.0` tests it (`set: true`, `eq true`); the EKS AL2023 AMI
 * sets it with `serverTLSBootstrap: true`.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation
 */
export const kubeletRotateServerCertificate: ManifestRule = {
  id: 'kubelet-rotate-server-certificate',
  target: 'kubernetes',
  title: 'The kubelet requests and rotates its serving certificate',
  description:
    'A KubeletConfiguration sets featureGates.RotateKubeletServerCertificate: true, so the kubelet serves a cluster-signed certificate it renews.',
  severity: 'medium',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'featureGates.RotateKubeletServerCertificate', (rotate) =>
      rotate === true
        ? undefined
        : `${describeValue(rotate)}, so the kubelet may serve a self-signed certificate the API server cannot verify; set featureGates.RotateKubeletServerCertificate: true and serverTLSBootstrap: true`,
    );
  },
};
