import { cis, NSA_CISA, pss, stig, WORKLOAD_CONSTRUCTS } from '../references';
import type { Control } from '../types';

/** Hardened workloads set the field safely, and a hardened namespace makes admission reject the rest. */
const PSS_DEFAULTS = [...WORKLOAD_CONSTRUCTS, 'HardenedNamespace'] as const;

/**
 * Pod Security Standards controls, one per upstream Pod Security Admission check, plus the namespace label
 * that makes the API server enforce them. CIS ids are from CIS Amazon EKS Benchmark v1.8.0 (see
 * `../references.ts` for where the edition and ids were confirmed).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const podSecurityControls: readonly Control[] = [
  {
    id: 'pss-host-process',
    title: 'Windows pods do not run HostProcess containers',
    rationale:
      'A HostProcess container runs as a process on the Windows node with access to its network, file system and devices, so it is not isolated from the host at all.',
    severity: 'critical',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'HostProcess')],
    },
    enforcement: { rules: ['pss-host-process'], defaults: PSS_DEFAULTS },
    remediation:
      'Remove securityContext.windowsOptions.hostProcess (or set it to false) at pod level and on every container.',
  },
  {
    id: 'pss-host-namespaces',
    title: 'Pods do not share the host network, PID or IPC namespace',
    rationale:
      'hostNetwork, hostPID and hostIPC let a container see and reach the node’s interfaces, processes and shared memory, which defeats container isolation.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      cisEks: cis('4.2.2', '4.2.3', '4.2.4'),
      pss: [pss('baseline', 'Host Namespaces')],
    },
    enforcement: { rules: ['pss-host-namespaces'], defaults: PSS_DEFAULTS },
    remediation:
      'Remove spec.hostNetwork, spec.hostPID and spec.hostIPC from the pod spec, or set them to false.',
  },
  {
    id: 'pss-privileged',
    title: 'Containers do not run privileged',
    rationale:
      'A privileged container holds every capability and sees the node’s devices, so compromising it compromises the node.',
    severity: 'critical',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      cisEks: cis('4.2.1'),
      pss: [pss('baseline', 'Privileged Containers')],
    },
    enforcement: { rules: ['pss-privileged'], defaults: PSS_DEFAULTS },
    remediation:
      'Remove securityContext.privileged (or set it to false) on every container, init container and ephemeral container.',
  },
  {
    id: 'pss-capabilities-baseline',
    title: 'Containers add no Linux capabilities beyond the baseline set',
    rationale:
      'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give a container kernel powers that are common container-escape paths.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'Capabilities')],
    },
    enforcement: { rules: ['pss-capabilities-baseline'], defaults: PSS_DEFAULTS },
    remediation:
      'Limit securityContext.capabilities.add to AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.',
  },
  {
    id: 'pss-host-path-volumes',
    title: 'Pods mount no hostPath volumes',
    rationale:
      'A hostPath volume exposes the node’s file system (container runtime socket, kubelet credentials, other pods’ data) to the container.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'HostPath Volumes')],
    },
    enforcement: { rules: ['pss-host-path-volumes'], defaults: PSS_DEFAULTS },
    remediation:
      'Replace hostPath volumes with emptyDir, a PersistentVolumeClaim, a ConfigMap or Secret, or a CSI volume.',
  },
  {
    id: 'pss-host-ports',
    title: 'Containers bind no host ports',
    rationale:
      'A hostPort opens a port on the node itself, bypassing Services and NetworkPolicies and exposing the pod on the node’s address.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'Host Ports')],
      // The STIG forbids privileged (< 1024) host ports; this control forbids every host port.
      stig: stig('V-242414'),
    },
    enforcement: { rules: ['pss-host-ports'], defaults: PSS_DEFAULTS },
    remediation: 'Remove ports[*].hostPort (or set it to 0) and expose the pod through a Service instead.',
  },
  {
    id: 'pss-host-probes-lifecycle',
    title: 'Probes and lifecycle hooks do not target another host',
    rationale:
      'A host in an httpGet or tcpSocket probe or hook makes the kubelet connect from the node to any address, which can be abused to reach services only the node may reach.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'Host Probes / Lifecycle Hooks')],
    },
    enforcement: { rules: ['pss-host-probes-lifecycle'], defaults: PSS_DEFAULTS },
    remediation:
      'Remove the host field from httpGet and tcpSocket in liveness, readiness and startup probes and in postStart and preStop hooks, so they target the pod’s own IP.',
  },
  {
    id: 'pss-apparmor',
    title: 'AppArmor is not disabled',
    rationale:
      'The runtime’s default AppArmor profile blocks many kernel interfaces a compromised process would use; Unconfined removes that layer.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'AppArmor')],
    },
    enforcement: { rules: ['pss-apparmor'], defaults: PSS_DEFAULTS },
    remediation:
      'Set appArmorProfile.type to RuntimeDefault or Localhost (or leave it unset) and remove unconfined AppArmor annotations.',
  },
  {
    id: 'pss-selinux',
    title: 'Pods set no custom SELinux user, role or type',
    rationale:
      'A custom SELinux user, role or a type other than the container types lifts the mandatory access control that confines container processes.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'SELinux')],
    },
    enforcement: { rules: ['pss-selinux'], defaults: PSS_DEFAULTS },
    remediation:
      'Remove seLinuxOptions.user and .role, and leave seLinuxOptions.type unset or set it to container_t, container_init_t, container_kvm_t or container_engine_t.',
  },
  {
    id: 'pss-proc-mount',
    title: 'Containers keep the default /proc masks',
    rationale:
      'An Unmasked /proc exposes kernel interfaces the runtime normally hides, giving a container information and controls it should not have.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', '/proc Mount Type')],
    },
    enforcement: { rules: ['pss-proc-mount'], defaults: PSS_DEFAULTS },
    remediation: 'Remove securityContext.procMount or set it to Default.',
  },
  {
    id: 'pss-seccomp-baseline',
    title: 'Seccomp is not disabled',
    rationale:
      'A seccomp profile filters the system calls a container may make; Unconfined exposes the whole kernel attack surface.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement, NSA_CISA.seccompAuditMode],
      pss: [pss('baseline', 'Seccomp')],
    },
    enforcement: { rules: ['pss-seccomp-baseline'], defaults: PSS_DEFAULTS },
    remediation: 'Never set seccompProfile.type to Unconfined; use RuntimeDefault or a Localhost profile.',
  },
  {
    id: 'pss-sysctls',
    title: 'Pods set only namespaced, safe sysctls',
    rationale:
      'Unsafe sysctls change kernel settings for every pod on the node or disable security mechanisms.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('baseline', 'Sysctls')],
    },
    enforcement: { rules: ['pss-sysctls'], defaults: PSS_DEFAULTS },
    remediation:
      'Remove securityContext.sysctls entries outside the safe set the Pod Security Standards allow for the policy version.',
  },
  {
    id: 'pss-restricted-volumes',
    title: 'Pods use only the volume types the restricted standard allows',
    rationale:
      'Volume types other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret reach node or network storage directly, outside PersistentVolume controls.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('restricted', 'Volume Types')],
    },
    enforcement: { rules: ['pss-restricted-volumes'], defaults: PSS_DEFAULTS },
    remediation:
      'Replace other volume sources (hostPath, nfs, iscsi, gitRepo, …) with a PersistentVolumeClaim or one of the allowed types.',
  },
  {
    id: 'pss-allow-privilege-escalation',
    title: 'Containers cannot gain more privileges than they start with',
    rationale:
      'With allowPrivilegeEscalation left true, a set-user-ID binary or file capability can raise a process above the container’s configured privileges.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement, NSA_CISA.nonRootContainers],
      cisEks: cis('4.2.5'),
      pss: [pss('restricted', 'Privilege Escalation')],
    },
    enforcement: { rules: ['pss-allow-privilege-escalation'], defaults: PSS_DEFAULTS },
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container (unset means true).',
  },
  {
    id: 'pss-run-as-non-root',
    title: 'Containers must run as a non-root user',
    rationale:
      'runAsNonRoot makes the kubelet refuse to start a container whose user is root, so a compromise does not begin with root in the container.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.nonRootContainers, NSA_CISA.podSecurityEnforcement],
      pss: [pss('restricted', 'Running as Non-root')],
    },
    enforcement: { rules: ['pss-run-as-non-root'], defaults: PSS_DEFAULTS },
    remediation:
      'Set securityContext.runAsNonRoot: true on the pod (or on every container) and build the image with a non-root USER.',
  },
  {
    id: 'pss-run-as-user',
    title: 'Containers do not set user id 0',
    rationale: 'runAsUser: 0 runs the container as root whatever the image declares.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.nonRootContainers, NSA_CISA.podSecurityEnforcement],
      pss: [pss('restricted', 'Running as Non-root user')],
    },
    enforcement: { rules: ['pss-run-as-user'], defaults: PSS_DEFAULTS },
    remediation: 'Remove runAsUser: 0 or set a non-zero user id at pod and container level.',
  },
  {
    id: 'pss-seccomp-restricted',
    title: 'Containers run with the RuntimeDefault or a Localhost seccomp profile',
    rationale:
      'Without an explicit profile a container may run unconfined; RuntimeDefault blocks the system calls most exploits rely on.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement, NSA_CISA.seccompAuditMode],
      pss: [pss('restricted', 'Seccomp')],
    },
    enforcement: { rules: ['pss-seccomp-restricted'], defaults: PSS_DEFAULTS },
    remediation:
      'Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile) at pod level or on every container.',
  },
  {
    id: 'pss-capabilities-restricted',
    title: 'Containers drop all capabilities and add back at most NET_BIND_SERVICE',
    rationale:
      'The runtime’s default capability set still includes powers an application rarely needs (NET_RAW, CHOWN, SETUID …); dropping ALL leaves nothing to abuse.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      pss: [pss('restricted', 'Capabilities')],
    },
    enforcement: { rules: ['pss-capabilities-restricted'], defaults: PSS_DEFAULTS },
    remediation:
      'Set securityContext.capabilities.drop: [ALL] on every container and add back only NET_BIND_SERVICE where needed.',
  },
  {
    id: 'pss-proc-mount-restricted',
    title: 'Containers keep the default /proc masks, even in a user namespace',
    rationale:
      'From v1.35 the baseline /proc check allows Unmasked for pods with hostUsers: false; the restricted level still forbids it, so a user-namespace escape does not land with kernel interfaces exposed.',
    severity: 'medium',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      // The page lists /proc Mount Type under baseline only; Pod Security Admission's procMount_restricted
      // check (k8s.io/pod-security-admission, policy/check_procMount_restricted.go, v1.35+) re-applies it
      // unconditionally at the restricted level.
      pss: [pss('baseline', '/proc Mount Type')],
    },
    enforcement: { rules: ['pss-proc-mount-restricted'], defaults: PSS_DEFAULTS },
    remediation:
      'Remove securityContext.procMount or set it to Default, whatever the pod’s hostUsers setting.',
  },
  {
    id: 'namespace-pss-enforce',
    title: 'Every namespace enforces a Pod Security Standards level',
    rationale:
      'EKS admits every pod at the privileged level unless a namespace carries a pod-security.kubernetes.io/enforce label, so without it none of the pod controls above is enforced by the API server.',
    severity: 'high',
    frameworks: {
      nsaCisa: [NSA_CISA.podSecurityEnforcement],
      cisEks: cis('4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.5'),
    },
    enforcement: { rules: ['namespace-pss-enforce'], defaults: ['HardenedNamespace'] },
    remediation:
      'Label each namespace pod-security.kubernetes.io/enforce=restricted (baseline only where a workload needs it, with a reason) and pin pod-security.kubernetes.io/enforce-version.',
  },
];
