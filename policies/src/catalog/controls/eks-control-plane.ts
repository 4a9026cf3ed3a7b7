import { cis, NSA_CISA, stig } from '../references';
import type { Control } from '../types';

/**
 * EKS control plane controls: Secrets encryption, endpoint access, logging, authentication, version and KMS.
 *
 * CIS ids are from CIS Amazon EKS Benchmark v1.8.0, confirmed in aquasecurity/kube-bench
 * `cfg/eks-1.8.0/{controlplane,policies,managedservices}.yaml` and kubescape/regolibrary
 * `frameworks/cis-eks-t1.8.0.json`. STIG ids are from the Kubernetes STIG as transcribed in
 * Cwagne17/kubernetes-stig-baseline-eks-overlay `controls/V-*.rb`; their checks read API server flags,
 * which EKS sets, so the EKS setting that meets the same requirement is cited instead.
 */
export const eksControlPlaneControls: readonly Control[] = [
  {
    id: 'eks-secrets-encryption',
    title: 'Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key',
    rationale:
      'Envelope encryption keeps Secrets unreadable in etcd and its backups to anyone without use of the KMS key, and lets you revoke that use.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.secrets],
      cisEks: cis('5.3.1'),
      stig: stig('V-274882'),
    },
    enforcement: { rules: ['eks-secrets-encryption'], defaults: ['HardenedCluster', 'ClusterKms'] },
    remediation:
      'Set encryptionConfig: { provider: { keyArn: <customer-managed KMS key> }, resources: ["secrets"] } on the cluster.',
  },
  {
    id: 'eks-endpoint-private',
    title: 'The Kubernetes API endpoint is private, or public only to listed CIDRs',
    rationale:
      'A public API endpoint open to 0.0.0.0/0 lets anyone on the internet probe the API server and try stolen credentials against it.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.controlPlaneHardening], cisEks: cis('5.4.1', '5.4.2') },
    enforcement: { rules: ['eks-endpoint-private'], defaults: ['HardenedCluster'] },
    remediation:
      'Set endpointPrivateAccess: true and endpointPublicAccess: false, or keep public access with publicAccessCidrs limited to your egress addresses.',
  },
  {
    id: 'eks-control-plane-logging',
    title: 'All five control plane log types are sent to CloudWatch',
    rationale:
      'API server audit and authenticator logs are the only record of who did what in the cluster; EKS sends none of them unless asked.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.nativeAuditLogging],
      cisEks: cis('2.1.1'),
      stig: stig('V-242461', 'V-242403'),
    },
    enforcement: { rules: ['eks-control-plane-logging'], defaults: ['HardenedCluster'] },
    remediation:
      'Set enabledClusterLogTypes to ["api", "audit", "authenticator", "controllerManager", "scheduler"].',
  },
  {
    id: 'log-group-retention-kms',
    title: 'Control plane logs are kept for a set period and encrypted with a customer-managed key',
    rationale:
      'A log group EKS creates itself keeps logs forever without a customer key, so audit evidence is neither bounded in cost nor protected from readers of the account’s logs.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.logging],
      cisEks: cis('2.1.2'),
      stig: stig('V-242464'),
    },
    enforcement: { rules: ['log-group-retention-kms'], defaults: ['HardenedCluster', 'ClusterKms'] },
    remediation:
      'Create /aws/eks/<cluster>/cluster in the program before the cluster, with retentionInDays (the STIG asks for at least 30) and kmsKeyId set.',
  },
  {
    id: 'eks-access-entries-auth-mode',
    title: 'Cluster access is granted through EKS access entries only',
    rationale:
      'Access entries are AWS API objects, auditable in CloudTrail and managed as code, while the aws-auth ConfigMap can be edited by anyone with write access to kube-system.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.authentication], cisEks: cis('4.1.7', '5.5.1') },
    enforcement: { rules: ['eks-access-entries-auth-mode'], defaults: ['HardenedCluster'] },
    remediation:
      'Set accessConfig.authenticationMode: API and grant each IAM principal an access entry with the narrowest access policy.',
  },
  {
    id: 'eks-no-creator-admin',
    title: 'The cluster creator is not made a hidden cluster administrator',
    rationale:
      'bootstrapClusterCreatorAdminPermissions gives whichever identity ran the deployment permanent cluster-admin that no RBAC object shows.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.1') },
    enforcement: { rules: ['eks-no-creator-admin'], defaults: ['HardenedCluster'] },
    remediation:
      'Set accessConfig.bootstrapClusterCreatorAdminPermissions: false and grant administrators explicit access entries.',
  },
  {
    id: 'eks-version-supported',
    title: 'The Kubernetes version is pinned and in EKS standard support',
    rationale:
      'A version out of standard support stops receiving security patches on schedule, and an unpinned version changes outside code review.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.upgrading], stig: stig('V-242443') },
    enforcement: { rules: ['eks-version-supported'], defaults: ['HardenedCluster'] },
    remediation:
      'Set the cluster version to a minor version in EKS standard support and upgrade before its end-of-standard-support date.',
  },
  {
    id: 'kms-key-rotation',
    title: 'KMS keys rotate and keep the key-policy lockout check',
    rationale:
      'Rotation limits how much data one key version protects, and bypassing the lockout check can leave a key no one can administer.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.secrets] },
    enforcement: { rules: ['kms-key-rotation'], defaults: ['ClusterKms'] },
    remediation: 'Set enableKeyRotation: true and leave bypassPolicyLockoutSafetyCheck unset or false.',
  },
  {
    id: 'pod-security-admission',
    title: 'The Pod Security admission controller is enabled',
    rationale:
      'The PodSecurity admission plugin is what turns namespace labels into enforced Pod Security Standards.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      stig: stig('V-254800', 'V-254801'),
    },
    enforcement: {
      manual:
        'EKS enables the PodSecurity admission plugin on every supported version and does not expose the API server’s admission configuration file the STIG checks; this is inherited from AWS, and namespace-pss-enforce covers the part that is yours.',
    },
    remediation:
      'Nothing to set on EKS; enforce a level per namespace with pod-security.kubernetes.io/enforce labels.',
  },
];
