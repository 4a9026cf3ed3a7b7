import {
  admissionEvidence,
  controlsForRule,
  emptyTally,
  kindOf,
  type Rule,
  type RuleTally,
} from '@eks-hardening/rules';
import { OFFLINE_PREVIEW_SOURCE, type ScorecardPart } from '@eks-hardening/rules/cli';
import { COMPONENT_TYPE_PREFIX } from '../component-type';
import { type PreparedResource, prepareResource } from '../pack/evaluate';
import type { PlanViolation } from '../pack/evaluate-plan';
import type { StackPlan } from '../testing/plan';

/**
 * What the policy pack found in a planned program, as scorecard evidence. `violations` come from
 * `evaluatePlan` (the pack's own levels and exemptions); tallies count, per rule, the planned resources in its
 * scope and how many of them had an outcome. Components of ours present in the plan (`eks-hardening:stacks:X`)
 * count as secure defaults present, and the admission policies it plans (with bindings) as admission evidence.
 */
export function partFromPlan(
  plan: StackPlan,
  violations: readonly PlanViolation[],
  rules: readonly Rule[],
): ScorecardPart {
  const custom = plan.resources.filter((resource) => resource.custom);
  const prepared = custom.map(prepareResource);
  const tallies = new Map<string, RuleTally>();
  for (const rule of rules) {
    const inScope = prepared.filter((resource) => inScopeOf(rule, resource)).length;
    const outcomes = violations.filter((violation) => violation.policyName === rule.id);
    const failed = new Set(outcomes.filter((v) => v.status === 'fail' && !v.exemption).map((v) => v.urn));
    const unknown = new Set(outcomes.filter((v) => v.status === 'unknown' && !v.exemption).map((v) => v.urn));
    const exempted = new Set(outcomes.filter((v) => v.exemption).map((v) => v.urn));
    const touched = new Set([...failed, ...unknown, ...exempted]);
    tallies.set(rule.id, {
      ...emptyTally(),
      pass: Math.max(0, inScope - touched.size),
      fail: failed.size,
      unknown: [...unknown].filter((urn) => !failed.has(urn)).length,
      exempted: [...exempted].filter((urn) => !failed.has(urn) && !unknown.has(urn)).length,
      'not-applicable': prepared.length - inScope,
    });
  }
  return {
    resources: custom.map((resource) => ({
      key: resource.urn,
      type: resource.type,
      name: resource.name,
      source: OFFLINE_PREVIEW_SOURCE,
    })),
    findings: violations.map((violation) => ({
      resourceKey: violation.urn,
      rule: violation.rule,
      controls: controlsForRule(violation.rule).map((control) => control.id),
      severity: rules.find((rule) => rule.id === violation.rule)?.severity ?? 'medium',
      status: violation.status,
      path: violation.path,
      message: violation.message,
      ...(violation.exemption ? { exemption: violation.exemption } : {}),
    })),
    tallies,
    defaultsPresent: new Set(
      plan.resources
        .filter((resource) => resource.type.startsWith(COMPONENT_TYPE_PREFIX))
        .map((resource) => resource.type.slice(COMPONENT_TYPE_PREFIX.length)),
    ),
    admission: admissionEvidence(
      prepared.flatMap((resource) => (resource.manifest ? [resource.manifest] : [])),
    ),
  };
}

function inScopeOf(rule: Rule, resource: PreparedResource): boolean {
  if (rule.target === 'aws') return rule.resourceTypes.includes(resource.resource.type);
  if (!resource.manifest) return false;
  return rule.target === 'kubernetes-set' || rule.kinds.includes(kindOf(resource.manifest));
}
