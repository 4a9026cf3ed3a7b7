import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';
import {
  containersOf,
  profileTypeOf,
  type SecurityContextOwner,
  securityContextOwners,
} from '../kubernetes/pod-template';
import { type PssCheckContext, pssRule, shown } from '../kubernetes/pss-profile';

/** The pod-wide seccomp annotation read by policy versions before v1.19. */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
/** Prefix of the per-container seccomp annotations read by policy versions before v1.19. */
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Seccomp annotation values PSA allows (an empty value is not one of them). */
function validAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** `seccompProfile.type` values PSA allows. */
export function validSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/**
 * Baseline `seccompProfile_baseline`: nothing disables seccomp. Policy v1.19 and later read
 * `securityContext.seccompProfile.type` on the pod and containers (set means `RuntimeDefault` or
 * `Localhost`); earlier versions read the alpha annotations (`runtime/default`, `docker/default` or
 * `localhost/*`). Restricted replaces it with `pss-seccomp-restricted` from v1.19.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const pssSeccompBaseline = pssRule({
  id: 'pss-seccomp-baseline',
  title: 'Seccomp is not disabled',
  description:
    'No pod or container sets a seccomp profile other than RuntimeDefault or Localhost (unset is allowed).',
  severity: 'high',
  check(context) {
    if (context.since < 19) return checkAnnotations(context);
    const { pod } = context;
    for (const owner of securityContextOwners(pod)) checkField(context, owner);
  },
});

function checkField({ fail, unknown }: PssCheckContext, { owner, path, label }: SecurityContextOwner): void {
  const profile = profileTypeOf(owner, path, 'seccompProfile');
  if (profile.state === 'unknown') {
    unknown(profile.path);
    return;
  }
  if (profile.state === 'unset' || validSeccompType(profile.type)) return;
  fail(
    `${path}.securityContext.seccompProfile.type`,
    `${label()} sets seccompProfile.type: ${shown(profile.type)}`,
    'set it to RuntimeDefault or Localhost',
  );
}

function checkAnnotations({ pod, fail, unknown }: PssCheckContext): void {
  const annotationsAt = `${pod.metadataPath}.annotations`;
  const raw = pod.metadata.annotations;
  if (isUnknown(raw)) {
    unknown(annotationsAt);
    return;
  }
  const annotations = asRecord(raw) ?? {};
  const check = (key: string) => {
    if (!Object.hasOwn(annotations, key)) return;
    const value = annotations[key];
    const at = `${annotationsAt}['${key}']`;
    if (isUnknown(value)) unknown(at);
    else if (typeof value === 'string' && !validAnnotation(value)) {
      fail(
        at,
        `annotation ${key} sets seccomp profile ${shown(value)}`,
        'set it to runtime/default or localhost/<profile>',
      );
    }
  };
  check(SECCOMP_POD_ANNOTATION);
  for (const ref of containersOf(pod)) check(`${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${ref.name}`);
}
