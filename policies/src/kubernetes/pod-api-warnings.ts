import type { Manifest, RuleOptions } from '../engine/types';
import { asArray, asRecord, asString, displayName } from './object';
import { type ContainerRef, containerLabel, containersOf } from './pod-template';
import { podsOf } from './workloads';

/** A warning the API server gives about a pod template, at the field it is about. */
export interface PodApiWarning {
  /** Field path in the object, as findings write it. */
  readonly path: string;
  readonly message: string;
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SYSCTL_ANNOTATIONS = [
  'security.alpha.kubernetes.io/sysctls',
  'security.alpha.kubernetes.io/unsafe-sysctls',
] as const;

/**
 * The API server's own warnings about a pod template (`warningsForPodSpecAndMeta` in `pkg/api/pod`) that bear
 * on its security, under the same conditions, and the one refusal that makes the rules' findings ambiguous,
 * each with the fix:
 *
 * - a seccomp annotation without the field beside it, which has done nothing since v1.27: the pod or the
 *   container gets no seccomp profile, whatever the annotation says;
 * - the sysctl annotations, which have done nothing since v1.11;
 * - an AppArmor annotation without the field (pod or container), deprecated since v1.30;
 * - a container env variable defined again without referring to its earlier value: the later one wins, and
 *   server-side apply keeps only one of them, so a literal can silently replace a value from a Secret;
 * - two containers of the pod (of any kind) with one name, which the API server refuses (`Duplicate value`):
 *   findings and annotations name containers by name, so they could be about either.
 */
export function podApiWarnings(
  manifest: Manifest,
  options?: Pick<RuleOptions, 'workloads'>,
): PodApiWarning[] {
  const found: PodApiWarning[] = [];
  // Written only when a warning needs it: most pods have none.
  const subject = () => displayName(manifest);
  for (const pod of podsOf(manifest, options)) {
    const annotations = asRecord(pod.metadata.annotations) ?? {};
    /** Warns about annotation `key`, when the pod sets it: `<subject>: annotation '<key>' at <path> <what>`. */
    const annotation = (key: string, what: string) => {
      if (!(key in annotations)) return;
      const path = `${pod.metadataPath}.annotations['${key}']`;
      found.push({ path, message: `${subject()}: annotation '${key}' at ${path} ${what}` });
    };
    if (!hasField(pod.spec, 'seccompProfile')) {
      annotation(
        SECCOMP_POD_ANNOTATION,
        `has had no effect since Kubernetes v1.27, so the pod gets no seccomp profile from it; set ${pod.path}.securityContext.seccompProfile (type: RuntimeDefault) instead`,
      );
    }
    for (const key of SYSCTL_ANNOTATIONS) {
      annotation(
        key,
        `has had no effect since Kubernetes v1.11; set the sysctls in ${pod.path}.securityContext.sysctls instead`,
      );
    }
    duplicateContainerNames(containersOf(pod, API_ORDER), subject, found);
    for (const ref of containersOf(pod)) {
      if (!hasField(ref.container, 'seccompProfile')) {
        annotation(
          `${SECCOMP_CONTAINER_PREFIX}${ref.name}`,
          `has had no effect since Kubernetes v1.27, so ${containerLabel(ref)} gets no seccomp profile from it; set ${ref.path}.securityContext.seccompProfile (type: RuntimeDefault) instead`,
        );
      }
      if (!hasField(pod.spec, 'appArmorProfile') && !hasField(ref.container, 'appArmorProfile')) {
        annotation(
          `${APPARMOR_CONTAINER_PREFIX}${ref.name}`,
          `is deprecated since Kubernetes v1.30; set ${ref.path}.securityContext.appArmorProfile instead`,
        );
      }
      duplicateEnv(ref, subject, found);
    }
  }
  return found;
}

/** The order `ValidatePodSpec` checks container names in, so the later of two is the one refused. */
const API_ORDER = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Adds a warning for each container whose name an earlier one of the pod already has. */
function duplicateContainerNames(
  refs: readonly ContainerRef[],
  subject: () => string,
  found: PodApiWarning[],
): void {
  const first = new Map<string, ContainerRef>();
  for (const ref of refs) {
    // A missing name is its own refusal ("Required value"), not a duplicate.
    if (ref.name === '') continue;
    const earlier = first.get(ref.name);
    if (earlier === undefined) {
      first.set(ref.name, ref);
      continue;
    }
    const path = `${ref.path}.name`;
    found.push({
      path,
      message: `${subject()}: ${containerLabel(ref)} at ${ref.path} has the name of ${containerLabel(earlier)} at ${earlier.path}, and the API server refuses a pod whose containers share a name; rename one of them`,
    });
  }
}

/** True when the `securityContext` of a pod spec or container sets `field`. */
function hasField(owner: Readonly<Record<string, unknown>>, field: string): boolean {
  const value = asRecord(owner.securityContext)?.[field];
  return value !== undefined && value !== null;
}

/**
 * Adds a warning for each env entry of the container that defines a name again, unless its value refers to the
 * earlier one (`PATH: $(PATH):/opt/bin`), as the API server decides it.
 */
function duplicateEnv(ref: ContainerRef, subject: () => string, found: PodApiWarning[]): void {
  const first = new Map<string, number>();
  asArray(ref.container.env).forEach((raw, index) => {
    const entry = asRecord(raw);
    const name = asString(entry?.name);
    if (!entry || name === undefined) return;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, index);
      return;
    }
    const reference = `$(${name})`;
    const value = asString(entry.value) ?? '';
    const refersToEarlier = entry.valueFrom == null && value !== reference && value.includes(reference);
    if (refersToEarlier) return;
    const path = `${ref.path}.env[${index}]`;
    found.push({
      path,
      message: `${subject()}: ${containerLabel(ref)} defines env '${name}' again at ${path}, hiding its definition at env[${earlier}] (server-side apply keeps only one of them); remove one of the two`,
    });
  });
}
