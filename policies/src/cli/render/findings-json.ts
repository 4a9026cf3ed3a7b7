import {
  type CheckFinding,
  type CheckReport,
  type CheckSummary,
  summarize,
  uncheckedKinds,
} from './check-report';
import { arraySlot, prettyJsonChunks } from './json-chunks';

/**
 * `harden check --format json`: one JSON object with the run's settings, a summary, `findings` (each with
 * file, documentIndex, apiVersion, kind, namespace, name, rule, controls, severity, message, path, and
 * `exempted` plus `exemption` when one covers it), input `errors` and `warnings`, and `uncheckedKinds`: the
 * kinds (with apiVersion and count) of the objects no rule examined, counted in `summary.unchecked`.
 */
export function renderFindingsJson(report: CheckReport, summary: CheckSummary = summarize(report)): string {
  return [...renderFindingsJsonChunks(report, summary)].join('');
}

/** {@link renderFindingsJson} in chunks, for writing a large report without holding all of it. */
export function renderFindingsJsonChunks(
  report: CheckReport,
  summary: CheckSummary = summarize(report),
): Generator<string> {
  const unchecked = uncheckedKinds(report);
  const document = {
    profile: report.profile,
    pssVersion: report.pssVersion,
    summary: {
      files: report.files,
      objects: report.objects,
      findings: summary.open,
      exempted: summary.exempted,
      bySeverity: summary.bySeverity,
      errors: summary.errors,
      warnings: summary.warnings,
      unchecked: unchecked.reduce((sum, entry) => sum + entry.count, 0),
    },
    findings: arraySlot,
    errors: report.errors.map((error) => ({
      file: error.file,
      line: error.line ?? null,
      column: error.column ?? null,
      message: error.message,
    })),
    warnings: report.warnings.map((warning) => ({
      file: warning.file ?? null,
      line: warning.line ?? null,
      message: warning.message,
    })),
    uncheckedKinds: unchecked,
  };
  return prettyJsonChunks(document, report.findings, jsonFinding);
}

function jsonFinding(finding: CheckFinding) {
  return {
    file: finding.file,
    documentIndex: finding.documentIndex,
    ...(finding.itemIndex === undefined ? {} : { itemIndex: finding.itemIndex }),
    line: finding.line ?? null,
    apiVersion: finding.apiVersion,
    kind: finding.kind,
    namespace: finding.namespace,
    name: finding.name,
    rule: finding.rule,
    controls: finding.controls,
    severity: finding.severity,
    message: finding.message,
    path: finding.path,
    exempted: finding.exemption !== undefined,
    ...(finding.exemption ? { exemption: finding.exemption } : {}),
  };
}
