import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';
import { profileTypeOf, type SecurityContextOwner, securityContextOwners } from '../kubernetes/pod-template';
import { type PssCheckContext, pssRule, shown } from '../kubernetes/pss-profile';

/** Prefix of the deprecated per-container AppArmor annotations, which PSA still checks. */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** Annotation values PSA allows: empty, `runtime/default`, or a `localhost/` profile. */
function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/**
 * Baseline `appArmorProfile`: no pod or container selects the `Unconfined` AppArmor profile (or any type but
 * `RuntimeDefault` and `Localhost`) in `securityContext.appArmorProfile`, and no
 * `container.apparmor.security.beta.kubernetes.io/*` annotation names anything but `runtime/default` or a
 * `localhost/` profile. Both are checked at every policy version.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssApparmor = pssRule({
  id: 'pss-apparmor',
  title: 'AppArmor is not disabled',
  description:
    'No pod, container or AppArmor annotation selects an AppArmor profile other than the runtime default or a localhost profile.',
  severity: 'high',
  check(context) {
    const { pod, fail, unknown } = context;
    const annotationsAt = `${pod.metadataPath}.annotations`;
    const annotations = pod.metadata.annotations;
    if (isUnknown(annotations)) unknown(annotationsAt);
    const record = asRecord(annotations) ?? {};
    for (const key of Object.keys(record)) {
      if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
      const value = record[key];
      const at = `${annotationsAt}['${key}']`;
      if (isUnknown(value)) unknown(at);
      else if (typeof value === 'string' && !allowedAnnotation(value)) {
        fail(
          at,
          `annotation ${key} selects AppArmor profile ${shown(value)}`,
          'set it to runtime/default or localhost/<profile>, or use securityContext.appArmorProfile.type: RuntimeDefault',
        );
      }
    }
    for (const owner of securityContextOwners(pod)) checkProfile(context, owner);
  },
});

function checkProfile(
  { fail, unknown }: PssCheckContext,
  { owner, path, label }: SecurityContextOwner,
): void {
  const profile = profileTypeOf(owner, path, 'appArmorProfile');
  if (profile.state === 'unknown') {
    unknown(profile.path);
    return;
  }
  if (profile.state === 'unset' || profile.type === 'RuntimeDefault' || profile.type === 'Localhost') return;
  fail(
    `${path}.securityContext.appArmorProfile.type`,
    `${label()} sets appArmorProfile.type: ${shown(profile.type)}`,
    'set it to RuntimeDefault or Localhost',
  );
}
