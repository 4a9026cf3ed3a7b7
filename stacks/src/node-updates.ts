import type * as aws from '@pulumi/aws';

/** How many nodes a managed-node-group update may take down at once: a count or a percentage of the group. */
export type MaxUnavailable = { readonly count: number } | { readonly percentage: number };

/** The largest percentage `nodeMaxUnavailable` accepts: above half, an update can empty most of the group. */
export const MAX_UNAVAILABLE_PERCENTAGE = 50;

/** The typed form of a validated `nodeMaxUnavailable` value. */
export function toMaxUnavailable(value: number | `${number}%`): MaxUnavailable {
  return typeof value === 'number' ? { count: value } : { percentage: Number(value.slice(0, -1)) };
}

/**
 * The node group's `updateConfig`: EKS drains and replaces at most this many nodes at a time when a new AMI
 * release, launch template version or Kubernetes version rolls out.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html
 */
export function buildUpdateConfig(value: MaxUnavailable): aws.types.input.eks.NodeGroupUpdateConfig {
  return 'count' in value ? { maxUnavailable: value.count } : { maxUnavailablePercentage: value.percentage };
}

/**
 * The node group's `nodeRepairConfig`: with auto repair on, EKS reboots or replaces nodes whose health
 * conditions (Ready, kubelet, container runtime, disk, network) stay bad; off, a broken node stays in the
 * group until someone notices. EKS leaves it off unless asked. No charge.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html
 */
export function buildNodeRepairConfig(enabled: boolean): aws.types.input.eks.NodeGroupNodeRepairConfig {
  return { enabled };
}
