import { SEVERITIES, type Severity } from '@eks-hardening/rules';
import type { EvaluatedResource, ScoredFinding } from '@eks-hardening/rules/cli';
import type { AuditResult } from './evaluate';

/**
 * The findings of an audit for a person: grouped by resource (AWS resources by type token, Kubernetes objects
 * by kind and namespace, each kubelet by node), exempted findings with their reason, then one summary line.
 */
export function renderAuditText(result: AuditResult): string {
  const { resources, findings } = result.part;
  const byResource = new Map<string, ScoredFinding[]>();
  for (const finding of findings) {
    const list = byResource.get(finding.resourceKey);
    if (list) list.push(finding);
    else byResource.set(finding.resourceKey, [finding]);
  }
  const ruleWidth = Math.max(0, ...findings.map((finding) => finding.rule.length));
  const labelWidth = Math.max(...SEVERITIES.map((severity) => severity.length), 'exempted'.length);
  const lines: string[] = [];
  for (const resource of resources) {
    const list = byResource.get(resource.key);
    if (!list) continue;
    lines.push(heading(resource));
    for (const finding of list) {
      const label = finding.exemption
        ? 'exempted'
        : finding.status === 'unknown'
          ? 'unknown'
          : finding.severity;
      lines.push(`    ${label.padEnd(labelWidth)}  ${finding.rule.padEnd(ruleWidth)}  ${finding.message}`);
      if (finding.exemption) {
        lines.push(
          `    ${''.padEnd(labelWidth)}  ${''.padEnd(ruleWidth)}  reason (${finding.exemption.source}): ${finding.exemption.reason}`,
        );
      }
    }
    lines.push('');
  }
  const open = findings.filter((finding) => !finding.exemption && finding.status === 'fail');
  const undecided = new Set(
    findings.filter((finding) => !finding.exemption && finding.status === 'unknown').map((f) => f.rule),
  );
  const counts = SEVERITIES.map((severity): [Severity, number] => [
    severity,
    open.filter((finding) => finding.severity === severity).length,
  ])
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const failing = new Set(open.map((finding) => finding.resourceKey)).size;
  const read = resources.filter((resource) => resource.type !== 'evidence not read').length;
  lines.push(
    open.length === 0
      ? `No findings on ${count(read, 'resource')} of ${result.subject}.`
      : `${count(open.length, 'finding')} (${counts.join(', ')}) on ${count(failing, 'resource')} of ${count(read, 'resource')} read, ${result.subject}.`,
  );
  const exempted = findings.filter((finding) => finding.exemption).length;
  if (exempted > 0) lines.push(`${count(exempted, 'finding')} exempted (listed above with the reason).`);
  if (undecided.size > 0) {
    lines.push(`${count(undecided.size, 'rule')} could not decide: evidence was not read (see stderr).`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line per gap, for stderr: what could not be read, the answer, the fix, and what it leaves unverified. */
export function renderGaps(result: Pick<AuditResult, 'gaps'>, command: string): string {
  return result.gaps
    .map(({ gap, rules }) => {
      const leaves =
        rules.length === 0
          ? 'no rule reads it'
          : `unverified: ${rules.length <= 6 ? rules.join(', ') : `${rules.slice(0, 6).join(', ')} and ${rules.length - 6} more`}`;
      return `harden ${command}: could not read ${gap.what}: ${gap.error}; ${gap.fix} (${leaves})\n`;
    })
    .join('');
}

function heading(resource: EvaluatedResource): string {
  if (resource.type === 'evidence not read') return `Not read: ${resource.name} (${resource.source})`;
  if (resource.type.includes(':'))
    return `${resource.type.slice(resource.type.lastIndexOf(':') + 1)} ${resource.name} (${resource.type})`;
  return `${resource.type} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name} (${resource.source})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
