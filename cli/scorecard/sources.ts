import type { IConstruct } from 'constructs';
import { controlsForRule } from '../../policies/catalog';
import { SECURE_DEFAULTS } from '../../policies/catalog/references';
import { emptyTally, type RuleTally } from '../../policies/engine/evaluate-manifests';
import type { Rule } from '../../policies/engine/types';
import { kindOf, nameOf, namespaceOf } from '../../policies/kubernetes/object';
import { type PreparedResource, prepareResource } from '../../policies/pack/evaluate';
import type { PlanViolation } from '../../policies/pack/evaluate-plan';
import type { StackPlan } from '../../stacks/testing/plan';
import { type CheckReport, objectKey } from '../render/check-report';
import type { ScorecardInput } from './model';

/** Where a Pulumi program's resources are said to come from in the scorecard. */
export const OFFLINE_PREVIEW_SOURCE = 'pulumi preview (offline, mock runtime)';

/** The part of a scorecard's input one source contributes. */
export type ScorecardPart = Omit<ScorecardInput, 'subject'>;

/** What `harden check` found in manifest files, as scorecard evidence. */
export function partFromCheck(report: CheckReport): ScorecardPart {
  return {
    resources: report.located.map((object) => ({
      key: objectKey(object),
      type: kindOf(object.manifest) || '<no kind>',
      name: nameOf(object.manifest) || '<unnamed>',
      ...(namespaceOf(object.manifest) ? { namespace: namespaceOf(object.manifest) } : {}),
      source: object.line ? `${object.file}:${object.line}` : object.file,
    })),
    findings: report.findings.map((finding) => ({
      resourceKey: objectKey(finding),
      rule: finding.rule,
      controls: finding.controls,
      severity: finding.severity,
      status: 'fail',
      path: finding.path,
      message: finding.message,
      ...(finding.exemption ? { exemption: finding.exemption } : {}),
    })),
    tallies: report.tallies,
    defaultsPresent: new Set(),
  };
}

/**
 * What the policy pack found in a planned program, as scorecard evidence. `violations` come from
 * `evaluatePlan` (the pack's own levels and exemptions); tallies count, per rule, the planned resources in its
 * scope and how many of them had an outcome. Components of ours present in the plan (`eks-hardening:stacks:X`)
 * count as secure defaults present.
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
        .filter((resource) => resource.type.startsWith('eks-hardening:stacks:'))
        .map((resource) => resource.type.slice('eks-hardening:stacks:'.length)),
    ),
  };
}

/** Joins the parts of several sources into one scorecard input (tallies add up). */
export function mergeParts(subject: string, parts: readonly ScorecardPart[]): ScorecardInput {
  const tallies = new Map<string, RuleTally>();
  for (const part of parts) {
    for (const [rule, tally] of part.tallies) {
      const sum = tallies.get(rule) ?? emptyTally();
      for (const key of Object.keys(sum) as (keyof RuleTally)[]) sum[key] += tally[key];
      tallies.set(rule, sum);
    }
  }
  return {
    subject,
    resources: parts.flatMap((part) => part.resources),
    findings: parts.flatMap((part) => part.findings),
    tallies,
    defaultsPresent: new Set(parts.flatMap((part) => [...part.defaultsPresent])),
  };
}

function inScopeOf(rule: Rule, resource: PreparedResource): boolean {
  if (rule.target === 'aws') return rule.resourceTypes.includes(resource.resource.type);
  if (!resource.manifest) return false;
  return rule.target === 'kubernetes-set' || rule.kinds.includes(kindOf(resource.manifest));
}

/** Our constructs (secure-default providers) used in a cdk8s app, by class name. */
export function constructsPresent(root: IConstruct): Set<string> {
  const known = new Set<string>(SECURE_DEFAULTS);
  return new Set(
    root.node
      .findAll()
      .map((construct) => construct.constructor.name)
      .filter((name) => known.has(name)),
  );
}
