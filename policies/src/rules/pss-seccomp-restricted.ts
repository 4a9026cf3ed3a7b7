import { containerLabel, containersOf, isWindowsPod, profileTypeOf } from '../kubernetes/pod-template';
import { pssRule, shown } from '../kubernetes/pss-profile';
import { pssSeccompBaseline, validSeccompType } from './pss-seccomp-baseline';

/** The pod's or a container's `seccompProfile.type`: valid, invalid (with the value), unset or not known yet. */
type Setting =
  | { readonly state: 'valid' | 'unset' | 'unknown' }
  | { readonly state: 'invalid'; readonly type: string };

function settingOf(owner: unknown, path: string): Setting {
  const profile = profileTypeOf(owner, path, 'seccompProfile');
  if (profile.state !== 'set') return { state: profile.state };
  return validSeccompType(profile.type) ? { state: 'valid' } : { state: 'invalid', type: profile.type };
}

/**
 * Restricted `seccompProfile_restricted` (policy v1.19 and later): the pod sets
 * `securityContext.seccompProfile.type` to `RuntimeDefault` or `Localhost` (containers inherit it) or every
 * container does, and nothing sets another type. It replaces `pss-seccomp-baseline` in restricted. From
 * policy v1.25, pods with `spec.os.name: windows` are exempt.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export const pssSeccompRestricted = pssRule({
  id: 'pss-seccomp-restricted',
  title: 'Containers run under a seccomp profile',
  description:
    'The pod or every container sets seccompProfile.type to RuntimeDefault or Localhost, so system calls are filtered.',
  severity: 'medium',
  replaces: [pssSeccompBaseline],
  check({ pod, since, fail, unknown, exemptWhen }) {
    if (since >= 25 && exemptWhen(isWindowsPod(pod), `${pod.path}.os.name`)) return;
    const podAt = `${pod.path}.securityContext.seccompProfile.type`;
    const podSetting = settingOf(pod.spec, pod.path);
    if (podSetting.state === 'unknown') unknown(podAt);
    if (podSetting.state === 'invalid') {
      fail(
        podAt,
        `the pod sets seccompProfile.type: ${shown(podSetting.type)}`,
        'set it to RuntimeDefault or Localhost',
      );
    }
    for (const ref of containersOf(pod)) {
      const at = `${ref.path}.securityContext.seccompProfile.type`;
      const setting = settingOf(ref.container, ref.path);
      if (setting.state === 'unknown') unknown(at);
      else if (setting.state === 'invalid') {
        fail(
          at,
          `${containerLabel(ref)} sets seccompProfile.type: ${shown(setting.type)}`,
          'set it to RuntimeDefault or Localhost',
        );
      } else if (
        setting.state === 'unset' &&
        podSetting.state !== 'valid' &&
        podSetting.state !== 'unknown'
      ) {
        fail(
          at,
          `${containerLabel(ref)} does not set seccompProfile.type and the pod does not set a valid one`,
          `set securityContext.seccompProfile.type: RuntimeDefault on the pod (${podAt}) or the container`,
        );
      }
    }
  },
});
