/**
 * What `@eks-hardening/pulumi` adds to the `harden` command of `@eks-hardening/rules`: `harden preview`, and
 * Pulumi programs as a source of `harden scorecard --program`. `harden` finds this module when the package is
 * installed beside it; it loads the Pulumi runtime only when one of these runs.
 */
import type { CliIo, HardenExtension, ProgramScore, ProgramScoreRequest } from '@eks-hardening/rules/cli';
import { Command, Option } from 'commander';

/** Output formats of `harden preview`. */
export const PREVIEW_FORMATS = ['text', 'json'] as const;
/** One of {@link PREVIEW_FORMATS}. */
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number];

/** `harden preview`: plans a Pulumi program under the mock runtime and runs the policy pack over the plan. */
export function previewCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('preview')
    .description(
      'plan a Pulumi program under the Pulumi mock runtime (no cloud account, no Pulumi CLI) and evaluate the policy pack on every planned resource, as `pulumi preview --policy-pack` would; without --program, plans this repository’s two stacks: the HardenedEksCluster configured by the stack config, and the in-cluster baseline reading its outputs',
    )
    .option(
      '--program <path>',
      "a Pulumi program: a module (.ts or .js) or a project directory (its Pulumi.yaml 'main')",
    )
    .option(
      '--stack-config <file>',
      'a Pulumi stack config file (Pulumi.<stack>.yaml) given to the program; without --program, its eks-hardening:* keys configure the cluster and its eks-hardening-baseline:* keys the baseline; the policy pack reads it as pulumi preview passes it',
    )
    .option(
      '--policy-pack-config <file>',
      'policy pack configuration (JSON), as `pulumi preview --policy-pack-config` takes it',
    )
    .addOption(new Option('--format <format>', 'output format').choices(PREVIEW_FORMATS).default('text'))
    .action(async (opts) => {
      const { previewAction } = require('./preview') as typeof import('./preview');
      setExit(await previewAction(opts, io));
    });
}

/** Plans and evaluates a program for `harden scorecard --program`, as scorecard evidence. */
export async function scoreProgram(request: ProgramScoreRequest, io: CliIo): Promise<ProgramScore> {
  const { planAndEvaluate, isOfflineInputError } = require('./preview') as typeof import('./preview');
  const { partFromPlan } = require('./plan-part') as typeof import('./plan-part');
  const { allRules } = require('@eks-hardening/rules') as typeof import('@eks-hardening/rules');
  try {
    const { plan, violations } = await planAndEvaluate(request, io.cwd);
    return {
      subject: `Pulumi program: ${request.program} (offline preview)`,
      part: partFromPlan(plan, violations, allRules),
    };
  } catch (error) {
    if (isOfflineInputError(error)) return { error: error.message };
    throw error;
  }
}

/** The extension `harden` loads from this package. */
export const extension: HardenExtension = {
  name: '@eks-hardening/pulumi',
  commands: (io, setExit) => [previewCommand(io, setExit)],
  scoreProgram,
};
