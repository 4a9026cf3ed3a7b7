import { isUnknown } from '../engine/unknown';
import { pssRule } from '../kubernetes/pss-profile';

/** The pod fields that share a host namespace, with what they share. */
const NAMESPACES = [
  { field: 'hostNetwork', exposes: "the node's network stack" },
  { field: 'hostPID', exposes: "the node's process table" },
  { field: 'hostIPC', exposes: "the node's IPC namespace" },
] as const;

/**
 * Baseline `hostNamespaces`: the pod sets none of `hostNetwork`, `hostPID`, `hostIPC` to true. Sharing a
 * host namespace lets the pod see and reach what belongs to the node and every other pod on it.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssHostNamespaces = pssRule({
  id: 'pss-host-namespaces',
  title: 'Pods do not share host namespaces',
  description:
    'The pod sets none of hostNetwork, hostPID and hostIPC to true, so it cannot see the node’s network, processes or IPC.',
  severity: 'high',
  check({ pod, fail, unknown }) {
    for (const { field, exposes } of NAMESPACES) {
      const at = `${pod.path}.${field}`;
      const value = pod.spec[field];
      if (isUnknown(value)) unknown(at);
      else if (value === true) {
        fail(
          at,
          `the pod sets ${field}: true`,
          `remove it or set it to false so the pod does not share ${exposes}`,
        );
      }
    }
  },
});
