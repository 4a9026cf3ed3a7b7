import { or, present } from '../admission/cel';
import { containerValidation } from '../admission/pod';
import type { AdmissionForm } from '../admission/types';

/** The four settings, each with what goes wrong without it (as resource-requests-limits words them). */
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

/** CEL: `<owner>.resources.<kind>.<resource>` holds a value. */
function isSet(owner: string, kind: string, resource: string): string {
  return `${present(owner, 'resources', kind, resource)} && ${owner}.resources.${kind}.${resource} != ''`;
}

/** CEL: the setting is made on the container or the pod (a limit stands in for its request). */
function satisfied(c: string, setting: (typeof SETTINGS)[number]): string {
  return or(
    ...[c, 'variables.podSpec'].flatMap((owner) => [
      isSet(owner, setting.kind, setting.resource),
      ...(setting.kind === 'requests' ? [isSet(owner, 'limits', setting.resource)] : []),
    ]),
  );
}

/** CEL: the setting holds, or is not asked for (the CPU limit, with `requireCpuLimits` false). */
function met(c: string, setting: (typeof SETTINGS)[number]): string {
  const holds = `(${satisfied(c, setting)})`;
  return setting.kind === 'limits' && setting.resource === 'cpu'
    ? `(!variables.requireCpuLimits || ${holds})`
    : holds;
}

/**
 * {@link resourceRequestsLimits} at admission: containers and init containers (ephemeral ones cannot set
 * resources), with `requireCpuLimits` as a parameter.
 */
export const resourceRequestsLimitsAdmission: AdmissionForm = {
  rule: 'resource-requests-limits',
  pod: true,
  reads: ['spec', 'template'],
  parameters: [{ name: 'requireCpuLimits', type: 'bool', value: (options) => options.requireCpuLimits }],
  validations: [
    containerValidation({
      lists: ['containers', 'initContainers'],
      ok: (c) => SETTINGS.map((setting) => met(c, setting)).join(' && '),
      problem: (c, at) =>
        SETTINGS.reduceRight(
          (otherwise, setting) =>
            `(!${met(c, setting)} ? 'sets no ${setting.what} at ' + ${at} + '.resources.${setting.kind}.${setting.resource}, so ${setting.why}; set resources.${setting.kind}.${setting.resource}' : ${otherwise})`,
          "''",
        ),
    }),
  ],
};
