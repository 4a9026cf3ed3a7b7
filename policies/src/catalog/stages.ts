import { admissionForm } from '../admission/forms';
import type { Rule } from '../engine/types';
import { findRule } from '../registry';
import type { Control } from './types';

/**
 * Where a control is enforced: `preview` (the CrossGuard pack at `pulumi preview`), `synth` (`enforceRules`
 * when a cdk8s app synthesizes), `ci` (`harden check` on manifests) and `admission` (in the cluster: the
 * generated ValidatingAdmissionPolicies, or Pod Security Admission for the Pod Security Standards).
 */
export const ENFORCEMENT_STAGES = ['preview', 'synth', 'ci', 'admission'] as const;
/** One of {@link ENFORCEMENT_STAGES}. */
export type EnforcementStage = (typeof ENFORCEMENT_STAGES)[number];

/** What enforces a rule at admission: our policy, Pod Security Admission, or nothing. */
export function admissionEnforcer(
  rule: Rule,
): 'ValidatingAdmissionPolicy' | 'Pod Security Admission' | undefined {
  if (admissionForm(rule.id)) return 'ValidatingAdmissionPolicy';
  return rule.target === 'kubernetes' && rule.id.startsWith('pss-') ? 'Pod Security Admission' : undefined;
}

/** The stages a rule runs at: AWS rules at preview; Kubernetes rules also at synth and in CI, and at admission when they can be. */
export function ruleStages(rule: Rule): EnforcementStage[] {
  if (rule.target === 'aws') return ['preview'];
  return ['preview', 'synth', 'ci', ...(admissionEnforcer(rule) ? (['admission'] as const) : [])];
}

/** The stages at which any of a control's rules is enforced, in {@link ENFORCEMENT_STAGES} order. */
export function controlStages(control: Control): EnforcementStage[] {
  const stages = new Set<EnforcementStage>();
  for (const id of control.enforcement.rules ?? []) {
    const rule = findRule(id);
    if (rule) for (const stage of ruleStages(rule)) stages.add(stage);
  }
  return ENFORCEMENT_STAGES.filter((stage) => stages.has(stage));
}
