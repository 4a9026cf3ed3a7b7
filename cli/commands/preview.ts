import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { PackConfigError } from '../../policies/pack/config';
import { evaluatePlan, type PlanViolation } from '../../policies/pack/evaluate-plan';
import { PACK_NAME } from '../../policies/pack/policies';
import { version as packVersion } from '../../policies/package.json';
import { findRule } from '../../policies/registry';
import type { StackPlan } from '../../stacks/testing/plan';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';

/** Output formats of `harden preview`. */
export const PREVIEW_FORMATS = ['text', 'json'] as const;
/** One of {@link PREVIEW_FORMATS}. */
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number];

/** The Pulumi project whose `<project>:<key>` settings a stack config file holds. */
const PROJECT = 'eks-hardening';

/** What `harden preview` was asked to do. */
export interface PreviewRequest {
  /** A Pulumi stack config file (`Pulumi.<stack>.yaml`); its `eks-hardening:*` keys configure the stack. */
  readonly stackConfig?: string;
  /** A `--policy-pack-config` JSON file, as `pulumi preview` takes it. */
  readonly policyPackConfig?: string;
}

/** What an offline preview planned and what the policy pack said about it. */
export interface PreviewReport {
  readonly pack: { readonly name: string; readonly version: string };
  /** Every resource the program registered (stack and components included), as `pulumi preview` counts them. */
  readonly planned: number;
  readonly violations: readonly PlanViolation[];
}

/** `harden preview`: plans the stack under Pulumi's mock runtime and runs the policy pack over the plan. */
export function previewCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('preview')
    .description(
      'plan the hardened EKS stack under the Pulumi mock runtime (no cloud account, no Pulumi CLI) and evaluate the policy pack on every planned resource, as `pulumi preview --policy-pack policies` would',
    )
    .option(
      '--stack-config <file>',
      "a Pulumi stack config file (Pulumi.<stack>.yaml); default: the stack's embedded defaults",
    )
    .option(
      '--policy-pack-config <file>',
      'policy pack configuration (JSON), as `pulumi preview --policy-pack-config` takes it',
    )
    .addOption(new Option('--format <format>', 'output format').choices(PREVIEW_FORMATS).default('text'))
    .action(async (opts: PreviewRequest & { format: PreviewFormat }) => {
      let report: PreviewReport;
      try {
        report = await runPreview(opts, io.cwd);
      } catch (error) {
        if (
          error instanceof stackModules().StackConfigError ||
          error instanceof PackConfigError ||
          error instanceof PreviewInputError
        ) {
          io.stderr.write(`harden preview: ${error.message}\n`);
          setExit(EXIT.usage);
          return;
        }
        throw error;
      }
      io.stdout.write(
        opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderPreview(report),
      );
      setExit(
        report.violations.some((violation) => violation.enforcementLevel === 'mandatory')
          ? EXIT.findings
          : EXIT.ok,
      );
    });
}

/** A config file that cannot be read or parsed; the message names the file and the problem. */
export class PreviewInputError extends Error {
  override readonly name = 'PreviewInputError';
}

/** A planned stack and what the policy pack said about it. */
export interface EvaluatedPlan {
  readonly plan: StackPlan;
  /** Violations in plan order. */
  readonly violations: readonly PlanViolation[];
}

/**
 * Plans the stack (with the in-cluster baseline) under the mock runtime and evaluates every planned custom
 * resource with the policy pack's rules, configuration and enforcement levels, in process. The engine of
 * `harden preview` and of the scorecard. Throws StackConfigError, PackConfigError or PreviewInputError.
 */
export async function planAndEvaluate(request: PreviewRequest, cwd: string): Promise<EvaluatedPlan> {
  const packConfig =
    request.policyPackConfig === undefined ? undefined : readJson(resolve(cwd, request.policyPackConfig));
  const plan = await planOffline(request, cwd);
  return { plan, violations: evaluatePlanInOrder(plan, packConfig) };
}

