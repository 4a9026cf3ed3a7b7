import type {
  Exemption,
  LocatedManifest,
  Manifest,
  ManifestRule,
  ManifestSetRule,
  PssVersion,
  RuleOptions,
} from '@eks-hardening/rules';
import {
  annotationsOf,
  type EvaluatedFinding,
  evaluateManifests,
  type ManifestEvaluation,
  ruleOptions,
  rulesForProfile,
} from '@eks-hardening/rules';
import { ApiObject, App, Chart } from 'cdk8s';
import { PATCHED_ANNOTATION } from './l1-object';

export type { Manifest } from '@eks-hardening/rules';

/**
 * An exemption declared for a whole chart (or app): rule id and non-empty reason, optionally narrowed to
 * objects (kind, namespace, name with `*`) and to findings at or below a field path.
 */
export type ChartExemption = Omit<Exemption, 'source'>;

/** Options of {@link validateChart} and {@link enforceRules}. */
export interface ValidateChartOptions {
  /** Rules to run. @default profile `all`: the restricted Pod Security Standards rules and every Kubernetes rule */
  readonly rules?: readonly (ManifestRule | ManifestSetRule)[];
  /** Settings the rules read. @default the engine's defaults (PSS latest, any registry, digest not required) */
  readonly ruleOptions?: Partial<RuleOptions>;
  /** Exemptions in code, reported like in-manifest ones. @default none */
  readonly exemptions?: readonly ChartExemption[];
  /** Honour `eks-hardening.io/exempt-*` annotations. @default true */
  readonly allowAnnotationExemptions?: boolean;
  /** Objects deployed alongside (another chart's namespaces) that whole-input rules may see; never reported. @default none */
  readonly context?: readonly Manifest[];
}

/** The result of validating one chart (or every chart of an app). */
export interface ChartValidation {
  /** Every object that was checked. */
  readonly manifests: readonly Manifest[];
  /** Every finding, exempted ones included (each carries its exemption). */
  readonly findings: readonly EvaluatedFinding[];
  /** The findings that fail synth: not exempted. */
  readonly blocking: readonly EvaluatedFinding[];
  /** Exemption annotations that exempt nothing (no reason), as messages. */
  readonly invalidExemptions: readonly string[];
  /**
   * Objects changed after construction by JSON patches (escape hatches), with the `op path` of each patch:
   * the rules checked the patched objects; this says which objects are not what their construct made.
   */
  readonly patched: readonly { readonly key: string; readonly patches: readonly string[] }[];
  readonly evaluation: ManifestEvaluation;
}

/** The rules {@link validateChart} runs by default: profile `all` (what `harden check` runs) at `pssVersion`. */
export function defaultChartRules(pssVersion: PssVersion): readonly (ManifestRule | ManifestSetRule)[] {
  return rulesForProfile('all', pssVersion);
}

/** One synthesized object with the construct path that made it (the key findings carry). */
export interface ChartObject {
  /** Construct path of the ApiObject, e.g. `shop/api/Resource`: unique in the app. */
  readonly path: string;
  readonly manifest: Manifest;
}

/**
 * The objects a chart synthesizes (its own API objects, not those of nested charts) with their construct
 * paths, without running the app's validations, so it is safe to call from a validation.
 */
export function chartObjects(chart: Chart): ChartObject[] {
  return chart.node
    .findAll()
    .filter((child): child is ApiObject => ApiObject.isApiObject(child) && Chart.of(child) === chart)
    .map((object) => ({ path: object.node.path, manifest: object.toJson() as Manifest }));
}

/** The objects a chart synthesizes, as plain data (see {@link chartObjects}). */
export function chartManifests(chart: Chart): Manifest[] {
  return chartObjects(chart).map((object) => object.manifest);
}

/**
 * Runs the rules engine over every object of `chart`, including objects our constructs did not make, and
 * returns the findings. Exempted findings are returned too, marked; only `blocking` ones should fail a build.
 * Each finding's key is the construct path of its object.
 */
export function validateChart(chart: Chart, options: ValidateChartOptions = {}): ChartValidation {
  return validateObjects(chartObjects(chart), options);
}

/** {@link validateChart} over every chart of an app at once (whole-input rules see all of them). */
export function validateApp(app: App, options: ValidateChartOptions = {}): ChartValidation {
  const charts = app.node.findAll().filter((child): child is Chart => Chart.isChart(child));
  return validateObjects(charts.flatMap(chartObjects), options);
}

/**
 * The error synthesis stops with when a rule reports a finding that is not exempted: one line per finding
 * naming the rule, the object (kind, namespace/name) and the construct path that made it, then any other
 * validation error of the app. It carries no stack trace (the findings are the whole story).
 */
export class RuleViolationError extends Error {
  /** The findings that stopped synthesis. */
  declare readonly findings: readonly EvaluatedFinding[];

