import { isUnknown } from '../engine/unknown';
import { asArray, valueAt } from '../kubernetes/object';
import { containerLabel, containersOf } from '../kubernetes/pod-template';
import { pssRule, shown } from '../kubernetes/pss-profile';

/** The capabilities baseline lets a container add: the container runtime's default set, without NET_RAW. */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

const ALLOWED: ReadonlySet<string> = new Set(BASELINE_CAPABILITIES);

/**
 * Baseline `capabilities_baseline`: a container adds only capabilities from the runtime's default set
 * ({@link BASELINE_CAPABILITIES}). SYS_ADMIN, NET_RAW, SYS_PTRACE and the like open paths to the node.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssCapabilitiesBaseline = pssRule({
  id: 'pss-capabilities-baseline',
  title: 'Containers add no capabilities beyond the default set',
  description:
    'No container adds a Linux capability outside the container runtime default set (NET_RAW and SYS_ADMIN included).',
  severity: 'high',
  check({ pod, fail, unknown }) {
    for (const ref of containersOf(pod)) {
      const at = `${ref.path}.securityContext.capabilities.add`;
      const add = valueAt(ref.container, 'securityContext', 'capabilities', 'add');
      if (isUnknown(add)) unknown(at);
      asArray(add).forEach((capability, index) => {
        if (isUnknown(capability)) unknown(`${at}[${index}]`);
        else if (typeof capability === 'string' && !ALLOWED.has(capability)) {
          fail(
            `${at}[${index}]`,
            `${containerLabel(ref)} adds capability ${shown(capability)}`,
            `remove it; baseline allows adding only ${BASELINE_CAPABILITIES.join(', ')}`,
          );
        }
      });
    }
  },
});
