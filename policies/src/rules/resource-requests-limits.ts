import { failIfAny, NOT_APPLICABLE } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { asRecord, displayName } from '../kubernetes/object';
import { containerLabel, containersOf } from '../kubernetes/pod-template';
import { overPods, readsPods } from '../kubernetes/workloads';

/** The four settings, each with what goes wrong without it. */
const SETTINGS = [
  { kind: 'requests', resource: 'cpu', what: 'CPU request', why: 'the scheduler can overcommit the node' },
  {
    kind: 'requests',
    resource: 'memory',
    what: 'memory request',
    why: 'the scheduler can overcommit the node',
  },
  { kind: 'limits', resource: 'cpu', what: 'CPU limit', why: 'one container can starve its neighbours' },
  { kind: 'limits', resource: 'memory', what: 'memory limit', why: 'a leak can exhaust the node' },
] as const;

/** True when `resources.<kind>.<resource>` holds a value. */
function isSet(resources: unknown, kind: string, resource: string): boolean {
  const value = asRecord(asRecord(resources)?.[kind])?.[resource];
  return value !== undefined && value !== null && value !== '';
}

/**
 * Every container and init container sets CPU and memory requests and limits. A request left out while its
 * limit is set passes (Kubernetes defaults the request to the limit), and so does a setting made in the
 * pod-level `spec.resources`. Ephemeral containers are skipped: the API forbids resources on them.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export const resourceRequestsLimits: ManifestRule = {
  id: 'resource-requests-limits',
  target: 'kubernetes',
  title: 'Containers set CPU and memory requests and limits',
  description:
    'Every container sets CPU and memory requests and limits, so the scheduler places it correctly and it cannot exhaust its node.',
  severity: 'medium',
  ...readsPods(),
  validate(manifest, options): RuleResult {
    return overPods(manifest, options, (pod) => {
      const subject = displayName(manifest);
      const podResources = pod.spec.resources;
      const findings: Finding[] = [];
      let containers = 0;
      for (const ref of containersOf(pod, ['containers', 'initContainers'])) {
        const { container, path } = ref;
        containers++;
        for (const { kind, resource, what, why } of SETTINGS) {
          const satisfied = (resources: unknown) =>
            isSet(resources, kind, resource) || (kind === 'requests' && isSet(resources, 'limits', resource));
          if (satisfied(container.resources) || satisfied(podResources)) continue;
          const at = `${path}.resources.${kind}.${resource}`;
          findings.push({
            path: at,
            message: `${subject}: ${containerLabel(ref)} sets no ${what} at ${at}, so ${why}; set resources.${kind}.${resource}`,
          });
        }
      }
      return containers === 0 ? NOT_APPLICABLE : failIfAny(findings);
    });
  },
};
