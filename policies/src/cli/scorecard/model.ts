import type { AdmissionEvidence } from '../../admission/evidence';
import type { EnforcementStage } from '../../catalog/stages';
import type { Control, Framework } from '../../catalog/types';
import type { RuleTally } from '../../engine/evaluate-manifests';
import type { Severity } from '../../engine/severity';
import type { ScorecardBaseline } from './baseline-change';

/** The status of one control in a scorecard. */
export const CONTROL_STATUSES = [
  'pass',
  'fail',
  'exempted',
  'unverified',
  'manual',
  'not-applicable',
] as const;
/** One of {@link CONTROL_STATUSES}. `unverified`: an input was unknown at preview. */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** Something that was evaluated: a manifest in a file, or a resource planned by a Pulumi program. */
export interface EvaluatedResource {
  /** Stable key (file#document or URN); used as the anchor the HTML links findings to. */
  readonly key: string;
  /** `Deployment` or a Pulumi type token such as `aws:eks/cluster:Cluster`. */
  readonly type: string;
  readonly name: string;
  readonly namespace?: string;
  /** Where it came from: the manifest file, or `pulumi preview (offline)`. */
  readonly source: string;
  /**
   * False when no rule read it: its type is listed among the scorecard's unexamined types, and it is no
   * evidence for any control. Absent means examined.
   */
  readonly examined?: boolean;
}

/** A resource type no rule examined, with how many resources of it were evaluated. */
export interface UnexaminedType {
  readonly type: string;
  readonly count: number;
}

/** One finding as the scorecard shows it. */
export interface ScoredFinding {
  readonly resourceKey: string;
  readonly rule: string;
  /** Catalog control ids the rule checks. */
  readonly controls: readonly string[];
  readonly severity: Severity;
  readonly status: 'fail' | 'unknown';
  readonly path: string;
  readonly message: string;
  readonly exemption?: { readonly reason: string; readonly source: string };
}

/** Everything a scorecard is computed from. */
export interface ScorecardInput {
  /** What was evaluated (title shown on the report). */
  readonly subject: string;
  readonly resources: readonly EvaluatedResource[];
  readonly findings: readonly ScoredFinding[];
  /** Per rule id, how many objects passed/failed/…; a rule absent here did not run. */
  readonly tallies: ReadonlyMap<string, RuleTally>;
  /** Secure-default providers (construct or component class names) present in what was evaluated. */
  readonly defaultsPresent: ReadonlySet<string>;
  /** Rules enforced at admission by ValidatingAdmissionPolicies (with bindings) among what was evaluated. */
  readonly admission?: readonly AdmissionEvidence[];
}

/** One control's result, with its evidence. */
export interface ControlResult {
  readonly control: Control;
  readonly status: ControlStatus;
  /**
   * The catalog's severity, or the most severe of its open findings when one is more severe (a restricted
   * finding that also violates a baseline check), so the table never shows a finding below its own severity.
   */
  readonly severity: Severity;
  /** Why the status is what it is, in one sentence. */
  readonly summary: string;
  readonly rules: readonly { readonly id: string; readonly tally: RuleTally }[];
  readonly defaults: readonly string[];
  readonly findings: readonly ScoredFinding[];
  /** Where the control's rules run: preview, synth, ci, admission. */
  readonly stages: readonly EnforcementStage[];
  /** The admission policies present for the control's rules (evidence that the cluster enforces it). */
  readonly admission: readonly AdmissionEvidence[];
}

/** One framework's score: satisfied / applicable controls. */
export interface FrameworkScore {
  readonly framework: Framework;
  readonly title: string;
  readonly satisfied: number;
  readonly applicable: number;
  /** satisfied / applicable; null when nothing applicable was evaluated: no evidence, not a pass. */
  readonly score: number | null;
  readonly counts: Readonly<Record<ControlStatus, number>>;
}

/** A whole scorecard. */
export interface Scorecard {
  readonly subject: string;
  readonly generatedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly frameworks: readonly FrameworkScore[];
  readonly controls: readonly ControlResult[];
  readonly resources: readonly EvaluatedResource[];
  /** Types of the evaluated resources no rule examined, most resources first. */
  readonly unexamined: readonly UnexaminedType[];
  readonly totals: {
    readonly findings: number;
    readonly exempted: number;
    readonly unverified: number;
    /** Resources some rule examined. */
    readonly examined: number;
  };
  /** Progress since `--baseline` (an earlier scorecard.json or check report), when one was given. */
  readonly baseline?: ScorecardBaseline;
}
