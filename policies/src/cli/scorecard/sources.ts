import { admissionEvidence } from '../../admission/evidence';
import { type EvaluatedFinding, emptyTally, type RuleTally } from '../../engine/evaluate-manifests';
import { kindOf, nameOf, namespaceOf } from '../../kubernetes/object';
import { type CheckReport, objectKey } from '../render/check-report';
import type { ScorecardInput, ScoredFinding } from './model';

/** Where a Pulumi program's resources are said to come from in the scorecard. */
export const OFFLINE_PREVIEW_SOURCE = 'pulumi preview (offline, mock runtime)';

/** The part of a scorecard's input one source contributes. */
export type ScorecardPart = Omit<ScorecardInput, 'subject'>;

/** What `harden check` found in manifest files, as scorecard evidence. */
export function partFromCheck(report: CheckReport): ScorecardPart {
  const unchecked = new Set(report.unchecked ?? []);
  return {
    resources: report.located.map((object) => ({
      key: objectKey(object),
      type: kindOf(object.manifest) || '<no kind>',
      name: nameOf(object.manifest) || '<unnamed>',
      ...(namespaceOf(object.manifest) ? { namespace: namespaceOf(object.manifest) } : {}),
      source: object.line ? `${object.file}:${object.line}` : object.file,
      ...(unchecked.has(objectKey(object)) ? { examined: false } : {}),
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
    admission: admissionEvidence(report.located.map((object) => object.manifest)),
  };
}

/** A finding of {@link evaluateManifests} as scorecard evidence, keyed by the object it is about. */
export function scoredFinding(finding: EvaluatedFinding): ScoredFinding {
  return {
    resourceKey: finding.key,
    rule: finding.rule,
    controls: finding.controls,
    severity: finding.severity,
    status: finding.status,
    path: finding.path,
    message: finding.message,
    ...(finding.exemption ? { exemption: finding.exemption } : {}),
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
    admission: parts.flatMap((part) => part.admission ?? []),
  };
}
