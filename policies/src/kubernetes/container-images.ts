import { failOrUnknown, NOT_APPLICABLE, unknownFinding } from '../engine/result';
import type { Finding, Manifest, RuleOptions, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asString, displayName } from './object';
import { containerLabel, containersOf, type PodSpecRef } from './pod-template';
import { overPods } from './workloads';

/** Where a container's image is: the object (`Deployment/api`), the container and the field path. */
export interface ImageSite {
  readonly subject: string;
  /** How findings name the container: `container 'app'`, `init container 'setup'` ({@link containerLabel}). */
  readonly container: string;
  readonly at: string;
}

/** A rule's verdict on one image (undefined when the field is unset or not a string): a finding message, or undefined. */
export type ImageCheck = (image: string | undefined, site: ImageSite) => string | undefined;

/**
 * Runs `check` on the image of every container (all three lists) of a pod-bearing object. An image not known
 * yet is `unknown`, never a pass; a failing container elsewhere still fails the object. Not applicable to an
 * object without a pod spec or containers.
 */
export function checkContainerImages(
  manifest: Manifest,
  options: Pick<RuleOptions, 'workloads'> | undefined,
  check: ImageCheck,
): RuleResult {
  const subject = displayName(manifest);
  return overPods(manifest, options, (pod) => checkPod(pod, subject, check));
}

function checkPod(pod: PodSpecRef, subject: string, check: ImageCheck): RuleResult {
  const findings: Finding[] = [];
  const unknowns: Finding[] = [];
  let containers = 0;
  for (const ref of containersOf(pod)) {
    const { container, path } = ref;
    containers++;
    const site = { subject, container: containerLabel(ref), at: `${path}.image` };
    if (isUnknown(container.image)) {
      unknowns.push(
        unknownFinding(site.at, `${subject}: ${site.container} image at ${site.at} is not known yet`),
      );
      continue;
    }
    const message = check(asString(container.image), site);
    if (message) findings.push({ path: site.at, message });
  }
  return containers === 0 ? NOT_APPLICABLE : failOrUnknown(findings, unknowns);
}
