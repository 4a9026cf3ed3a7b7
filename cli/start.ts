import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allRules, controls, version } from '@eks-hardening/rules';
import {
  buildScorecard,
  type CliIo,
  progressReporter,
  renderScorecardSummary,
  scorecardExitCode,
  writeScorecard,
} from '@eks-hardening/rules/cli';
import { Command } from 'commander';

/** Where the main job writes, relative to the working directory. */
export const MANIFESTS_DIR = join('dist', 'manifests');
/** Where the main job writes the scorecard, relative to the working directory. */
export const REPORT_DIR = join('dist', 'report');

/**
 * `harden start` (`npm start`): the whole blueprint offline. Synthesizes the blueprints, plans the cluster
 * stack and the in-cluster baseline stack (reading the cluster plan's outputs) under Pulumi's mock runtime, evaluates every planned resource and every manifest with all rules, and
 * writes the scorecard. Exits 0 only when nothing fails.
 */
export function startCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('start')
    .description(
      'the main job, offline: synthesize the blueprints, preview the cluster and baseline stacks under the Pulumi mock runtime, evaluate everything with all rules and write the compliance scorecard (dist/report)',
    )
    .action(async () => setExit(await runMainJob(io)));
}

/** Runs the four steps of the main job with progress on stderr; resolves to the exit code. */
export async function runMainJob(io: CliIo): Promise<number> {
  // Loaded here, not at start-up: they pull in cdk8s and the Pulumi runtime, which other commands don't need.
  // (require, not import(): the CLI runs through tsx's CommonJS hook.)
  const { blueprintApp } = require('../blueprints') as typeof import('../blueprints');
  const { constructsPresent } =
    require('@eks-hardening/constructs') as typeof import('@eks-hardening/constructs');
  const { planOffline, evaluatePlanInOrder, partFromPlan } =
    require('@eks-hardening/pulumi/offline') as typeof import('@eks-hardening/pulumi/offline');
  const { runCheck, mergeParts, partFromCheck } =
    require('@eks-hardening/rules/cli') as typeof import('@eks-hardening/rules/cli');
  const progress = progressReporter(io, 4);
  const manifestsDir = join(io.cwd, MANIFESTS_DIR);

  const synthesized = await progress.step(
    'Synthesizing the blueprints with the hardened constructs',
    () => {
      rmSync(manifestsDir, { recursive: true, force: true });
      const app = blueprintApp(manifestsDir);
      app.synth();
      return { charts: app.charts.length, constructs: constructsPresent(app) };
    },
    ({ charts }) => `${charts} charts in ${MANIFESTS_DIR}`,
  );

  const plan = await progress.step(
    'Previewing the cluster and baseline stacks offline (Pulumi mock runtime)',
    () => planOffline({}, io.cwd),
    (planned) => `${planned.resources.length} resources planned`,
  );

  const evaluated = await progress.step(
    'Evaluating every planned resource and manifest with all rules',
    async () => {
      const violations = evaluatePlanInOrder(plan);
      const check = await runCheck({ paths: [relative(io.cwd, manifestsDir) || '.'], profile: 'all' }, io);
      if (check.errors.length > 0) {
        throw new Error(
          `cannot read the synthesized manifests: ${check.errors.map((e) => e.message).join('; ')}`,
        );
      }
      const manifests = partFromCheck(check);
      return {
        objects: check.objects,
        input: mergeParts(
          'EKS hardening blueprint: cluster and baseline stacks (offline preview) and blueprint manifests',
          [
            partFromPlan(plan, violations, allRules),
            { ...manifests, defaultsPresent: synthesized.constructs },
          ],
        ),
      };
    },
    ({ input, objects }) =>
      `${input.resources.length - objects} planned resources and ${objects} manifest objects, ${input.findings.length} findings`,
  );

  const { card, files } = await progress.step(
    'Writing the compliance scorecard',
    () => {
      const card = buildScorecard(controls, evaluated.input, { name: 'harden', version });
      return { card, files: writeScorecard(card, join(io.cwd, REPORT_DIR), io.cwd) };
    },
    ({ files }) => relative(io.cwd, files.html),
  );
  io.stdout.write(renderScorecardSummary(card, files, io.cwd));
  return scorecardExitCode(card);
}