  constructor(findings: readonly EvaluatedFinding[], problems: readonly string[], others: readonly string[]) {
    const count = problems.length;
    super(
      [
        `synthesis stopped by enforceRules: ${count} problem${count === 1 ? '' : 's'} with the hardening rules (fix each, or exempt it with a reason):`,
        ...problems.map((line) => `  ${line}`),
        ...(others.length > 0 ? ['other validation errors:', ...others.map((line) => `  ${line}`)] : []),
      ].join('\n'),
    );
    this.name = 'RuleViolationError';
    // Not enumerable, so Node prints the message alone when the error goes uncaught.
    Object.defineProperty(this, 'findings', { value: findings, enumerable: false });
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Makes synthesis of `scope` (an App: all its charts together; or one Chart) fail while any rule reports a
 * finding that is not exempted. `app.synth()` then throws a {@link RuleViolationError} listing every finding
 * with its object, construct path, field and fix.
 */
export function enforceRules(scope: App | Chart, options: ValidateChartOptions = {}): void {
  let last: { findings: readonly EvaluatedFinding[]; lines: readonly string[] } = { findings: [], lines: [] };
  scope.node.addValidation({
    validate: () => {
      const result = Chart.isChart(scope)
        ? validateChart(scope, options)
        : validateApp(scope as App, options);
      const patched = new Map(result.patched.map(({ key, patches }) => [key, patches.join(', ')]));
      const line = (finding: EvaluatedFinding) => {
        const patches = patched.get(finding.key);
        return `${formatFinding(finding)}${patches ? ` [changed after construction by JSON patch: ${patches}]` : ''}`;
      };
      last = {
        findings: result.blocking,
        lines: [...result.blocking.map(line), ...result.invalidExemptions],
      };
      return [...last.lines];
    },
  });
  const root = scope.node.root;
  if (!(root instanceof App) || STOPS_WITH_RULE_ERRORS.has(root)) return;
  STOPS_WITH_RULE_ERRORS.add(root);
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = root[method].bind(root) as () => unknown;
    // cdk8s joins every validation message into one Error prefixed with the construct path ('[]' for the
    // App) and a stack trace; this re-throws ours as a RuleViolationError, keeping the other messages.
    Object.defineProperty(root, method, {
      configurable: true,
      value: () => {
        try {
          return original();
        } catch (error) {
          if (
            !(error instanceof Error) ||
            last.lines.length === 0 ||
            !error.message.startsWith(CDK8S_VALIDATION)
          ) {
            throw error;
          }
          const ours = new Set(last.lines.map((line) => `[${scope.node.path}] ${line}`));
          const others = error.message
            .slice(CDK8S_VALIDATION.length)
            .split('\n  ')
            .map((line) => line.trim())
            .filter((line) => line !== '' && !ours.has(line));
          throw new RuleViolationError(last.findings, last.lines, others);
        }
      },
    });
  }
}

/** How cdk8s's App.synth starts the error of failed validations. */
const CDK8S_VALIDATION = 'Validation failed with the following errors:';
const STOPS_WITH_RULE_ERRORS = new WeakSet<App>();

/**
 * One finding as a line: `[rule] <message> (<Kind> <namespace>/<name>, construct <path>)`, the object named as
 * kubectl does and the construct that made it (its key).
 */
export function formatFinding(finding: EvaluatedFinding): string {
  const exempted = finding.exemption ? ` (exempted: ${finding.exemption.reason})` : '';
  const object = `${finding.kind || '<no kind>'} ${finding.namespace ? `${finding.namespace}/` : ''}${finding.name || '<unnamed>'}`;
  return `[${finding.rule}] ${finding.message}${exempted} (${object}, construct ${finding.key})`;
}

function validateObjects(objects: readonly ChartObject[], options: ValidateChartOptions): ChartValidation {
  const inputs: LocatedManifest[] = objects.map(({ path, manifest }) => ({ key: path, manifest }));
  const context = (options.context ?? []).map((manifest, index) => ({ key: `context#${index}`, manifest }));
  const exemptions: Exemption[] = (options.exemptions ?? []).map((exemption, index) => {
    if (typeof exemption.reason !== 'string' || exemption.reason.trim() === '') {
      throw new Error(
        `validateChart: 'exemptions[${index}].reason' must say why rule '${exemption.rule}' does not apply; got ${JSON.stringify(exemption.reason)}. Write the reason.`,
      );
    }
    return { ...exemption, reason: exemption.reason.trim(), source: 'validateChart' };
  });
  const settings = ruleOptions(options.ruleOptions);
  const evaluation = evaluateManifests([...inputs, ...context], {
    rules: options.rules ?? defaultChartRules(settings.pssVersion),
    options: settings,
    exemptions,
    allowAnnotationExemptions: options.allowAnnotationExemptions,
  });
  const own = new Set(inputs.map((input) => input.key));
  const findings = evaluation.findings.filter((finding) => own.has(finding.key));
  return {
    manifests: inputs.map((input) => input.manifest),
    findings,
    blocking: findings.filter((finding) => !finding.exemption),
    invalidExemptions: evaluation.invalidExemptions
      .filter((invalid) => own.has(invalid.key))
      .map((invalid) => `${invalid.message} (${invalid.key})`),
    patched: objects.flatMap(({ path, manifest }) => {
      const annotation = annotationsOf(manifest)[PATCHED_ANNOTATION];
      return annotation ? [{ key: path, patches: annotation.split(', ') }] : [];
    }),
    evaluation,
  };
}
