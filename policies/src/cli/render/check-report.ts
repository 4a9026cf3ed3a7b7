import type { EvaluatedFinding, RuleTally } from '../../engine/evaluate-manifests';
import type { Exemption } from '../../engine/exemptions';
import type { KubernetesRule, Profile } from '../../engine/profiles';
import { SEVERITIES, type Severity, severityRank } from '../../engine/severity';
import { groupOf, isLookalike } from '../../kubernetes/built-in-kinds';
import type { BaselineComparison } from '../baseline/compare';
import type { LoadedObject, ObjectLocation } from '../load/types';

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

/**
 * Why some input went unchecked: an input error (a file that cannot be read or parsed, a broken object, a bad
 * config or baseline), which names its file, or a rule that failed on the whole input, which names none.
 */
export interface CheckError {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
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
  /** The lowest severity of an open finding that fails the check (`--fail-on`); `low` fails on any. */
  readonly failOn: Severity;
  /** The rules that ran, in report order. */
  readonly rules: readonly KubernetesRule[];
  /** Files read (stdin counts as one). */
  readonly files: number;
  /** Of {@link files}, those not checked: not Kubernetes manifests, or templates (each has a warning). */
  readonly skippedFiles: number;
  /** Kubernetes objects checked. */
  readonly objects: number;
  /** In input order: by file, document, list item; then by rule order. */
  readonly findings: readonly CheckFinding[];
  readonly errors: readonly CheckError[];
  readonly warnings: readonly CheckWarning[];
  /** Per rule id, how many objects passed, failed or were out of scope (for the scorecard). */
  readonly tallies: ReadonlyMap<string, RuleTally>;
  /** Where each checked object came from, keyed as the findings are ({@link objectKey}). */
  readonly located: readonly LoadedObject[];
  /** The findings against `--baseline` (an earlier JSON report), when one was given. */
  readonly baseline?: { readonly file: string } & BaselineComparison;
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
  for (const entry of kinds) {
    // A kind of another API group that has a built-in kind's name (a Volcano Job) is named with its group.
    const manifest = { apiVersion: entry.apiVersion, kind: entry.kind };
    const label = isLookalike(manifest) ? `${entry.kind} of ${groupOf(manifest)}` : entry.kind;
    byKind.set(label, (byKind.get(label) ?? 0) + entry.count);
  }
  const list = [...byKind].map(([kind, count]) => (count > 1 ? `${kind} (${count})` : kind)).join(', ');
  const [them, they] = total === 1 ? ['it', 'it was'] : ['them', 'they were'];
  return `${total} object${total === 1 ? '' : 's'} of ${byKind.size === 1 ? 'an unchecked kind' : 'unchecked kinds'}: ${list}; no rule that ran reads ${them}, so ${they} not checked (if a kind runs pods, name its pod spec under workloads in the config file)`;
}

/** Counts for a report's summary line. */
export interface CheckSummary {
  /** Findings not covered by an exemption. */
  readonly open: number;
  readonly exempted: number;
  /** Open findings per severity. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Open findings at or above the report's `failOn`: the ones that make the check exit 1. */
  readonly failing: number;
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
 * The engine's findings located in the input, ordered by object, built as objects are read: each object's
 * findings as it is checked, then those of the whole-input rules, which report after every object and are
 * moved to the object they are about (a stable counting sort, so an object's findings keep rule order).
 */
export class FindingLocator {
  private readonly findings: CheckFinding[] = [];
  private readonly orders: number[] = [];
  private sorted = true;

  /** Adds the findings on the object at position `order` of the input. */
  add(order: number, object: ObjectLocation, findings: readonly EvaluatedFinding[]): void {
    if (findings.length === 0) return;
    if (this.orders.length > 0 && order < this.orders[this.orders.length - 1]!) this.sorted = false;
    for (const finding of findings) {
      this.orders.push(order);
      this.findings.push(checkFinding(object, finding));
    }
  }

  /** Every finding added, in input order, for an input of `objects` objects. */
  located(objects: number): CheckFinding[] {
    const { findings, orders } = this;
    if (this.sorted) return findings;
    const starts = new Array<number>(objects + 1).fill(0);
    for (const order of orders) starts[order + 1]!++;
    for (let i = 1; i < starts.length; i++) starts[i]! += starts[i - 1]!;
    const result = new Array<CheckFinding>(findings.length);
    for (let i = 0; i < findings.length; i++) result[starts[orders[i]!]!++] = findings[i]!;
    return result;
  }
}

/** A finding of the engine, located at the object it is about. */
function checkFinding(object: ObjectLocation, finding: EvaluatedFinding): CheckFinding {
  const located: {
    -readonly [K in keyof CheckFinding]: CheckFinding[K];
  } = {
    file: object.file,
    documentIndex: object.documentIndex,
    apiVersion: finding.apiVersion,
    kind: finding.kind,
    namespace: finding.namespace ?? null,
    name: finding.name,
    rule: finding.rule,
    controls: finding.controls,
    severity: finding.severity,
    message: finding.message,
    path: finding.path,
  };
  if (object.itemIndex !== undefined) located.itemIndex = object.itemIndex;
  if (object.line !== undefined) located.line = object.line;
  if (finding.exemption) located.exemption = finding.exemption;
  return located;
}

/** Counts a report's findings, errors and warnings. */
export function summarize(report: CheckReport): CheckSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  let open = 0;
  let failing = 0;
  let exempted = 0;
  const failRank = severityRank(report.failOn);
  let failingObjects = 0;
  let previous: CheckFinding | undefined;
  for (const finding of report.findings) {
    if (finding.exemption) {
      exempted++;
      continue;
    }
    open++;
    bySeverity[finding.severity]++;
    if (severityRank(finding.severity) <= failRank) failing++;
    // Findings are ordered by object, so an object's open findings are next to each other.
    if (!previous || !sameObject(previous, finding)) failingObjects++;
    previous = finding;
  }
  return {
    open,
    exempted,
    bySeverity,
    failing,
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
