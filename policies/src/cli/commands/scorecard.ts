import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { controls } from '../../catalog';
import { parsePssVersion } from '../../engine/pss-version';
import { version } from '../../version';
import { EXIT } from '../exit-codes';
import { type HardenExtension, needsPulumiPackage } from '../extension';
import type { CliIo } from '../io';
import type { ScorecardPart } from '../scorecard/sources';

/** What `harden scorecard` was asked to score. */
interface ScorecardOptions {
  readonly program?: string;
  readonly stackConfig?: string;
  readonly policyPackConfig?: string;
  readonly config?: string;
  readonly pssVersion?: string;
  readonly baseline?: string;
  readonly out: string;
}

/**
 * `harden scorecard [paths…] [--program file]`: the compliance scorecard for any input: Kubernetes manifests
 * (checked with every rule, as `harden check --profile all`), the offline preview of a Pulumi program, or both.
 */
export function scorecardCommand(
  io: CliIo,
  setExit: (code: number) => void,
  extensions: readonly HardenExtension[] = [],
): Command {
  return new Command('scorecard')
    .description(
      'write a compliance scorecard (JSON, SARIF, HTML) for Kubernetes manifests and/or the offline preview of a Pulumi program',
    )
    .argument('[paths...]', 'manifest files or directories (.yaml, .yml, .json), or - for stdin')
    .option(
      '--program <path>',
      "a Pulumi program to plan under the mock runtime (needs @eks-hardening/pulumi): a module (.ts or .js) or a project directory (its Pulumi.yaml 'main')",
    )
    .option('--stack-config <file>', 'with --program: a Pulumi stack config file (Pulumi.<stack>.yaml)')
    .option('--policy-pack-config <file>', 'policy pack configuration (JSON) for the planned resources')
    .option('--config <file>', 'harden check configuration for the manifests (exemptions, registries, …)')
    .option('--pss-version <version>', "Pod Security Standards version for the manifests: 'latest' or 'v1.N'")
    .option(
      '--baseline <report>',
      'an earlier scorecard.json (or `harden check --format json` report): show the score change per framework and the fixed and new findings',
    )
    .addOption(new Option('--out <dir>', 'where to write scorecard.{json,sarif,html}').default('dist/report'))
    .action(async (paths: string[], opts: ScorecardOptions) =>
      setExit(await runScorecard(paths, opts, io, extensions)),
    );
}

async function runScorecard(
  paths: readonly string[],
  opts: ScorecardOptions,
  io: CliIo,
  extensions: readonly HardenExtension[],
): Promise<number> {
  if (paths.length === 0 && opts.program === undefined) {
    io.stderr.write(
      'harden scorecard: nothing to score; name manifest paths (e.g. `harden scorecard deploy/`) and/or a Pulumi program (`--program .`)\n',
    );
    return EXIT.usage;
  }
  const scoreProgram = extensions.find((extension) => extension.scoreProgram)?.scoreProgram;
  if (opts.program !== undefined && !scoreProgram) {
    io.stderr.write(`harden scorecard: ${needsPulumiPackage('--program')}\n`);
    return EXIT.usage;
  }
  const pssVersion = parsePssVersionOption(opts.pssVersion, io);
  if (pssVersion === null) return EXIT.usage;
  // The scorecard's model and writers load when it runs, not on every `harden` start.
  const sources = require('../scorecard/sources') as typeof import('../scorecard/sources');
  const { buildScorecard } =
    require('../scorecard/build-scorecard') as typeof import('../scorecard/build-scorecard');
  const { nothingExamined, renderScorecardSummary, scorecardExitCode, writeScorecard } =
    require('../scorecard/write-reports') as typeof import('../scorecard/write-reports');
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
      await writeReport({ ...check, findings: [] }, 'text', { ...io, stdout: { write: () => true } });
      return EXIT.usage;
    }
    parts.push(sources.partFromCheck(check));
    subjects.push(`manifests: ${paths.join(', ')}`);
  }

  if (opts.program !== undefined && scoreProgram) {
    const scored = await scoreProgram(
      {
        program: opts.program,
        ...(opts.stackConfig ? { stackConfig: opts.stackConfig } : {}),
        ...(opts.policyPackConfig ? { policyPackConfig: opts.policyPackConfig } : {}),
      },
      io,
    );
    if ('error' in scored) {
      io.stderr.write(`harden scorecard: ${scored.error}\n`);
      return EXIT.usage;
    }
    parts.push(scored.part);
    subjects.push(scored.subject);
  }

  const input = sources.mergeParts(subjects.join('; '), parts);
  let card = buildScorecard(controls, input, { name: 'harden', version });
  if (opts.baseline !== undefined) {
    const { readBaseline } =
      require('../baseline/read-baseline') as typeof import('../baseline/read-baseline');
    const { baselineChange } =
      require('../scorecard/baseline-change') as typeof import('../scorecard/baseline-change');
    const read = readBaseline(opts.baseline, io.cwd);
    if ('error' in read) {
      io.stderr.write(`harden scorecard: error: ${read.error.file}: ${read.error.message}\n`);
      return EXIT.usage;
    }
    card = { ...card, baseline: baselineChange(card, input, read.baseline) };
  }
  const files = writeScorecard(card, resolve(io.cwd, opts.out), io.cwd);
  io.stdout.write(renderScorecardSummary(card, files, io.cwd));
  const empty = nothingExamined(card);
  if (empty) io.stderr.write(`harden scorecard: ${empty}\n`);
  return scorecardExitCode(card);
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
