import { isBottlerocketUserData, readBottlerocketSettings, userDataText } from '../aws/bottlerocket-settings';
import { failIfAny, NOT_APPLICABLE, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/** Lockdown modes that protect the kernel: `none` turns the Lockdown LSM off. */
const PROTECTING_LOCKDOWN_MODES = ['integrity', 'confidentiality'];

/**
 * The Bottlerocket settings in a launch template's user data keep the host locked down:
 *
 * - `settings.host-containers.admin.enabled` is not true: the admin container is superpowered (root on the
 *   host, SSH); Bottlerocket leaves it off, and turning it on undoes most of what the OS takes away.
 * - `settings.kernel.lockdown` is set to `integrity` or `confidentiality`: unsigned kernel modules and writes
 *   to kernel memory are refused. It must be explicit because the NVIDIA variants default to `none`.
 * - `settings.kubernetes.standalone-mode` is not true: in standalone mode Bottlerocket's kubelet template
 *   allows anonymous requests and authorizes every request (AlwaysAllow).
 *
 * User data that is not Bottlerocket's TOML (Amazon Linux's MIME or NodeConfig documents, shell scripts) and
 * templates without user data are not applicable: a Bottlerocket node without user data runs the defaults,
 * which have the admin container off. Which AMI a template boots is not judged here.
 *
 * @see https://bottlerocket.dev/en/os/1.34.x/api/settings/kernel/
 * @see https://bottlerocket.dev/en/os/1.34.x/api/settings/host-containers/
 * @see https://github.com/bottlerocket-os/bottlerocket/blob/develop/SECURITY_GUIDANCE.md
 */
export const bottlerocketHardenedSettings: ResourceRule = {
  id: 'bottlerocket-hardened-settings',
  target: 'aws',
  title: 'Bottlerocket nodes run no admin container and lock the kernel down',
  description:
    'A launch template whose user data holds Bottlerocket settings leaves the admin container off, sets kernel lockdown to integrity or confidentiality and does not run the kubelet in standalone mode.',
  severity: 'high',
  resourceTypes: ['aws:ec2/launchTemplate:LaunchTemplate'],
  validate(inputs, _options, name): RuleResult {
    const subject = `LaunchTemplate/${name}`;
    const raw = inputs.userData;
    if (isUnknown(raw)) return unknownAt('userData', `${subject}: userData is not known yet`);
    if (typeof raw !== 'string' || raw.trim() === '') return NOT_APPLICABLE;
    const text = userDataText(raw);
    if (!isBottlerocketUserData(text)) return NOT_APPLICABLE;
    const read = readBottlerocketSettings(text);
    if ('error' in read) {
      return {
        status: 'unknown',
        findings: [
          {
            path: 'userData',
            message: `${subject}: the Bottlerocket settings in userData could not be read (${read.error}), and Bottlerocket does not apply user data it cannot parse: fix the TOML, then check settings.host-containers.admin.enabled and settings.kernel.lockdown`,
          },
        ],
      };
    }
    const setting = (key: string) => read.settings.get(key);
    const findings: Finding[] = [];
    if (setting('settings.host-containers.admin.enabled') === true) {
      findings.push({
        path: 'userData.settings.host-containers.admin.enabled',
        message: `${subject}: userData sets settings.host-containers.admin.enabled = true, which runs the superpowered admin container (root on the host, SSH) on every node; set it to false and use the control container (SSM) for break-glass access`,
      });
    }
    const lockdown = setting('settings.kernel.lockdown');
    if (typeof lockdown !== 'string' || !PROTECTING_LOCKDOWN_MODES.includes(lockdown)) {
      const how =
        lockdown === undefined
          ? 'does not set settings.kernel.lockdown (the NVIDIA variants default to none)'
          : `sets settings.kernel.lockdown = ${JSON.stringify(lockdown)}`;
      findings.push({
        path: 'userData.settings.kernel.lockdown',
        message: `${subject}: userData ${how}, so unsigned kernel modules and writes to kernel memory may be allowed; set settings.kernel.lockdown = "integrity" (or "confidentiality")`,
      });
    }
    if (setting('settings.kubernetes.standalone-mode') === true) {
      findings.push({
        path: 'userData.settings.kubernetes.standalone-mode',
        message: `${subject}: userData sets settings.kubernetes.standalone-mode = true, in which Bottlerocket's kubelet allows anonymous requests and authorizes every request; remove it`,
      });
    }
    return failIfAny(findings);
  },
};
