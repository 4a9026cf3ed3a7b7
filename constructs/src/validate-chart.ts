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
  type EvaluatedFinding,
  evaluateManifests,
  type ManifestEvaluation,
  ruleOptions,
  rulesForProfile,
} from '@eks-hardening/rules';
import { ApiObject, type App, Chart } from 'cdk8s';

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
  readonly evaluation: ManifestEvaluation;
}

/** The rules {@link validateChart} runs by default: profile `all` (what `harden check` runs) at `pssVersion`. */
export function defaultChartRules(pssVersion: PssVersion): readonly (ManifestRule | ManifestSetRule)[] {
  return rulesForProfile('all', pssVersion);
}

/**
 * The objects a chart synthesizes (its own API objects, not those of nested charts), without running the
 * app's validations, so it is safe to call from a validation.
 */
export function chartManifests(chart: Chart): Manifest[] {
  return chart.node
    .findAll()
    .filter((child): child is ApiObject => ApiObject.isApiObject(child) && Chart.of(child) === chart)
    .map((object) => object.toJson() as Manifest);
}

/**
 * Runs the rules engine over every object of `chart`, including objects our constructs did not make, and
 * returns the findings. Exempted findings are returned too, marked; only `blocking` ones should fail a build.
 */
export function validateChart(chart: Chart, options: ValidateChartOptions = {}): ChartValidation {
  return validateObjects([[chart.node.path || chart.node.id, chartManifests(chart)]], options);
}

/** {@link validateChart} over every chart of an app at once (whole-input rules see all of them). */
export function validateApp(app: App, options: ValidateChartOptions = {}): ChartValidation {
  const charts = app.node.findAll().filter((child): child is Chart => Chart.isChart(child));
  return validateObjects(
    charts.map((chart) => [chart.node.path, chartManifests(chart)]),
    options,
  );
}

/**
 * Makes synthesis of `scope` (an App: all its charts together; or one Chart) fail while any rule reports a
 * finding that is not exempted. The error lists every finding with its object, field and fix.
 */
export function enforceRules(scope: App | Chart, options: ValidateChartOptions = {}): void {
  scope.node.addValidation({
    validate: () => {
      const result = Chart.isChart(scope)
        ? validateChart(scope, options)
        : validateApp(scope as App, options);
      return [...result.blocking.map(formatFinding), ...result.invalidExemptions];
    },
  });
}

/** One finding as a line: `[rule] <message> (<key>)`. */
export function formatFinding(finding: EvaluatedFinding): string {
  const exempted = finding.exemption ? ` (exempted: ${finding.exemption.reason})` : '';
  return `[${finding.rule}] ${finding.message}${exempted} (${finding.key})`;
}

function validateObjects(
  sources: readonly (readonly [string, readonly Manifest[]])[],
  options: ValidateChartOptions,
): ChartValidation {
  const inputs: LocatedManifest[] = [];
  for (const [source, manifests] of sources) {
    manifests.forEach((manifest, index) => {
      inputs.push({ key: `${source}#${index}`, manifest });
    });
  }
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
    evaluation,
  };
}
