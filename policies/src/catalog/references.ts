import type { PssLevel, PssReference } from './types';

/*
 * The framework identifiers the catalog may cite, each written once. Control files cite them through the
 * typed helpers below, so a misspelt id does not compile, and the catalog tests check every citation
 * against these lists.
 */

/**
 * The CIS Amazon EKS Benchmark edition the `cisEks` ids refer to.
 *
 * Confirmed against two independent transcriptions of the benchmark: aquasecurity/kube-bench
 * `cfg/eks-1.8.0/{controlplane,node,policies,managedservices}.yaml` (`version: "eks-1.8.0"`) and
 * kubescape/regolibrary `frameworks/cis-eks-t1.8.0.json` (`"version": "v1.8.0"`, CIS workbench benchmark
 * 20537). Both list the same ids and titles; 2.1.2 appears in kube-bench only. kube-bench also ships
 * `eks-1.5.0` and `eks-1.7.0`, whose ids match these where they overlap; no newer edition was found.
 */
export const CIS_EKS_EDITION = 'v1.8.0';

/**
 * Every recommendation of CIS Amazon EKS Benchmark v1.8.0, id to title (the "(Automated)/(Manual)"
 * suffix left off), as printed in aquasecurity/kube-bench `cfg/eks-1.8.0/*.yaml`.
 */
export const CIS_EKS_RECOMMENDATIONS = {
  '2.1.1': 'Enable audit Logs',
  '2.1.2': 'Ensure audit logs are collected and managed',
  '3.1.1': 'Ensure that the kubeconfig file permissions are set to 644 or more restrictive',
  '3.1.2': 'Ensure that the kubelet kubeconfig file ownership is set to root:root',
  '3.1.3': 'Ensure that the kubelet configuration file has permissions set to 644 or more restrictive',
  '3.1.4': 'Ensure that the kubelet configuration file ownership is set to root:root',
  '3.2.1': 'Ensure that the Anonymous Auth is Not Enabled',
  '3.2.2': 'Ensure that the --authorization-mode argument is not set to AlwaysAllow',
  '3.2.3': 'Ensure that a Client CA File is Configured',
  '3.2.4': 'Ensure that the --read-only-port is disabled',
  '3.2.5': 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0',
  '3.2.6': 'Ensure that the --make-iptables-util-chains argument is set to true',
  '3.2.7':
    'Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture',
  '3.2.8': 'Ensure that the --rotate-certificates argument is not present or is set to true',
  '3.2.9': 'Ensure that the RotateKubeletServerCertificate argument is set to true',
  '4.1.1': 'Ensure that the cluster-admin role is only used where required',
  '4.1.2': 'Minimize access to secrets',
  '4.1.3': 'Minimize wildcard use in Roles and ClusterRoles',
  '4.1.4': 'Minimize access to create pods',
  '4.1.5': 'Ensure that default service accounts are not actively used.',
  '4.1.6': 'Ensure that Service Account Tokens are only mounted where necessary',
  '4.1.7':
    'Cluster Access Manager API to streamline and enhance the management of access controls within EKS clusters',
  '4.1.8': 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
  '4.1.9': 'Minimize access to create PersistentVolume objects',
  '4.1.10': 'Minimize access to the proxy sub-resource of Node objects',
  '4.1.11': 'Minimize access to webhook configuration objects',
  '4.1.12': 'Minimize access to the service account token creation',
  '4.2.1': 'Minimize the admission of privileged containers',
  '4.2.2': 'Minimize the admission of containers wishing to share the host process ID namespace',
  '4.2.3': 'Minimize the admission of containers wishing to share the host IPC namespace',
  '4.2.4': 'Minimize the admission of containers wishing to share the host network namespace',
  '4.2.5': 'Minimize the admission of containers with allowPrivilegeEscalation',
  '4.3.1': 'Ensure CNI plugin supports network policies',
  '4.3.2': 'Ensure that all Namespaces have Network Policies defined',
  '4.4.1': 'Prefer using secrets as files over secrets as environment variables',
  '4.4.2': 'Consider external secret storage',
  '4.5.1': 'Create administrative boundaries between resources using namespaces',
  '4.5.2': 'The default namespace should not be used',
  '5.1.1': 'Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider',
  '5.1.2': 'Minimize user access to Amazon ECR',
  '5.1.3': 'Minimize cluster access to read-only for Amazon ECR',
  '5.1.4': 'Minimize Container Registries to only those approved',
  '5.2.1': 'Prefer using dedicated Amazon EKS Service Accounts',
  '5.3.1': 'Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS',
  '5.4.1': 'Restrict Access to the Control Plane Endpoint',
  '5.4.2': 'Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled',
  '5.4.3': 'Ensure clusters are created with Private Nodes',
  '5.4.4': 'Ensure Network Policy is Enabled and set as appropriate',
  '5.4.5': 'Encrypt traffic to HTTPS load balancers with TLS certificates',
  '5.5.1':
    'Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes or Upgrade to AWS CLI v1.16.156 or greater',
} as const;

