import { isUnknown } from '../engine/unknown';
import { valueAt } from '../kubernetes/object';
import { containerLabel, containersOf } from '../kubernetes/pod-template';
import { isUserNamespacedPod, type PssCheckContext, pssRule, shown } from '../kubernetes/pss-profile';

/**
 * Flags every container whose `securityContext.procMount` is set to anything but `Default` (PSA's
 * `procMount_1_0`, shared by `procMount` and `procMount_restricted`).
 */
export function checkProcMount({ pod, fail, unknown }: PssCheckContext): void {
  for (const ref of containersOf(pod)) {
    const at = `${ref.path}.securityContext.procMount`;
    const value = valueAt(ref.container, 'securityContext', 'procMount');
    if (isUnknown(value)) unknown(at);
    else if (typeof value === 'string' && value !== 'Default') {
      fail(at, `${containerLabel(ref)} sets procMount: ${shown(value)}`, 'remove it or set it to Default');
    }
  }
}

/**
 * Baseline `procMount`: no container unmasks `/proc` (`procMount` other than `Default`), which would expose
 * kernel interfaces the runtime hides. From policy v1.35 a pod with `hostUsers: false` may set any value: its
 * user namespace keeps the unmasked `/proc` from reaching the host. Restricted keeps the ban for those pods
 * too (see `pss-proc-mount-restricted`).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssProcMount = pssRule({
  id: 'pss-proc-mount',
  title: 'Containers keep /proc masked',
  description:
    'No container sets securityContext.procMount to anything but Default (from v1.35, unless the pod sets hostUsers: false).',
  severity: 'high',
  check(context) {
    if (
      context.since >= 35 &&
      context.exemptWhen(isUserNamespacedPod(context.pod), `${context.pod.path}.hostUsers`)
    ) {
      return;
    }
    checkProcMount(context);
  },
});
