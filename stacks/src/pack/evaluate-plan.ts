import type { Rule } from '@eks-hardening/rules';
import { allRules } from '@eks-hardening/rules';
import { policySettings, resolvePackConfig } from './config';
import {
  evaluateRule,
  outcomeLevel,
  outcomeMessage,
  type PlannedResource,
  preparePlan,
  type RuleOutcome,
} from './evaluate';
import type { StackContext } from './stack-config';

/** One violation as `pulumi preview --policy-pack policies` would report it. */
export interface PlanViolation extends RuleOutcome {
  /** The rule id. */
  readonly policyName: string;
  readonly enforcementLevel: 'advisory' | 'mandatory';
  /** The resource's type token and name ('' for a URN not in the plan). */
  readonly type: string;
  readonly name: string;
  /** {@link outcomeMessage}: the finding, with its exemption when one covers it. */
  readonly diagnostic: string;
}

/** What to evaluate a plan with. */
export interface PlanEvaluationOptions {
  /** @default every rule of the registries */
  readonly rules?: readonly Rule[];
  /** A `--policy-pack-config` document (parsed JSON). @default none: every rule at its default level */
  readonly config?: unknown;
  /** The configuration of the stack the resources belong to, as the CLI passes it (`PULUMI_CONFIG`). @default none */
  readonly stack?: StackContext;
}

/**
 * Evaluates every planned resource in process, exactly as the policy pack does over gRPC: the same
 * rules, configuration, enforcement levels, unknown handling and exemptions. The engine of `harden preview`
 * and of the in-process benchmark. Throws PackConfigError on invalid configuration.
 */
export function evaluatePlan(
  resources: readonly PlannedResource[],
  options: PlanEvaluationOptions = {},
): PlanViolation[] {
  const rules = options.rules ?? allRules;
  const config = resolvePackConfig(rules, options.config);
  const prepared = preparePlan(resources);
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const violations: PlanViolation[] = [];
  for (const rule of rules) {
    const resolved = config.get(rule.id)!;
    if (resolved.enforcementLevel === 'disabled') continue;
    const level = resolved.enforcementLevel;
    const settings = policySettings(rule, resolved.properties, options.stack);
    for (const outcome of evaluateRule(rule, prepared.resources, settings, prepared.covered)) {
      const resource = byUrn.get(outcome.urn);
      violations.push({
        ...outcome,
        policyName: rule.id,
        enforcementLevel: outcomeLevel(outcome, level),
        type: resource?.type ?? '',
        name: resource?.name ?? '',
        diagnostic: outcomeMessage(outcome),
      });
    }
  }
  return violations;
}
