import type { ManifestRule, RuleResult } from '../engine/types';
import { KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet verifies client certificates against a CA: `authentication.x509.clientCAFile` names a file (it
 * has no default). CIS EKS 3.2.3 as kube-bench `eks-1.8.0` tests it (`set: true`).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authentication
 */
export const kubeletClientCa: ManifestRule = {
  id: 'kubelet-client-ca',
  target: 'kubernetes',
  title: 'The kubelet verifies client certificates against the cluster CA',
  description:
    'A KubeletConfiguration sets authentication.x509.clientCAFile, so the kubelet authenticates the API server and other clients by certificate.',
  severity: 'high',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'authentication.x509.clientCAFile', (file) =>
      typeof file === 'string' && file.trim() !== ''
        ? undefined
        : 'is not set, so the kubelet cannot authenticate client certificates; set authentication.x509.clientCAFile to the cluster CA bundle (on EKS AMIs /etc/kubernetes/pki/ca.crt)',
    );
  },
};
