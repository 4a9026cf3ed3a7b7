import type { ManifestRule, RuleResult } from '../engine/types';
import { describeValue, KUBELET_CONFIGURATION_KIND, kubeletSetting } from '../kubernetes/kubelet-config';

/**
 * The kubelet manages its iptables utility chains: `makeIPTablesUtilChains` is not false (the v1beta1 default
 * is true). CIS EKS 3.2.6 as kube-bench `eks-1.8.0` tests it (`eq true`, or not set).
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 */
export const kubeletIptablesUtilChains: ManifestRule = {
  id: 'kubelet-iptables-util-chains',
  target: 'kubernetes',
  title: 'The kubelet manages its iptables utility chains',
  description:
    'A KubeletConfiguration leaves makeIPTablesUtilChains true, so the kubelet keeps its iptables chains consistent with pod networking.',
  severity: 'low',
  kinds: [KUBELET_CONFIGURATION_KIND],
  validate(manifest): RuleResult {
    return kubeletSetting(manifest, 'makeIPTablesUtilChains', (make) =>
      make === undefined || make === true
        ? undefined
        : `${describeValue(make)}, so the kubelet does not manage its iptables utility chains; remove it or set makeIPTablesUtilChains: true`,
    );
  },
};
