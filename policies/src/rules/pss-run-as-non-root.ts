import { isUnknown } from '../engine/unknown';
import { valueAt } from '../kubernetes/object';
import { containerLabel, containersOf } from '../kubernetes/pod-template';
import { isUserNamespacedPod, pssRule } from '../kubernetes/pss-profile';

/**
 * Restricted `runAsNonRoot`: the pod sets `securityContext.runAsNonRoot: true` (containers inherit it) or
 * every container does, and nothing sets it to false. From policy v1.35 a pod with `hostUsers: false` is
 * exempt: root in its user namespace is not root on the node.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const pssRunAsNonRoot = pssRule({
  id: 'pss-run-as-non-root',
  title: 'Containers must run as non-root',
  description:
    'The pod or every container sets securityContext.runAsNonRoot: true, so the kubelet refuses to start a container as root.',
  severity: 'high',
  check({ pod, since, fail, unknown, exemptWhen }) {
    if (since >= 35 && exemptWhen(isUserNamespacedPod(pod), `${pod.path}.hostUsers`)) return;
    const podAt = `${pod.path}.securityContext.runAsNonRoot`;
    const podValue = valueAt(pod.spec, 'securityContext', 'runAsNonRoot');
    if (isUnknown(podValue)) unknown(podAt);
    else if (podValue === false) fail(podAt, 'the pod sets runAsNonRoot: false', 'set it to true');
    for (const ref of containersOf(pod)) {
      const at = `${ref.path}.securityContext.runAsNonRoot`;
      const value = valueAt(ref.container, 'securityContext', 'runAsNonRoot');
      if (isUnknown(value)) unknown(at);
      else if (value === false) fail(at, `${containerLabel(ref)} sets runAsNonRoot: false`, 'set it to true');
      // Unset inherits the pod's value; one not known yet was reported above.
      else if (value !== true && podValue !== true && !isUnknown(podValue)) {
        fail(
          at,
          `${containerLabel(ref)} does not set runAsNonRoot: true and the pod does not either`,
          `set securityContext.runAsNonRoot: true on the pod (${podAt}) or the container`,
        );
      }
    }
  },
});