/** A recommendation id of {@link CIS_EKS_RECOMMENDATIONS}. */
export type CisEksId = keyof typeof CIS_EKS_RECOMMENDATIONS;

/** CIS EKS references for a control; only ids of {@link CIS_EKS_RECOMMENDATIONS} compile. */
export function cis(...ids: readonly CisEksId[]): readonly string[] {
  return ids;
}

/**
 * The DoD Kubernetes STIG requirements the catalog cites, vulnerability id to requirement title. Only ids
 * whose title and check text were read in a public copy of the STIG are listed: the Chef InSpec profiles
 * Cwagne17/kubernetes-stig-baseline-eks-overlay `controls/V-*.rb` (Kubernetes STIG V2R4) and
 * mitre/k8s-cluster-stig-baseline, cross-checked with aquasecurity/kube-bench
 * `cfg/eks-stig-kubernetes-v1r6/*.yaml`. Requirements on the API server, controller manager, scheduler and
 * etcd are left out: EKS runs those and customers can neither set nor read their flags.
 */
export const STIG_REQUIREMENTS = {
  'V-242383': 'User-managed resources must be created in dedicated namespaces.',
  'V-242387': 'The Kubernetes Kubelet must have the read-only port flag disabled.',
  'V-242391': 'The Kubernetes Kubelet must have anonymous authentication disabled.',
  'V-242392': 'The Kubernetes kubelet must enable explicit authorization.',
  'V-242393': 'Kubernetes Worker Nodes must not have sshd service running.',
  'V-242394': 'Kubernetes Worker Nodes must not have the sshd service enabled.',
  'V-242395': 'Kubernetes dashboard must not be enabled.',
  'V-242397': 'The Kubernetes kubelet staticPodPath must not enable static pods.',
  'V-242403':
    'Kubernetes API Server must generate audit records that identify what type of event has occurred, identify the source of the event, contain the event results, identify any users, and identify any containers associated with the event.',
  'V-242406': 'The Kubernetes KubeletConfiguration file must be owned by root.',
  'V-242407':
    'The Kubernetes KubeletConfiguration files must have file permissions set to 644 or more restrictive.',
  'V-242414': 'The Kubernetes cluster must use non-privileged host ports for user pods.',
  'V-242415': 'Secrets in Kubernetes must not be stored as environment variables.',
  'V-242417': 'Kubernetes must separate user functionality.',
  'V-242420': 'Kubernetes Kubelet must have the SSL Certificate Authority set.',
  'V-242434': 'Kubernetes Kubelet must enable kernel protection.',
  'V-242442': 'Kubernetes must remove old components after updated versions have been installed.',
  'V-242443': 'Kubernetes must contain the latest updates as authorized by IAVMs, CTOs, DTMs, and STIGs.',
  'V-242452': 'The Kubernetes kubelet KubeConfig must have file permissions set to 644 or more restrictive.',
  'V-242453': 'The Kubernetes kubelet KubeConfig file must be owned by root.',
  'V-242461': 'Kubernetes API Server audit logs must be enabled.',
  'V-242464': 'The Kubernetes API Server audit log retention must be set.',
  'V-245541': 'Kubernetes Kubelet must not disable timeouts.',
  'V-254800': 'Kubernetes must have a Pod Security Admission control file configured.',
  'V-254801': 'Kubernetes must enable PodSecurity admission controller on static pods and Kubelets.',
  'V-274882': 'Kubernetes Secrets must be encrypted at rest.',
} as const;

/** A vulnerability id of {@link STIG_REQUIREMENTS}. */
export type StigId = keyof typeof STIG_REQUIREMENTS;

/** STIG references for a control; only ids of {@link STIG_REQUIREMENTS} compile. */
export function stig(...ids: readonly StigId[]): readonly string[] {
  return ids;
}

