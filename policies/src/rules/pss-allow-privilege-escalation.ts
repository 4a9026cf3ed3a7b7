import { isUnknown } from '../engine/unknown';
import { valueAt } from '../kubernetes/object';
import { containerLabel, containersOf, isWindowsPod } from '../kubernetes/pod-template';
import { pssRule } from '../kubernetes/pss-profile';

/**
 * Restricted `allowPrivilegeEscalation` (policy v1.8 and later): every container sets
 * `securityContext.allowPrivilegeEscalation: false` (unset counts as true), so setuid binaries cannot raise
 * privileges. From policy v1.25, pods with `spec.os.name: windows` are exempt.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const pssAllowPrivilegeEscalation = pssRule({
  id: 'pss-allow-privilege-escalation',
  title: 'Containers forbid privilege escalation',
  description:
    'Every container sets securityContext.allowPrivilegeEscalation: false, so a process cannot gain more privileges than its parent.',
  severity: 'high',
  check({ pod, since, fail, unknown, exemptWhen }) {
    if (since >= 25 && exemptWhen(isWindowsPod(pod), `${pod.path}.os.name`)) return;
    for (const ref of containersOf(pod)) {
      const at = `${ref.path}.securityContext.allowPrivilegeEscalation`;
      const value = valueAt(ref.container, 'securityContext', 'allowPrivilegeEscalation');
      if (isUnknown(value)) unknown(at);
      else if (value === true)
        fail(at, `${containerLabel(ref)} sets allowPrivilegeEscalation: true`, 'set it to false');
      else if (value !== false) {
        fail(at, `${containerLabel(ref)} does not set allowPrivilegeEscalation: false`, 'set it to false');
      }
    }
  },
});
