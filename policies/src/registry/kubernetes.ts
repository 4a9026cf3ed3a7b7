import type { ManifestRule, ManifestSetRule } from '../engine/types';
import { healthProbes } from '../rules/health-probes';
import { imagePinned } from '../rules/image-pinned';
import { imageRegistryAllowlist } from '../rules/image-registry-allowlist';
import { ingressTls } from '../rules/ingress-tls';
import { namespaceDefaultDeny } from '../rules/namespace-default-deny';
import { namespacePssEnforce } from '../rules/namespace-pss-enforce';
import { networkPolicyReachability } from '../rules/network-policy-reachability';
import { noDefaultServiceAccount } from '../rules/no-default-service-account';
import { noRootGroup } from '../rules/no-root-group';
import { noSecretLiteralEnv } from '../rules/no-secret-literal-env';
import { rbacNoAnonymousBinding } from '../rules/rbac-no-anonymous-binding';
import { rbacNoClusterAdminBinding } from '../rules/rbac-no-cluster-admin-binding';
import { rbacNoEscalationVerbs } from '../rules/rbac-no-escalation-verbs';
import { rbacNoWildcards } from '../rules/rbac-no-wildcards';
import { rbacPodExec } from '../rules/rbac-pod-exec';
import { rbacSecretsAccess } from '../rules/rbac-secrets-access';
import { readOnlyRootFilesystem } from '../rules/read-only-root-filesystem';
import { resourceRequestsLimits } from '../rules/resource-requests-limits';
import { serviceAccountTokenAutomount } from '../rules/service-account-token-automount';
import { serviceNoExternalIps } from '../rules/service-no-external-ips';
import { serviceNoNodePort } from '../rules/service-no-node-port';
import { serviceNoPublicLoadBalancer } from '../rules/service-no-public-load-balancer';
import { kubeletRules } from './kubelet';

/**
 * Kubernetes rules beyond the Pod Security Standards (NSA/CISA, CIS EKS, best practice), in report order; the
 * kubelet configuration rules last.
 */
export const kubernetesRules: readonly (ManifestRule | ManifestSetRule)[] = [
  readOnlyRootFilesystem,
  noRootGroup,
  resourceRequestsLimits,
  imagePinned,
  imageRegistryAllowlist,
  serviceAccountTokenAutomount,
  noDefaultServiceAccount,
  noSecretLiteralEnv,
  healthProbes,
  rbacNoWildcards,
  rbacNoEscalationVerbs,
  rbacNoClusterAdminBinding,
  rbacNoAnonymousBinding,
  rbacSecretsAccess,
  rbacPodExec,
  serviceNoNodePort,
  serviceNoPublicLoadBalancer,
  serviceNoExternalIps,
  ingressTls,
  namespacePssEnforce,
  namespaceDefaultDeny,
  networkPolicyReachability,
  ...kubeletRules,
];
