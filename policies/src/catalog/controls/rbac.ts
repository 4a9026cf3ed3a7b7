import { cis, NSA_CISA } from '../references';
import type { Control } from '../types';

/** Why the RBAC controls without a rule need a person: the grant itself is legitimate for some subjects. */
const REVIEW_GRANTS =
  'Controllers and operators legitimately hold this permission, so whether a grant is needed is a judgment a rule cannot make; review the Roles and ClusterRoles that grant it and the subjects bound to them.';

/** RBAC controls. CIS ids are from CIS Amazon EKS Benchmark v1.8.0 (see `../references.ts`). */
export const rbacControls: readonly Control[] = [
  {
    id: 'rbac-no-cluster-admin-binding',
    title: 'cluster-admin is bound only where required',
    rationale:
      'cluster-admin grants every verb on every resource in every namespace, so each binding to it is a full cluster takeover waiting for a stolen credential.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.1') },
    enforcement: { rules: ['rbac-no-cluster-admin-binding'] },
    remediation:
      'Replace ClusterRoleBindings to cluster-admin with Roles or ClusterRoles that grant only the verbs and resources the subject needs, bound per namespace where possible.',
  },
  {
    id: 'rbac-secrets-access',
    title: 'Access to Secrets is minimal',
    rationale:
      'get, list or watch on secrets reveals every credential in scope, and list returns their contents, not just names.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.rbac, NSA_CISA.secrets], cisEks: cis('4.1.2') },
    enforcement: { rules: ['rbac-secrets-access'] },
    remediation:
      'Remove get, list and watch on secrets from Roles and ClusterRoles that do not need them, and scope the rest to named resources (resourceNames) in one namespace.',
  },
  {
    id: 'rbac-no-wildcards',
    title: 'Roles and ClusterRoles name their verbs, resources and API groups',
    rationale:
      'A wildcard grants every current and future verb or resource, including ones added later by CRDs, so the role’s reach cannot be reviewed.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.3') },
    enforcement: { rules: ['rbac-no-wildcards'] },
    remediation: 'Replace "*" in verbs, resources and apiGroups with the explicit values the subject needs.',
  },
  {
    id: 'rbac-pod-exec',
    title: 'No role opens sessions into running pods',
    rationale:
      "exec, attach, port-forward and ephemeral debug containers reach inside a running pod, and nodes/proxy reaches the kubelet's API, which execs into every pod on the node: a shell reads every Secret and service account token its containers hold, and a forwarded port bypasses NetworkPolicies.",
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.rbac] },
    enforcement: { rules: ['rbac-pod-exec'] },
    remediation:
      'Remove get and create on pods/exec, pods/attach, pods/portforward and nodes/proxy, and update and patch on pods/ephemeralcontainers, from everyone but a break-glass role bound when it is needed; debug through logs and metrics instead, and scrape kubelet metrics through nodes/metrics.',
  },
  {
    id: 'rbac-pod-create',
    title: 'Access to create pods is minimal',
    rationale:
      'Whoever can create a pod can run any image with any service account in that namespace and, without enforced pod security, escape to the node.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.4') },
    enforcement: { manual: REVIEW_GRANTS },
    remediation:
      'Remove create on pods (and on workload kinds) from subjects that do not deploy, and deploy through a pipeline identity instead of people.',
  },
  {
    id: 'rbac-no-escalation-verbs',
    title: 'No role grants bind, escalate or impersonate',
    rationale:
      'bind and escalate let a subject grant itself permissions it does not hold, and impersonate lets it act as any user or group, bypassing RBAC.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.8') },
    enforcement: { rules: ['rbac-no-escalation-verbs'] },
    remediation:
      'Remove the bind, escalate and impersonate verbs from Roles and ClusterRoles, keeping them only for cluster administrators.',
  },
  {
    id: 'rbac-no-anonymous-binding',
    title: 'Nothing is bound to system:anonymous or system:unauthenticated',
    rationale:
      'A binding to the anonymous user or unauthenticated group grants its permissions to anyone who can reach the API server, without credentials.',
    severity: 'critical',
    frameworks: { nsaCisa: [NSA_CISA.authentication, NSA_CISA.rbac] },
    enforcement: { rules: ['rbac-no-anonymous-binding'] },
    remediation:
      'Delete RoleBindings and ClusterRoleBindings whose subjects include system:anonymous or system:unauthenticated.',
  },
  {
    id: 'rbac-persistent-volume-create',
    title: 'Access to create PersistentVolumes is minimal',
    rationale:
      'A PersistentVolume can point at a hostPath or any storage backend, so whoever can create one can mount the node’s file system into a pod.',
    severity: 'medium',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.9') },
    enforcement: { manual: REVIEW_GRANTS },
    remediation:
      'Remove create on persistentvolumes from everyone but storage administrators; let workloads use PersistentVolumeClaims and StorageClasses.',
  },
  {
    id: 'rbac-node-proxy',
    title: 'Access to the nodes/proxy sub-resource is minimal',
    rationale:
      'nodes/proxy reaches the kubelet API through the API server, which can run commands in any pod on the node and bypasses admission and most audit detail.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.10') },
    enforcement: { manual: REVIEW_GRANTS },
    remediation: 'Remove nodes/proxy from Roles and ClusterRoles except for monitoring agents that need it.',
  },
  {
    id: 'rbac-webhook-configuration',
    title: 'Access to admission webhook configurations is minimal',
    rationale:
      'Whoever can change a validating or mutating webhook configuration can switch policy enforcement off or have every new object rewritten.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.11') },
    enforcement: { manual: REVIEW_GRANTS },
    remediation:
      'Remove write verbs on validatingwebhookconfigurations and mutatingwebhookconfigurations from everyone but cluster administrators.',
  },
  {
    id: 'rbac-token-create',
    title: 'Access to create service account tokens is minimal',
    rationale:
      'create on serviceaccounts/token mints credentials for any service account in scope, letting a subject act with that account’s permissions.',
    severity: 'high',
    frameworks: { nsaCisa: [NSA_CISA.rbac], cisEks: cis('4.1.12') },
    enforcement: { manual: REVIEW_GRANTS },
    remediation:
      'Remove create on serviceaccounts/token from subjects that do not issue tokens, and scope the rest to named service accounts.',
  },
];
