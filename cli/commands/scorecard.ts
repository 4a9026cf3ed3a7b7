import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { version } from '../../package.json';
import { controls } from '../../policies/catalog';
import { parsePssVersion } from '../../policies/engine/pss-version';
import { allRules } from '../../policies/registry';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { buildScorecard } from '../scorecard/build-scorecard';
import type { ScorecardPart } from '../scorecard/sources';
import { renderScorecardSummary, scorecardExitCode, writeScorecard } from '../scorecard/write-reports';

/** What `harden scorecard` was asked to score. */
interface ScorecardOptions {
  readonly program?: string;
  readonly stackConfig?: string;
  readonly policyPackConfig?: string;
  readonly config?: string;
  readonly pssVersion?: string;
  readonly out: string;
}

/**
 * `harden scorecard [paths…] [--program file]`: the compliance scorecard for any input: Kubernetes manifests
 * (checked with every rule, as `harden check --profile all`), the offline preview of a Pulumi program, or both.
 */
export function scorecardCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('scorecard')
    .description(
      'write a compliance scorecard (JSON, SARIF, HTML) for Kubernetes manifests and/or the offline preview of a Pulumi program',
    )
    .argument('[paths...]', 'manifest files or directories (.yaml, .yml, .json), or - for stdin')
    .option(
      '--program <file>',
      "a Pulumi program (TypeScript or JavaScript module) to plan under the mock runtime; it must resolve '@pulumi/pulumi' to this installation. Use 'stacks' for this blueprint's cluster stack",
    )
    .option(
      '--stack-config <file>',
      'with --program stacks: a Pulumi stack config file (Pulumi.<stack>.yaml)',
    )
    .option('--policy-pack-config <file>', 'policy pack configuration (JSON) for the planned resources')
    .option('--config <file>', 'harden check configuration for the manifests (exemptions, registries, …)')
    .option('--pss-version <version>', "Pod Security Standards version for the manifests: 'latest' or 'v1.N'")
    .addOption(new Option('--out <dir>', 'where to write scorecard.{json,sarif,html}').default('dist/report'))
    .action(async (paths: string[], opts: ScorecardOptions) => setExit(await runScorecard(paths, opts, io)));
}

async function runScorecard(paths: readonly string[], opts: ScorecardOptions, io: CliIo): Promise<number> {
  if (paths.length === 0 && opts.program === undefined) {
    io.stderr.write(
      'harden scorecard: nothing to score; name manifest paths (e.g. `harden scorecard deploy/`) and/or a program (`--program stacks`)\n',
    );
    return EXIT.usage;
  }
  const pssVersion = parsePssVersionOption(opts.pssVersion, io);
  if (pssVersion === null) return EXIT.usage;
  const sources = require('../scorecard/sources') as typeof import('../scorecard/sources');
  const parts: ScorecardPart[] = [];
  const subjects: string[] = [];

  if (paths.length > 0) {
    const { runCheck, writeReport } = require('./check') as typeof import('./check');
    const check = await runCheck(
      {
        paths,
        profile: 'all',
        ...(pssVersion ? { pssVersion } : {}),
        ...(opts.config ? { config: opts.config } : {}),
      },
      io,
    );
    if (check.errors.length > 0) {
      writeReport({ ...check, findings: [] }, 'text', { ...io, stdout: { write: () => true } });
      return EXIT.usage;
    }
    parts.push(sources.partFromCheck(check));
    subjects.push(`manifests: ${paths.join(', ')}`);
  }

  if (opts.program !== undefined) {
    try {
      const plan = await planProgramFile(opts, io.cwd);
      const { evaluatePlanInOrder } = require('./preview') as typeof import('./preview');
      const packConfig = opts.policyPackConfig
        ? JSON.parse(readFileSync(resolve(io.cwd, opts.policyPackConfig), 'utf8'))
        : undefined;
      parts.push(sources.partFromPlan(plan, evaluatePlanInOrder(plan, packConfig), allRules));
      subjects.push(`Pulumi program: ${opts.program} (offline preview)`);
    } catch (error) {
      io.stderr.write(`harden scorecard: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT.usage;
    }
  }

  const card = buildScorecard(controls, sources.mergeParts(subjects.join('; '), parts), {
    name: 'harden',
    version,
  });
  const files = writeScorecard(card, resolve(io.cwd, opts.out), io.cwd);
  io.stdout.write(renderScorecardSummary(card, files, io.cwd));
  return scorecardExitCode(card);
}

/** Plans `--program` under the mock runtime: this blueprint's stack for `stacks`, else any program module. */
async function planProgramFile(opts: ScorecardOptions, cwd: string) {
  if (opts.program === 'stacks') {
    const { planOffline } = require('./preview') as typeof import('./preview');
    return planOffline(opts.stackConfig ? { stackConfig: opts.stackConfig } : {}, cwd);
  }
  const file = resolve(cwd, opts.program!);
  const { planProgram } = require('../../stacks/testing/plan') as typeof import('../../stacks/testing/plan');
  return planProgram(async () => {
    // A Pulumi program registers its resources when its module runs; its exports are the stack outputs.
    const exported = require(file) as Record<string, unknown> & { default?: unknown };
    const outputs = typeof exported.default === 'function' ? await exported.default() : exported;
    return { ...(outputs as Record<string, unknown>) };
  });
}

function parsePssVersionOption(
  text: string | undefined,
  io: CliIo,
): ReturnType<typeof parsePssVersion> | undefined | null {
  if (text === undefined) return undefined;
  try {
    return parsePssVersion(text);
  } catch (error) {
    io.stderr.write(`harden scorecard: --pss-version: ${(error as Error).message}\n`);
    return null;
  }
}
