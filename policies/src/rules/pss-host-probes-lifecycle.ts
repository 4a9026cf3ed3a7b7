import { isUnknown } from '../engine/unknown';
import { valueAt } from '../kubernetes/object';
import { containerLabel, containersOf } from '../kubernetes/pod-template';
import { pssRule } from '../kubernetes/pss-profile';

/** Where a container names a host for the kubelet to contact: probes and lifecycle hooks, HTTP and TCP. */
const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
].flatMap((handler) => [
  [...handler, 'httpGet'],
  [...handler, 'tcpSocket'],
]);

/** Each handler's `host` field: its keys, and its path below the container (`livenessProbe.httpGet.host`). */
const HOST_FIELDS: readonly { readonly keys: readonly string[]; readonly field: string }[] = HANDLERS.map(
  (handler) => ({ keys: [...handler, 'host'], field: [...handler, 'host'].join('.') }),
);

/**
 * Baseline `hostProbesAndHostLifecycle` (policy v1.34 and later): no probe or lifecycle hook sets
 * `httpGet.host` or `tcpSocket.host`. The kubelet makes those requests from the node, so a host field lets
 * the pod reach addresses only the node can (the node's own services, cloud metadata).
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssHostProbesLifecycle = pssRule({
  id: 'pss-host-probes-lifecycle',
  title: 'Probes and lifecycle hooks do not target other hosts',
  description:
    'No probe or lifecycle hook sets httpGet.host or tcpSocket.host, which would make the kubelet connect to another host from the node.',
  severity: 'high',
  check({ pod, fail, unknown }) {
    for (const ref of containersOf(pod)) {
      for (const { keys, field } of HOST_FIELDS) {
        const host = valueAt(ref.container, ...keys);
        if (isUnknown(host)) unknown(`${ref.path}.${field}`);
        else if (typeof host === 'string' && host !== '') {
          fail(
            `${ref.path}.${field}`,
            `${containerLabel(ref)} sets ${field}: ${host}`,
            'remove host so the kubelet connects to the pod IP',
          );
        }
      }
    }
  },
});
