import { isUnknown } from '../engine/unknown';
import { asRecord, asString } from '../kubernetes/object';
import { type SecurityContextOwner, securityContextOwners, valueAt } from '../kubernetes/pod-template';
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
  const profile = valueAt(owner, 'securityContext', 'appArmorProfile');
  const at = `${path}.securityContext.appArmorProfile.type`;
  if (isUnknown(profile)) {
    unknown(`${path}.securityContext.appArmorProfile`);
    return;
  }
  const record = asRecord(profile);
  if (!record) return;
  if (isUnknown(record.type)) {
    unknown(at);
    return;
  }
  const type = asString(record.type) ?? '';
  if (type === 'RuntimeDefault' || type === 'Localhost') return;
  fail(at, `${label()} sets appArmorProfile.type: ${shown(type)}`, 'set it to RuntimeDefault or Localhost');
}
