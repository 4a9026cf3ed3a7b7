import { isUnknown } from '../engine/unknown';
import { asArray, valueAt } from '../kubernetes/object';
import { containerLabel, containersOf } from '../kubernetes/pod-template';
import { pssRule } from '../kubernetes/pss-profile';

/**
 * Baseline `hostPorts`: no container port sets a non-zero `hostPort`. A host port binds the node's network
 * interface, bypasses NetworkPolicy on many CNIs and limits scheduling to one pod per node.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssHostPorts = pssRule({
  id: 'pss-host-ports',
  title: 'Containers do not bind host ports',
  description: 'No container port sets a non-zero hostPort, which would bind the port on the node itself.',
  severity: 'high',
  check({ pod, fail, unknown }) {
    for (const ref of containersOf(pod)) {
      const ports = valueAt(ref.container, 'ports');
      if (isUnknown(ports)) unknown(`${ref.path}.ports`);
      asArray(ports).forEach((port, index) => {
        const at = `${ref.path}.ports[${index}].hostPort`;
        const hostPort = valueAt(port, 'hostPort');
        if (isUnknown(hostPort)) unknown(at);
        else if (typeof hostPort === 'number' && hostPort !== 0) {
          fail(
            at,
            `${containerLabel(ref)} sets hostPort: ${hostPort}`,
            'remove hostPort and expose the port through a Service',
          );
        }
      });
    }
  },
});
