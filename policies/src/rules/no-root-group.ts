import { failOrUnknown, NOT_APPLICABLE, unknownAt, unknownFinding } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asArray, displayName, valueAt } from '../kubernetes/object';
import { containerLabel, containersOf, isWindowsPod } from '../kubernetes/pod-template';
import { overPods, readsPods } from '../kubernetes/workloads';

const FIX = 'use the non-root group the image is built for, such as 10001';

/**
 * No pod or container runs with the root group (gid 0): not as `runAsGroup` (the pod's or any container's),
 * not as the pod's `fsGroup` (the group that owns its volumes and is added to every process), not among its
 * `supplementalGroups`. A process in group 0 reads and writes whatever the image and the node leave to root's
 * group. The NSA/CISA guidance's example pod security policy forbids adding the root group to `fsGroup` and
 * `supplementalGroups`; the Pod Security Standards check only the user. Only an explicit 0 fails: an unset
 * group is the image's, which the manifest cannot show. Windows pods are not applicable (the fields are
 * Linux-only).
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export const noRootGroup: ManifestRule = {
  id: 'no-root-group',
  target: 'kubernetes',
  title: 'Pods and containers do not run with the root group',
  description:
    'No runAsGroup (of the pod or a container), fsGroup or supplementalGroups entry is 0, so no process runs with the root group.',
  severity: 'medium',
  ...readsPods(),
  validate(manifest, options): RuleResult {
    return overPods(manifest, options, (pod) => {
      const windows = isWindowsPod(pod);
      if (windows === true) return NOT_APPLICABLE;
      const subject = displayName(manifest);
      const findings: Finding[] = [];
      const unknowns: Finding[] = [];
      const check = (value: unknown, at: string, who: string, field: string) => {
        if (isUnknown(value)) {
          unknowns.push(unknownFinding(at, `${subject}: ${at} is not known yet`));
        } else if (value === 0) {
          findings.push({
            path: at,
            message: `${subject}: ${who} sets ${field}: 0 (the root group) at ${at}; ${FIX}`,
          });
        }
      };
      const context = `${pod.path}.securityContext`;
      const podContext = valueAt(pod.spec, 'securityContext');
      check(valueAt(podContext, 'runAsGroup'), `${context}.runAsGroup`, 'the pod', 'runAsGroup');
      check(valueAt(podContext, 'fsGroup'), `${context}.fsGroup`, 'the pod', 'fsGroup');
      const supplemental = valueAt(podContext, 'supplementalGroups');
      if (isUnknown(supplemental)) {
        check(supplemental, `${context}.supplementalGroups`, 'the pod', 'supplementalGroups');
      }
      asArray(supplemental).forEach((group, index) => {
        check(group, `${context}.supplementalGroups[${index}]`, 'the pod', 'supplementalGroups');
      });
      for (const ref of containersOf(pod)) {
        const at = `${ref.path}.securityContext.runAsGroup`;
        check(valueAt(ref.container, 'securityContext', 'runAsGroup'), at, containerLabel(ref), 'runAsGroup');
      }
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
