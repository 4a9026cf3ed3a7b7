import type { Rule } from '../engine/types';
import { awsRules, awsSetRules } from './aws';
import { kubeletRules } from './kubelet';
import { kubernetesRules } from './kubernetes';
import { pssRules } from './pss';

export { awsRules, awsSetRules, kubeletRules, kubernetesRules, pssRules };

/** Every rule the project has, in report order. */
export const allRules: readonly Rule[] = [...pssRules, ...kubernetesRules, ...awsRules, ...awsSetRules];

/** The rule with this id, or undefined. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}
