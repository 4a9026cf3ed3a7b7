import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/** The five EKS control-plane log types, in the order the EKS API lists them. */
export const EKS_CONTROL_PLANE_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
] as const;

/**
 * EKS clusters send all five control-plane log types (api, audit, authenticator, controllerManager,
 * scheduler) to CloudWatch Logs. EKS enables none by default. One finding per missing type.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export const eksControlPlaneLogging: ResourceRule = {
  id: 'eks-control-plane-logging',
  target: 'aws',
  title: 'EKS control-plane logging enables all five log types',
  description:
    'An EKS cluster lists api, audit, authenticator, controllerManager and scheduler in enabledClusterLogTypes, so control-plane activity is auditable.',
  severity: 'medium',
  resourceTypes: ['aws:eks/cluster:Cluster'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Cluster/${name}`;
    const types = inputs.enabledClusterLogTypes;
    if (isUnknown(types)) {
      return unknownAt('enabledClusterLogTypes', `${subject}: enabledClusterLogTypes is not known yet`);
    }
    const list = Array.isArray(types) ? types : [];
    const missing = EKS_CONTROL_PLANE_LOG_TYPES.filter((type) => !list.includes(type));
    if (missing.length === 0) return PASS;
    // Entries not known yet may be the missing types: only a shortfall larger than them is certain.
    const unknownEntries = list.filter(isUnknown).length;
    if (missing.length <= unknownEntries) {
      return unknownAt(
        'enabledClusterLogTypes',
        `${subject}: enabledClusterLogTypes has entries that are not known yet`,
      );
    }
    const how =
      list.length === 0 ? 'enabledClusterLogTypes is not set' : 'enabledClusterLogTypes does not include it';
    return failIfAny(
      missing.map((type) => ({
        path: 'enabledClusterLogTypes',
        message: `${subject}: control-plane log type '${type}' is not enabled (${how}); add '${type}' to enabledClusterLogTypes`,
      })),
    );
  },
};
