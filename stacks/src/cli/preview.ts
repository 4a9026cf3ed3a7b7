import { resolve } from 'node:path';
import { allRules, findRule } from '@eks-hardening/rules';
import {
  type CliIo,
  describeUnexamined,
  EXIT,
  type UnexaminedType,
  unexaminedTypes,
} from '@eks-hardening/rules/cli';
import { StackConfigError } from '../config';
import { PackConfigError } from '../pack/config';
import { preparePlan } from '../pack/evaluate';
import type { PlanViolation } from '../pack/evaluate-plan';
import { PACK_NAME } from '../pack/policies';
import { PlanError, type StackPlan } from '../testing/plan';
import { version } from '../version';
import type { PreviewFormat } from './index';
import {
  evaluatePlanInOrder,
  type OfflinePlanRequest,
  planOffline,
  readPackConfigFile,
} from './plan-offline';
import { examinedUrns, judgedResources } from './plan-part';
import { OfflineInputError } from './stack-config';

/** What `harden preview` was asked to do. */
export interface PreviewRequest extends OfflinePlanRequest {
  /** A `--policy-pack-config` JSON file, as `pulumi preview` takes it. */
  readonly policyPackConfig?: string;
}

/** What an offline preview planned and what the policy pack said about it. */
export interface PreviewReport {
  readonly pack: { readonly name: string; readonly version: string };
  /** What was planned: the program's path, or the built-in cluster. */
  readonly program: string;
  /** Every resource the program registered (stack and components included), as `pulumi preview` counts them. */
  readonly planned: number;
  /** The judged resources (custom resources and plugin components) some rule examined. */
  readonly examined: number;
  /** Types of the judged resources no rule examined, most resources first. */
  readonly unexamined: readonly UnexaminedType[];
  readonly violations: readonly PlanViolation[];
}

/** A planned stack and what the policy pack said about it. */
export interface EvaluatedPlan {
  readonly plan: StackPlan;
  /** Violations in plan order. */
  readonly violations: readonly PlanViolation[];
}

/** The errors an offline run reports as bad input (exit 2) rather than as an internal error. */
export function isOfflineInputError(error: unknown): error is Error {
  return (
    error instanceof StackConfigError ||
    error instanceof PackConfigError ||
    error instanceof OfflineInputError ||
    error instanceof PlanError
  );
}

/** Runs `harden preview` with parsed options; resolves to its exit code. */
export async function previewAction(
  opts: PreviewRequest & { format: PreviewFormat },
  io: CliIo,
): Promise<number> {
  let report: PreviewReport;
  try {
    report = await runPreview(opts, io.cwd);
  } catch (error) {
    if (!isOfflineInputError(error)) throw error;
    io.stderr.write(`harden preview: ${error.message}\n`);
    return EXIT.usage;
  }
  io.stdout.write(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderPreview(report));
  if (report.examined === 0) {
    io.stderr.write(
      `harden preview: no rule examined anything: ${describeUnexamined(report.unexamined) || 'the program planned no resources'}\n`,
    );
    return EXIT.usage;
  }
  return report.violations.some((violation) => violation.enforcementLevel === 'mandatory')
    ? EXIT.findings
    : EXIT.ok;
}

/**
 * Plans the program under the mock runtime and evaluates every planned custom resource with the policy pack's
 * rules, configuration and enforcement levels, in process: the engine of `harden preview` and the scorecard.
 * Throws StackConfigError, PackConfigError, OfflineInputError or PlanError.
 */
export async function planAndEvaluate(request: PreviewRequest, cwd: string): Promise<EvaluatedPlan> {
  const packConfig =
    request.policyPackConfig === undefined
      ? undefined
      : readPackConfigFile(resolve(cwd, request.policyPackConfig));
  const plan = await planOffline(request, cwd);
  return { plan, violations: evaluatePlanInOrder(plan, packConfig) };
}

/** {@link planAndEvaluate}, summarised as `harden preview` prints it. */
export async function runPreview(request: PreviewRequest, cwd: string): Promise<PreviewReport> {
  const { plan, violations } = await planAndEvaluate(request, cwd);
  const judged = judgedResources(plan).filter((resource) => !resource.type.startsWith('pulumi:providers:'));
  const examined = examinedUrns(preparePlan(judged), allRules);
  return {
    pack: { name: PACK_NAME, version },
    program: request.program ?? 'HardenedEksCluster and ClusterBaseline stacks (built in)',
    planned: plan.resources.length,
    examined: judged.filter((resource) => examined.has(resource.urn)).length,
    unexamined: unexaminedTypes(
      judged.map((resource) => ({ type: resource.type, examined: examined.has(resource.urn) })),
    ),
    violations,
  };
}

/** The report the way `pulumi preview` prints its Policies section. */
export function renderPreview(report: PreviewReport): string {
  const { violations } = report;
  const mandatory = violations.filter((violation) => violation.enforcementLevel === 'mandatory').length;
  const advisory = violations.length - mandatory;
  const pack = `${report.pack.name}@v${report.pack.version}`;
  const lines = [
    `Previewing ${report.program} under the Pulumi mock runtime (no cloud account, no Pulumi CLI)`,
    '',
    'Policies:',
    `    ${mandatory > 0 ? '❌' : violations.length > 0 ? '⚠️ ' : '✅'} ${pack}`,
  ];
  for (const violation of violations) {
    lines.push(
      `        - [${violation.enforcementLevel}]  ${violation.policyName}  (${violation.type}: ${violation.name})`,
      `          ${findRule(violation.policyName)?.description ?? ''}`,
      `          ${violation.diagnostic}`,
    );
  }
  lines.push('', 'Resources:', `    + ${report.planned} to create`);
  const unexamined = describeUnexamined(report.unexamined);
  if (unexamined) lines.push(`    ${unexamined} (no rule reads them)`);
  lines.push('');
  lines.push(
    violations.length === 0
      ? 'No policy violations.'
      : `${mandatory} mandatory and ${advisory} advisory policy violation${violations.length === 1 ? '' : 's'}.`,
    '',
  );
  return lines.join('\n');
}
