import { isUnknown } from '../engine/unknown';
import { asArray, valueAt } from '../kubernetes/object';
import { containerLabel, containersOf, isWindowsPod } from '../kubernetes/pod-template';
import { pssRule, shown } from '../kubernetes/pss-profile';
import { pssCapabilitiesBaseline } from './pss-capabilities-baseline';

/**
 * Restricted `capabilities_restricted` (policy v1.22 and later): every container drops `ALL` capabilities
 * and adds back at most `NET_BIND_SERVICE`. It replaces `pss-capabilities-baseline` in restricted. From
 * policy v1.25, pods with `spec.os.name: windows` are exempt.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const pssCapabilitiesRestricted = pssRule({
  id: 'pss-capabilities-restricted',
  title: 'Containers drop all capabilities',
  description:
    'Every container sets capabilities.drop: [ALL] and adds back at most NET_BIND_SERVICE, so it holds no Linux capability it does not need.',
  severity: 'medium',
  replaces: [pssCapabilitiesBaseline],
  check({ pod, since, fail, unknown, exemptWhen }) {
    if (since >= 25 && exemptWhen(isWindowsPod(pod), `${pod.path}.os.name`)) return;
    for (const ref of containersOf(pod)) {
      const capabilitiesAt = `${ref.path}.securityContext.capabilities`;
      const capabilities = valueAt(ref.container, 'securityContext', 'capabilities');
      if (isUnknown(capabilities)) {
        unknown(capabilitiesAt);
        continue;
      }
      const drop = valueAt(capabilities, 'drop');
      if (isUnknown(drop)) unknown(`${capabilitiesAt}.drop`);
      else if (!asArray(drop).includes('ALL')) {
        if (asArray(drop).some(isUnknown)) unknown(`${capabilitiesAt}.drop`);
        else
          fail(
            `${capabilitiesAt}.drop`,
            `${containerLabel(ref)} does not drop ALL capabilities`,
            'set capabilities.drop: [ALL]',
          );
      }
      const add = valueAt(capabilities, 'add');
      if (isUnknown(add)) unknown(`${capabilitiesAt}.add`);
      asArray(add).forEach((capability, index) => {
        const at = `${capabilitiesAt}.add[${index}]`;
        if (isUnknown(capability)) unknown(at);
        else if (typeof capability === 'string' && capability !== 'NET_BIND_SERVICE') {
          fail(
            at,
            `${containerLabel(ref)} adds capability ${shown(capability)}`,
            'remove it; restricted allows adding only NET_BIND_SERVICE',
          );
        }
      });
    }
  },
});
