import { pssRule } from '../kubernetes/pss-profile';
import { checkProcMount, pssProcMount } from './pss-proc-mount';

/**
 * Restricted `procMount_restricted` (policy v1.35 and later): no container sets `procMount` to anything but
 * `Default`, even in a pod with `hostUsers: false`. It replaces baseline `procMount` in restricted.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const pssProcMountRestricted = pssRule({
  id: 'pss-proc-mount-restricted',
  title: 'Containers keep /proc masked, even in a user namespace',
  description:
    'No container sets securityContext.procMount to anything but Default, whether or not the pod runs in a user namespace.',
  severity: 'medium',
  replaces: [pssProcMount],
  check: checkProcMount,
});
