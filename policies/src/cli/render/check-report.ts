import type { ManifestEvaluation, RuleTally } from '../../engine/evaluate-manifests';
import type { Exemption } from '../../engine/exemptions';
import type { KubernetesRule, Profile } from '../../engine/profiles';
import { SEVERITIES, type Severity } from '../../engine/severity';
import type { InputError, LoadedObject } from '../load/types';

/** One finding of `harden check`, located in the input. */
export interface CheckFinding {
  /** The path as the user named it (joined with the path below a named directory); `-` for stdin. */
  readonly file: string;
  /** 0-based document index in the file. */
  readonly documentIndex: number;
  /** 0-based index in a `List`'s items, when the object came from one. */
  readonly itemIndex?: number;
  /** 1-based line where the object starts, when known. */
  readonly line?: number;
  readonly apiVersion: string;
  readonly kind: string;
  /** `null` when the object names no namespace. */
  readonly namespace: string | null;
  readonly name: string;
  readonly rule: string;
  readonly controls: readonly string[];
  readonly severity: Severity;
  readonly message: string;
  /** Field path inside the object. */
  readonly path: string;
  /** Set when a declared exemption covers the finding; exempted findings are still reported. */
  readonly exemption?: Pick<Exemption, 'reason' | 'source'>;
}

/** Something the user should know that does not stop the check (an exemption that exempts nothing). */
export interface CheckWarning {
  readonly file?: string;
  readonly line?: number;
  readonly message: string;
}

/** Everything a `harden check` run found, ready for any output format. */
export interface CheckReport {
  readonly profile: Profile;
  /** `latest` or `v1.N`. */
  readonly pssVersion: string;
  /** The rules that ran, in report order. */
  readonly rules: readonly KubernetesRule[];
  /** Files read (stdin counts as one). */
  readonly files: number;
  /** Kubernetes objects checked. */
  readonly objects: number;
  /** In input order: by file, document, list item; then by rule order. */
  readonly findings: readonly CheckFinding[];
  readonly errors: readonly InputError[];
  readonly warnings: readonly CheckWarning[];
  /** Per rule id, how many objects passed, failed or were out of scope (for the scorecard). */
  readonly tallies: ReadonlyMap<string, RuleTally>;
  /** Where each checked object came from, keyed as the findings are ({@link objectKey}). */
  readonly located: readonly LoadedObject[];
  /** Keys ({@link objectKey}) of the objects no rule examined: their kinds are reported as unchecked. */
  readonly unchecked?: readonly string[];
}

/** A kind of which some objects no rule examined, with their count. */
export interface UncheckedKind {
  readonly kind: string;
  readonly apiVersion: string;
  readonly count: number;
}

/** The kinds of the objects no rule examined, most objects first (then by kind). */
export function uncheckedKinds(report: Pick<CheckReport, 'located' | 'unchecked'>): UncheckedKind[] {
  if (!report.unchecked || report.unchecked.length === 0) return [];
  const keys = new Set(report.unchecked);
  const counts = new Map<string, UncheckedKind>();
  for (const object of report.located) {
    if (!keys.has(objectKey(object))) continue;
    const kind =
      typeof object.manifest.kind === 'string' && object.manifest.kind ? object.manifest.kind : '<no kind>';
    const apiVersion = typeof object.manifest.apiVersion === 'string' ? object.manifest.apiVersion : '';
    const id = `${apiVersion}\u0000${kind}`;
    const entry = counts.get(id);
    counts.set(id, { kind, apiVersion, count: (entry?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

/**
 * `12 objects of unchecked kinds: Widget (9), Gadget (3); no rule that ran reads them, so they were not checked
 * (name the pod spec of a workload kind under workloads in the config file)`; `''` when every object was read.
 */
export function describeUnchecked(kinds: readonly UncheckedKind[]): string {
  if (kinds.length === 0) return '';
  const total = kinds.reduce((sum, entry) => sum + entry.count, 0);
  const byKind = new Map<string, number>();
  for (const entry of kinds) byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + entry.count);
  const list = [...byKind].map(([kind, count]) => (count > 1 ? `${kind} (${count})` : kind)).join(', ');
  return `${total} object${total === 1 ? '' : 's'} of ${byKind.size === 1 ? 'an unchecked kind' : 'unchecked kinds'}: ${list}; no rule that ran reads them, so they were not checked (if a kind runs pods, name its pod spec under workloads in the config file)`;
}

/** Counts for a report's summary line. */
export interface CheckSummary {
  /** Findings not covered by an exemption. */
  readonly open: number;
  readonly exempted: number;
  /** Open findings per severity. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Objects with at least one open finding. */
  readonly failingObjects: number;
  readonly errors: number;
  readonly warnings: number;
}

/** The key an object is evaluated under: `file#document` or `file#document.item`. */
export function objectKey(object: Pick<LoadedObject, 'file' | 'documentIndex' | 'itemIndex'>): string {
  return object.itemIndex === undefined
    ? `${object.file}#${object.documentIndex}`
    : `${object.file}#${object.documentIndex}.${object.itemIndex}`;
}

/**
 * Locates the engine's findings in the input and orders them by object (whole-input rules report after
 * every object; their findings are moved to the object they are about).
 */
export function locateFindings(
  objects: readonly LoadedObject[],
  evaluation: ManifestEvaluation,
): CheckFinding[] {
  const ordinal = new Map<string, number>();
  objects.forEach((object, index) => {
    ordinal.set(objectKey(object), index);
  });
  const located: { order: number; finding: CheckFinding }[] = [];
  for (const finding of evaluation.findings) {
    const order = ordinal.get(finding.key);
    if (order === undefined) continue;
    const object = objects[order]!;
    located.push({
      order,
      finding: {
        file: object.file,
        documentIndex: object.documentIndex,
        ...(object.itemIndex === undefined ? {} : { itemIndex: object.itemIndex }),
        ...(object.line === undefined ? {} : { line: object.line }),
        apiVersion: finding.apiVersion,
        kind: finding.kind,
        namespace: finding.namespace ?? null,
        name: finding.name,
        rule: finding.rule,
        controls: finding.controls,
        severity: finding.severity,
        message: finding.message,
        path: finding.path,
        ...(finding.exemption ? { exemption: finding.exemption } : {}),
      },
    });
  }
  // Array.prototype.sort is stable: findings of one object keep the engine's rule order.
  located.sort((a, b) => a.order - b.order);
  return located.map((entry) => entry.finding);
}

/** Counts a report's findings, errors and warnings. */
export function summarize(report: CheckReport): CheckSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  let open = 0;
  let exempted = 0;
  let failingObjects = 0;
  let previous: CheckFinding | undefined;
  for (const finding of report.findings) {
    if (finding.exemption) {
      exempted++;
      continue;
    }
    open++;
    bySeverity[finding.severity]++;
    // Findings are ordered by object, so an object's open findings are next to each other.
    if (!previous || !sameObject(previous, finding)) failingObjects++;
    previous = finding;
  }
  return {
    open,
    exempted,
    bySeverity,
    failingObjects,
    errors: report.errors.length,
    warnings: report.warnings.length,
  };
}

function sameObject(a: CheckFinding, b: CheckFinding): boolean {
  return a.documentIndex === b.documentIndex && a.itemIndex === b.itemIndex && a.file === b.file;
}

/** `file:line:column` as compilers print it (parts that are unknown are left out). */
export function locationText(location: { file?: string; line?: number; column?: number }): string {
  let text = location.file ?? '';
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}
