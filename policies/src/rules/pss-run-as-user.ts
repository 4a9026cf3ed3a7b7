import { isUnknown } from '../engine/unknown';
import { valueAt } from '../kubernetes/object';
import { securityContextOwners } from '../kubernetes/pod-template';
import { isUserNamespacedPod, pssRule } from '../kubernetes/pss-profile';

/**
 * Restricted `runAsUser` (policy v1.23 and later): neither the pod nor a container sets
 * `securityContext.runAsUser: 0`; unset is allowed (runAsNonRoot covers it). From policy v1.35 a pod with
 * `hostUsers: false` is exempt.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const pssRunAsUser = pssRule({
  id: 'pss-run-as-user',
  title: 'Containers do not run as UID 0',
  description:
    'Neither the pod nor a container sets securityContext.runAsUser: 0, which would run it as root.',
  severity: 'high',
  check({ pod, since, fail, unknown, exemptWhen }) {
    if (since >= 35 && exemptWhen(isUserNamespacedPod(pod), `${pod.path}.hostUsers`)) return;
    for (const { owner, path, label } of securityContextOwners(pod)) {
      const at = `${path}.securityContext.runAsUser`;
      const value = valueAt(owner, 'securityContext', 'runAsUser');
      if (isUnknown(value)) unknown(at);
      else if (value === 0)
        fail(at, `${label()} sets runAsUser: 0`, 'set a non-zero UID such as 10001, or remove it');
    }
  },
});
