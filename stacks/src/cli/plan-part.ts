import {
  admissionEvidence,
  controlsForRule,
  emptyTally,
  isCloudRule,
  kindOf,
  type Rule,
  type RuleTally,
} from '@eks-hardening/rules';
import { OFFLINE_PREVIEW_SOURCE, type ScorecardPart } from '@eks-hardening/rules/cli';
import { COMPONENT_TYPE_PREFIX } from '../component-type';
import { type PreparedPlan, type PreparedResource, preparePlan } from '../pack/evaluate';
import type { PlanViolation } from '../pack/evaluate-plan';
import type { PlannedResource, StackPlan } from '../testing/plan';

/**
 * The planned resources the pack judges: custom resources and the components a provider plugin implements
 * (`@pulumi/eks`, `@pulumi/awsx`), whose children are never planned offline. Local components are left out:
 * their children are planned and judged one by one.
 */
export function judgedResources(plan: StackPlan): PlannedResource[] {
  return plan.resources.filter((resource) => resource.custom || resource.remote);
}

/** Provider resources (`pulumi:providers:aws`) configure the engine, not infrastructure: never listed as unexamined. */
function isProvider(resource: PlannedResource): boolean {
  return resource.type.startsWith('pulumi:providers:');
}

/**
 * The URNs of the judged resources some rule examined: a resource (or a resource its component mapping
 * creates) of a type one of `rules` judges or reads as context. A child left out because its component's
 * mapping covers it counts as examined through the component.
 */
export function examinedUrns(prepared: PreparedPlan, rules: readonly Rule[]): Set<string> {
  const examined = new Set(prepared.covered.keys());
  for (const resource of prepared.resources) {
    if (rules.some((rule) => inScopeOf(rule, resource) || readsAsContext(rule, resource)))
      examined.add(resource.resource.urn);
  }
  return examined;
}

/**
 * What the policy pack found in a planned program, as scorecard evidence. `violations` come from
 * `evaluatePlan` (the pack's own levels and exemptions); tallies count, per rule, the planned resources in its
 * scope and how many of them had an outcome. Each judged resource says whether any rule examined it. Components
 * of ours present in the plan (`eks-hardening:stacks:X`) count as secure defaults present, and the admission
 * policies it plans (with bindings) as admission evidence.
 */
export function partFromPlan(
  plan: StackPlan,
  violations: readonly PlanViolation[],
  rules: readonly Rule[],
): ScorecardPart {
  const judged = judgedResources(plan);
  const preparedPlan = preparePlan(judged);
  const tallies = new Map<string, RuleTally>();
  const examined = examinedUrns(preparedPlan, rules);
  for (const rule of rules) {
    const inScope = new Set(
      preparedPlan.resources
        .filter((resource) => inScopeOf(rule, resource))
        .map((resource) => resource.resource.urn),
    ).size;
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
      'not-applicable': Math.max(0, judged.length - inScope),
    });
  }
  return {
    resources: judged
      .filter((resource) => !isProvider(resource))
      .map((resource) => ({
        key: resource.urn,
        type: resource.type,
        name: resource.name,
        source: OFFLINE_PREVIEW_SOURCE,
        examined: examined.has(resource.urn),
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
      preparedPlan.resources.flatMap((resource) => (resource.manifest ? [resource.manifest] : [])),
    ),
  };
}

function readsAsContext(rule: Rule, resource: PreparedResource): boolean {
  return rule.target === 'aws-set' && rule.contextTypes.includes(resource.resource.type);
}

function inScopeOf(rule: Rule, resource: PreparedResource): boolean {
  if (isCloudRule(rule)) return rule.resourceTypes.includes(resource.resource.type);
  if (!resource.manifest) return false;
  return rule.target === 'kubernetes-set' || rule.kinds.includes(kindOf(resource.manifest));
}