/**
 * Sections of the NSA/CISA Kubernetes Hardening Guidance v1.2 (August 2022), written as
 * `Section › Subsection[ › Sub-subsection]` with the headings as its table of contents prints them. The
 * headings were read in a transcription of the guidance and in a scanner's list of its v1.2 sections
 * (the v1.0 names "Pod Security Policies", "Hardening container engines" and "Log auditing" became
 * "Pod security enforcement", "Hardening container environments" and "Audit Logging and Threat
 * Detection"). Appendix letters changed between revisions and are not cited.
 */
export const NSA_CISA = {
  nonRootContainers: 'Kubernetes Pod security › "Non-root" containers and "rootless" container engines',
  immutableFileSystems: 'Kubernetes Pod security › Immutable container file systems',
  hardeningContainerEnvironments: 'Kubernetes Pod security › Hardening container environments',
  secureImages: 'Kubernetes Pod security › Building secure container images',
  podSecurityEnforcement: 'Kubernetes Pod security › Pod security enforcement',
  serviceAccountTokens: 'Kubernetes Pod security › Protecting Pod service account tokens',
  networkSeparation: 'Network separation and hardening',
  namespaces: 'Network separation and hardening › Namespaces',
  networkPolicies: 'Network separation and hardening › Network policies',
  resourcePolicies: 'Network separation and hardening › Resource policies',
  controlPlaneHardening: 'Network separation and hardening › Control plane hardening',
  kubeconfigFiles: 'Network separation and hardening › Control plane hardening › Kubeconfig Files',
  workerNodeSegmentation: 'Network separation and hardening › Worker node segmentation',
  encryption: 'Network separation and hardening › Encryption',
  secrets: 'Network separation and hardening › Secrets',
  cloudInfrastructure: 'Network separation and hardening › Protecting sensitive cloud infrastructure',
  authentication: 'Authentication and authorization › Authentication',
  rbac: 'Authentication and authorization › Role-based access control',
  logging: 'Audit Logging and Threat Detection › Logging',
  nativeAuditLogging:
    'Audit Logging and Threat Detection › Logging › Kubernetes native audit logging configuration',
  nodeAndContainerLogging: 'Audit Logging and Threat Detection › Logging › Worker node and container logging',
  seccompAuditMode: 'Audit Logging and Threat Detection › Logging › Seccomp: audit mode',
  threatDetection: 'Audit Logging and Threat Detection › Threat Detection',
  alerting: 'Audit Logging and Threat Detection › Threat Detection › Alerting',
  upgrading: 'Upgrading and application security practices',
} as const;

/**
 * Control names of the Kubernetes Pod Security Standards page, per level, as it prints them (the version
 * notes such as "(v1.34+)" left off).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const PSS_CONTROLS = {
  baseline: [
    'HostProcess',
    'Host Namespaces',
    'Privileged Containers',
    'Capabilities',
    'HostPath Volumes',
    'Host Ports',
    'Host Probes / Lifecycle Hooks',
    'AppArmor',
    'SELinux',
    '/proc Mount Type',
    'Seccomp',
    'Sysctls',
  ],
  restricted: [
    'Volume Types',
    'Privilege Escalation',
    'Running as Non-root',
    'Running as Non-root user',
    'Seccomp',
    'Capabilities',
  ],
} as const satisfies Record<PssLevel, readonly string[]>;

/** A Pod Security Standards reference; only control names of that level on the page compile. */
export function pss<L extends PssLevel>(level: L, control: (typeof PSS_CONTROLS)[L][number]): PssReference {
  return { level, control };
}

/** The workload constructs whose pod templates are hardened by default (non-root, read-only, no privileges). */
export const WORKLOAD_CONSTRUCTS = [
  'HardenedDeployment',
  'HardenedStatefulSet',
  'HardenedJob',
  'HardenedCronJob',
  'HardenedDaemonSet',
] as const;

/** Constructs and stack components a control may name in `enforcement.defaults`. */
export const SECURE_DEFAULTS = [
  ...WORKLOAD_CONSTRUCTS,
  'HardenedNamespace',
  'HardenedLoadBalancer',
  'HardenedIngress',
  'HardenedCluster',
  'HardenedNetwork',
  'ClusterKms',
  'ClusterRoles',
  'HardenedNodeGroup',
  'PrivateEgress',
  'ClusterAddons',
  'ClusterBaseline',
  'ThreatDetection',
  'ContainerRegistry',
] as const;
