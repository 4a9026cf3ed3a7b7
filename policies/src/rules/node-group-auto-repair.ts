import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * EKS managed node groups turn on node auto repair (`nodeRepairConfig.enabled: true`): EKS then reboots or
 * replaces nodes whose Ready, kubelet, container runtime, disk or network conditions stay bad. EKS leaves it
 * off unless asked, and a broken node that keeps its place in the group still runs whatever the scheduler
 * gave it, past the patches its replacement would have. It costs nothing.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_NodeRepairConfig.html
 */
export const nodeGroupAutoRepair: ResourceRule = {
  id: 'node-group-auto-repair',
  target: 'aws',
  title: 'Node groups repair unhealthy nodes automatically',
  description:
    'An EKS managed node group sets nodeRepairConfig.enabled to true, so EKS reboots or replaces nodes that stay unhealthy instead of leaving them in service.',
  severity: 'low',
  resourceTypes: ['aws:eks/nodeGroup:NodeGroup'],
  validate(inputs, _options, name): RuleResult {
    const subject = `NodeGroup/${name}`;
    const raw = inputs.nodeRepairConfig;
    if (isUnknown(raw)) return unknownAt('nodeRepairConfig', `${subject}: nodeRepairConfig is not known yet`);
    const config = asRecord(raw);
    const enabled = config?.enabled;
    if (isUnknown(enabled))
      return unknownAt('nodeRepairConfig.enabled', `${subject}: nodeRepairConfig.enabled is not known yet`);
    if (enabled === true) return PASS;
    const how =
      config === undefined
        ? 'nodeRepairConfig is not set'
        : enabled === undefined
          ? 'nodeRepairConfig.enabled is not set'
          : `nodeRepairConfig.enabled is ${JSON.stringify(enabled)}`;
    return failIfAny([
      {
        path: config === undefined ? 'nodeRepairConfig' : 'nodeRepairConfig.enabled',
        message: `${subject}: ${how}, so EKS leaves nodes that stay unhealthy in service (node auto repair is off by default); set nodeRepairConfig: { enabled: true }`,
      },
    ]);
  },
};