/** Plans the stack with its in-cluster baseline under the mock runtime (stack config from `request`). */
export async function planOffline(
  request: Pick<PreviewRequest, 'stackConfig'>,
  cwd: string,
): Promise<StackPlan> {
  const stack =
    request.stackConfig === undefined ? { config: {} } : readStackConfig(resolve(cwd, request.stackConfig));
  const { planStack, baselineManifests } = stackModules();
  return planStack(stack.config, {
    baseline: baselineManifests(),
    ...('region' in stack && stack.region ? { environment: { region: stack.region } } : {}),
  });
}

/** Evaluates a plan's custom resources with the pack (see `evaluatePlan`), violations in plan order. */
export function evaluatePlanInOrder(plan: StackPlan, packConfig?: unknown): PlanViolation[] {
  const custom = plan.resources.filter((resource) => resource.custom);
  const order = new Map(custom.map((resource, index) => [resource.urn, index]));
  return evaluatePlan(custom, { config: packConfig }).sort(
    (a, b) => (order.get(a.urn) ?? 0) - (order.get(b.urn) ?? 0),
  );
}

/** {@link planAndEvaluate}, summarised as `harden preview` prints it. */
export async function runPreview(request: PreviewRequest, cwd: string): Promise<PreviewReport> {
  const { plan, violations } = await planAndEvaluate(request, cwd);
  return { pack: { name: PACK_NAME, version: packVersion }, planned: plan.resources.length, violations };
}

/** The `eks-hardening:*` keys of a stack config file (prefix removed), and its `aws:region`. */
function readStackConfig(file: string): { config: Record<string, unknown>; region?: string } {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PreviewInputError(
      `cannot read stack config ${file}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const entries = (document as { config?: unknown } | null)?.config;
  if (entries === undefined || entries === null) return { config: {} };
  if (typeof entries !== 'object' || Array.isArray(entries)) {
    throw new PreviewInputError(`${file}: 'config' must be a mapping of '<project>:<key>' to values`);
  }
  const config: Record<string, unknown> = {};
  let region: string | undefined;
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value === 'object' && value !== null && 'secure' in value) {
      throw new PreviewInputError(
        `${file}: '${key}' is an encrypted secret, which an offline preview cannot decrypt; remove it or give a plain value`,
      );
    }
    if (key === 'aws:region' && typeof value === 'string') region = value;
    if (key.startsWith(`${PROJECT}:`)) config[key.slice(PROJECT.length + 1)] = value;
  }
  return region ? { config, region } : { config };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PreviewInputError(`cannot read policy pack config ${file}: ${(error as Error).message}`);
  }
}

/** The report the way `pulumi preview` prints its Policies section. */
export function renderPreview(report: PreviewReport): string {
  const { violations } = report;
  const mandatory = violations.filter((violation) => violation.enforcementLevel === 'mandatory').length;
  const advisory = violations.length - mandatory;
  const pack = `${report.pack.name}@v${report.pack.version} (local: policies)`;
  const lines = [
    'Previewing the eks-hardening stack under the Pulumi mock runtime (no cloud account, no Pulumi CLI)',
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
  lines.push('', 'Resources:', `    + ${report.planned} to create`, '');
  lines.push(
    violations.length === 0
      ? 'No policy violations.'
      : `${mandatory} mandatory and ${advisory} advisory policy violation${violations.length === 1 ? '' : 's'}.`,
    '',
  );
  return lines.join('\n');
}

/**
 * The stack modules, loaded on first use: they pull in the Pulumi runtime, the AWS provider types and cdk8s
 * (about a second), which `harden check` and `harden controls` must not pay for at start-up.
 */
function stackModules() {
  return {
    ...(require('../../stacks/config') as typeof import('../../stacks/config')),
    ...(require('../../stacks/testing/plan') as typeof import('../../stacks/testing/plan')),
    ...(require('../../stacks/baseline-manifests') as typeof import('../../stacks/baseline-manifests')),
  };
}
