import { failOrUnknown, NOT_APPLICABLE, unknownFinding } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { displayName, valueAt } from '../kubernetes/object';
import { type ContainerRef, containerLabel, containersOf } from '../kubernetes/pod-template';
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

/** Whether a setting holds a value; `unknown` when it, or what holds it, is not known yet (Pulumi preview). */
type Setting = 'set' | 'unset' | 'unknown';

/** Whether `resources.<kind>.<resource>` holds a value. */
function setting(resources: unknown, kind: string, resource: string): Setting {
  const value = valueAt(resources, kind, resource);
  if (isUnknown(value)) return 'unknown';
  return value !== undefined && value !== null && value !== '' ? 'set' : 'unset';
}

/** Either setting set decides `set`; else one not known yet decides `unknown`. */
function either(a: Setting, b: Setting): Setting {
  return a === 'set' || b === 'set' ? 'set' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'unset';
}

/** Whether `resources` satisfies `<kind>.<resource>`: a request is satisfied by its limit too. */
function satisfied(resources: unknown, kind: 'requests' | 'limits', resource: string): Setting {
  const own = setting(resources, kind, resource);
  return own === 'set' || kind === 'limits' ? own : either(own, setting(resources, 'limits', resource));
}

/** The lists whose containers take resources (the API forbids them on ephemeral containers). */
const LISTS = ['containers', 'initContainers'] as const;

/**
 * Every container and init container sets CPU and memory requests and limits (the CPU limit only while
 * `requireCpuLimits` holds, the default). A request left out while its limit is set passes (Kubernetes
 * defaults the request to the limit), and so does a setting made in the pod-level `spec.resources`.
 * Ephemeral containers are skipped: the API forbids resources on them.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export const resourceRequestsLimits: ManifestRule = {
  id: 'resource-requests-limits',
  target: 'kubernetes',
  title: 'Containers set CPU and memory requests and limits',
  description:
    'Every container sets CPU and memory requests and limits (the CPU limit unless requireCpuLimits is false), so the scheduler places it correctly and it cannot exhaust its node.',
  severity: 'medium',
  ...readsPods(),
  validate(manifest, options): RuleResult {
    return overPods(manifest, options, (pod) => {
      // Written only when a finding needs it.
      let subject: string | undefined;
      const label = (ref: ContainerRef) => {
        subject ??= displayName(manifest);
        return `${subject}: ${containerLabel(ref)}`;
      };
      const podResources = pod.spec.resources;
      const findings: Finding[] = [];
      const unknowns: Finding[] = [];
      let containers = 0;
      for (const ref of containersOf(pod, LISTS)) {
        const { container, path } = ref;
        containers++;
        for (const { kind, resource, what, why } of SETTINGS) {
          if (kind === 'limits' && resource === 'cpu' && !options.requireCpuLimits) continue;
          const state = either(
            satisfied(container.resources, kind, resource),
            satisfied(podResources, kind, resource),
          );
          if (state === 'set') continue;
          const at = `${path}.resources.${kind}.${resource}`;
          if (state === 'unknown') {
            unknowns.push(unknownFinding(at, `${label(ref)} ${what} at ${at} is not known yet`));
            continue;
          }
          findings.push({
            path: at,
            message: `${label(ref)} sets no ${what} at ${at}, so ${why}; set resources.${kind}.${resource}`,
          });
        }
      }
      return containers === 0 ? NOT_APPLICABLE : failOrUnknown(findings, unknowns);
    });
  },
};
