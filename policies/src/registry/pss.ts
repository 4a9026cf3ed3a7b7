import type { ManifestRule } from '../engine/types';
import { pssAllowPrivilegeEscalation } from '../rules/pss-allow-privilege-escalation';
import { pssApparmor } from '../rules/pss-apparmor';
import { pssCapabilitiesBaseline } from '../rules/pss-capabilities-baseline';
import { pssCapabilitiesRestricted } from '../rules/pss-capabilities-restricted';
import { pssHostNamespaces } from '../rules/pss-host-namespaces';
import { pssHostPathVolumes } from '../rules/pss-host-path-volumes';
import { pssHostPorts } from '../rules/pss-host-ports';
import { pssHostProbesLifecycle } from '../rules/pss-host-probes-lifecycle';
import { pssHostProcess } from '../rules/pss-host-process';
import { pssPrivileged } from '../rules/pss-privileged';
import { pssProcMount } from '../rules/pss-proc-mount';
import { pssProcMountRestricted } from '../rules/pss-proc-mount-restricted';
import { pssRestrictedVolumes } from '../rules/pss-restricted-volumes';
import { pssRunAsNonRoot } from '../rules/pss-run-as-non-root';
import { pssRunAsUser } from '../rules/pss-run-as-user';
import { pssSeccompBaseline } from '../rules/pss-seccomp-baseline';
import { pssSeccompRestricted } from '../rules/pss-seccomp-restricted';
import { pssSelinux } from '../rules/pss-selinux';
import { pssSysctls } from '../rules/pss-sysctls';

/**
 * The Pod Security Standards rules, one per upstream Pod Security Admission check, baseline first (the
 * order of docs/RULES.md). Which of them run at a level and version is `pssRuleIds` in
 * `policies/kubernetes/pss-profile.ts`.
 */
export const pssRules: readonly ManifestRule[] = [
  pssHostProcess,
  pssHostNamespaces,
  pssPrivileged,
  pssCapabilitiesBaseline,
  pssHostPathVolumes,
  pssHostPorts,
  pssHostProbesLifecycle,
  pssApparmor,
  pssSelinux,
  pssProcMount,
  pssSeccompBaseline,
  pssSysctls,
  pssRestrictedVolumes,
  pssAllowPrivilegeEscalation,
  pssRunAsNonRoot,
  pssRunAsUser,
  pssSeccompRestricted,
  pssCapabilitiesRestricted,
  pssProcMountRestricted,
];
