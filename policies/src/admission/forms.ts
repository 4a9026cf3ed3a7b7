import { kubeletRules } from '../registry/kubelet';
import { healthProbesAdmission } from '../rules/health-probes.admission';
import { imagePinnedAdmission } from '../rules/image-pinned.admission';
import { imageRegistryAllowlistAdmission } from '../rules/image-registry-allowlist.admission';
import { ingressTlsAdmission } from '../rules/ingress-tls.admission';
import { namespacePssEnforceAdmission } from '../rules/namespace-pss-enforce.admission';
import { noDefaultServiceAccountAdmission } from '../rules/no-default-service-account.admission';
import { noRootGroupAdmission } from '../rules/no-root-group.admission';
import { noSecretLiteralEnvAdmission } from '../rules/no-secret-literal-env.admission';
import { rbacNoAnonymousBindingAdmission } from '../rules/rbac-no-anonymous-binding.admission';
import { rbacNoClusterAdminBindingAdmission } from '../rules/rbac-no-cluster-admin-binding.admission';
import { rbacNoEscalationVerbsAdmission } from '../rules/rbac-no-escalation-verbs.admission';
import { rbacNoWildcardsAdmission } from '../rules/rbac-no-wildcards.admission';
import { rbacPodExecAdmission } from '../rules/rbac-pod-exec.admission';
import { rbacSecretsAccessAdmission } from '../rules/rbac-secrets-access.admission';
import { readOnlyRootFilesystemAdmission } from '../rules/read-only-root-filesystem.admission';
import { resourceRequestsLimitsAdmission } from '../rules/resource-requests-limits.admission';
import { serviceAccountTokenAutomountAdmission } from '../rules/service-account-token-automount.admission';
import { serviceNoExternalIpsAdmission } from '../rules/service-no-external-ips.admission';
import { serviceNoNodePortAdmission } from '../rules/service-no-node-port.admission';
import { serviceNoPublicLoadBalancerAdmission } from '../rules/service-no-public-load-balancer.admission';
import type { AdmissionForm, NotAtAdmission } from './types';

/**
 * The admission form of every Kubernetes rule that can be decided on one object as the API server admits it,
 * in report order. Each is written beside its rule (`rules/<rule-id>.admission.ts`).
 */
export const ADMISSION_FORMS: readonly AdmissionForm[] = [
  readOnlyRootFilesystemAdmission,
  noRootGroupAdmission,
  resourceRequestsLimitsAdmission,
  imagePinnedAdmission,
  imageRegistryAllowlistAdmission,
  serviceAccountTokenAutomountAdmission,
  noDefaultServiceAccountAdmission,
  noSecretLiteralEnvAdmission,
  healthProbesAdmission,
  rbacNoWildcardsAdmission,
  rbacNoEscalationVerbsAdmission,
  rbacNoClusterAdminBindingAdmission,
  rbacNoAnonymousBindingAdmission,
  rbacSecretsAccessAdmission,
  rbacPodExecAdmission,
  serviceNoNodePortAdmission,
  serviceNoPublicLoadBalancerAdmission,
  serviceNoExternalIpsAdmission,
  ingressTlsAdmission,
  namespacePssEnforceAdmission,
];

/**
 * Kubernetes rules with no admission form, with the reason. The Pod Security Standards rules are enforced at
 * admission by Pod Security Admission through the namespace labels (checked by namespace-pss-enforce), not
 * here.
 */
export const NOT_AT_ADMISSION: readonly NotAtAdmission[] = [
  {
    rule: 'namespace-default-deny',
    reason:
      'whether a namespace denies traffic by default depends on the NetworkPolicies in it, other objects that a policy evaluating one object at a time cannot see',
  },
  {
    rule: 'network-policy-reachability',
    reason:
      'whether an egress rule is admitted by its target depends on the NetworkPolicies of the target pods and the labels of their workloads and namespaces, other objects that a policy evaluating one object at a time cannot see',
  },
  ...kubeletRules.map((rule) => ({
    rule: rule.id,
    reason:
      "a KubeletConfiguration is each node's own configuration (its config file, or what the kubelet serves at configz), never an object sent to the API server, so there is nothing to admit; `harden audit` measures it",
  })),
];

/** The admission form of `rule`, or undefined. */
export function admissionForm(rule: string): AdmissionForm | undefined {
  return ADMISSION_FORMS.find((form) => form.rule === rule);
}
