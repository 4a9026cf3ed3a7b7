import { failOrUnknown, NOT_APPLICABLE, unknownAt, unknownFinding } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { displayName, valueAt } from '../kubernetes/object';
import { containerLabel, containersOf, isWindowsPod } from '../kubernetes/pod-template';
import { overPods, readsPods } from '../kubernetes/workloads';

/**
 * Every container (init and ephemeral included) sets `securityContext.readOnlyRootFilesystem: true`, so an
 * intruder cannot modify binaries or drop tools into the image; the app writes only to mounted volumes.
 * Windows pods are not applicable (Windows containers do not support the field).
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export const readOnlyRootFilesystem: ManifestRule = {
  id: 'read-only-root-filesystem',
  target: 'kubernetes',
  title: 'Containers run with a read-only root filesystem',
  description:
    'Every container sets securityContext.readOnlyRootFilesystem: true, so nothing can be written to the image at run time.',
  severity: 'medium',
  ...readsPods(),
  validate(manifest, options): RuleResult {
    return overPods(manifest, options, (pod) => {
      const windows = isWindowsPod(pod);
      if (windows === true) return NOT_APPLICABLE;
      const subject = displayName(manifest);
      const findings: Finding[] = [];
      const unknowns: Finding[] = [];
      let containers = 0;
      for (const ref of containersOf(pod)) {
        const { container, path } = ref;
        containers++;
        const value = valueAt(container, 'securityContext', 'readOnlyRootFilesystem');
        if (value === true) continue;
        const at = `${path}.securityContext.readOnlyRootFilesystem`;
        if (isUnknown(value)) {
          unknowns.push(
            unknownFinding(
              at,
              `${subject}: ${containerLabel(ref)} readOnlyRootFilesystem at ${at} is not known yet`,
            ),
          );
          continue;
        }
        const does =
          value === false
            ? 'sets readOnlyRootFilesystem: false'
            : 'does not set readOnlyRootFilesystem: true';
        findings.push({
          path: at,
          message: `${subject}: ${containerLabel(ref)} ${does} at ${at}; set it to true and mount an emptyDir volume where the app must write`,
        });
      }
      if (containers === 0) return NOT_APPLICABLE;
      // A Windows pod is not applicable: an OS not known yet leaves a finding undecided.
      if (findings.length > 0 && windows === 'unknown') {
        return unknownAt(
          `${pod.path}.os.name`,
          `${subject}: the pod's os.name at ${pod.path}.os.name is not known yet`,
        );
      }
      return failOrUnknown(findings, unknowns);
    });
  },
};
