import type { Manifest } from '../engine/types';
import { asArray, asRecord, asString, nameOf } from '../kubernetes/object';
import type { ValidationAction } from './bindings';
import { isAdmissionObject } from './generate';
import { RULE_LABEL } from './policy';

/** A rule enforced at admission in what was evaluated: its policy, bound with these actions. */
export interface AdmissionEvidence {
  readonly rule: string;
  readonly policy: string;
  /** The actions of its bindings (each once); `Deny` means violations are rejected. */
  readonly actions: readonly ValidationAction[];
}

/**
 * The rules enforced at admission by the generated ValidatingAdmissionPolicies among `manifests`: a policy
 * labelled `eks-hardening.io/rule` counts once a binding in the same set names it.
 */
export function admissionEvidence(manifests: readonly Manifest[]): AdmissionEvidence[] {
  const policies = new Map<string, string>();
  const actions = new Map<string, Set<ValidationAction>>();
  for (const manifest of manifests) {
    if (!isAdmissionObject(manifest)) continue;
    const rule = asString(asRecord(asRecord(manifest.metadata)?.labels)?.[RULE_LABEL]) ?? '';
    if (manifest.kind === 'ValidatingAdmissionPolicy') {
      policies.set(nameOf(manifest), rule);
      continue;
    }
    const spec = asRecord(manifest.spec);
    const policy = asString(spec?.policyName);
    if (!policy) continue;
    const set = actions.get(policy) ?? new Set();
    for (const action of asArray(spec?.validationActions)) {
      if (action === 'Deny' || action === 'Warn' || action === 'Audit') set.add(action);
    }
    actions.set(policy, set);
  }
  return [...policies]
    .filter(([policy]) => actions.has(policy))
    .map(([policy, rule]) => ({ rule, policy, actions: [...actions.get(policy)!] }));
}
