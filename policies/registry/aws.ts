import type { ResourceRule } from '../engine/types';

/** Rules over the inputs of AWS resources (any EKS stack's plan, not only ours). */
export const awsRules: readonly ResourceRule[] = [];
