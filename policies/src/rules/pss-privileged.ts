import { isUnknown } from '../engine/unknown';
import { valueAt } from '../kubernetes/object';
import { containerLabel, containersOf } from '../kubernetes/pod-template';
import { pssRule } from '../kubernetes/pss-profile';

/**
 * Baseline `privileged`: no container sets `securityContext.privileged: true`. A privileged container has
 * every capability and every host device: it is root on the node.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssPrivileged = pssRule({
  id: 'pss-privileged',
  title: 'Containers are not privileged',
  description: 'No container sets securityContext.privileged: true, which gives it full access to the node.',
  severity: 'critical',
  check({ pod, fail, unknown }) {
    for (const ref of containersOf(pod)) {
      const at = `${ref.path}.securityContext.privileged`;
      const value = valueAt(ref.container, 'securityContext', 'privileged');
      if (isUnknown(value)) unknown(at);
      else if (value === true)
        fail(at, `${containerLabel(ref)} sets privileged: true`, 'remove it or set it to false');
    }
  },
});
