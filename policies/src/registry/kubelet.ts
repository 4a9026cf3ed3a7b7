import type { ManifestRule } from '../engine/types';
import { kubeletAnonymousAuth } from '../rules/kubelet-anonymous-auth';
import { kubeletAuthorizationWebhook } from '../rules/kubelet-authorization-webhook';
import { kubeletClientCa } from '../rules/kubelet-client-ca';
import { kubeletEventRecordQps } from '../rules/kubelet-event-record-qps';
import { kubeletIptablesUtilChains } from '../rules/kubelet-iptables-util-chains';
import { kubeletNoStaticPods } from '../rules/kubelet-no-static-pods';
import { kubeletProtectKernelDefaults } from '../rules/kubelet-protect-kernel-defaults';
import { kubeletReadOnlyPort } from '../rules/kubelet-read-only-port';
import { kubeletRotateCertificates } from '../rules/kubelet-rotate-certificates';
import { kubeletRotateServerCertificate } from '../rules/kubelet-rotate-server-certificate';
import { kubeletStreamingIdleTimeout } from '../rules/kubelet-streaming-idle-timeout';

/**
 * Rules over a node's KubeletConfiguration (CIS EKS section 3.2 and the STIG's kubelet requirements), in CIS
 * order. They read a config file from a node, or the running configuration `harden audit` fetches from each
 * node through the API server (see `kubernetes/kubelet-config.ts`).
 */
export const kubeletRules: readonly ManifestRule[] = [
  kubeletAnonymousAuth,
  kubeletAuthorizationWebhook,
  kubeletClientCa,
  kubeletReadOnlyPort,
  kubeletStreamingIdleTimeout,
  kubeletIptablesUtilChains,
  kubeletEventRecordQps,
  kubeletRotateCertificates,
  kubeletRotateServerCertificate,
  kubeletProtectKernelDefaults,
  kubeletNoStaticPods,
];
