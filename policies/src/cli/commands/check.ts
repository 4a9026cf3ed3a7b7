import { Command, InvalidArgumentError, Option } from 'commander';
import { evaluateManifests } from '../../engine/evaluate-manifests';
import { EXEMPTION_ANNOTATION_PREFIX } from '../../engine/exemptions';
import { ruleOptions } from '../../engine/options';
import { PROFILES, type Profile, rulesForProfile } from '../../engine/profiles';
import { formatPssVersion, PSS_LATEST, parsePssVersion, pssVersionWarning } from '../../engine/pss-version';
import type { PssVersion } from '../../engine/types';
import { asRecord } from '../../kubernetes/object';
import { findRule } from '../../registry';
import { type CheckConfig, DEFAULT_CHECK_CONFIG, readCheckConfig } from '../config';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { loadInputs } from '../load/load-inputs';
import type { LoadedObject } from '../load/types';
import {
  type CheckReport,
  type CheckSummary,
  type CheckWarning,
  locateFindings,
  objectKey,
  summarize,
} from '../render/check-report';
import { renderFindingsJsonChunks } from '../render/findings-json';
import { renderFindingsText, renderProblems } from '../render/findings-text';
import { renderSarifChunks } from '../render/sarif';

/** Output formats of `harden check`. */
export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
/** One of {@link CHECK_FORMATS}. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** What `harden check` was asked to do. Unset options fall back to the config file, then to the defaults. */
export interface CheckRequest {
  readonly paths: readonly string[];
  readonly profile?: Profile;
  readonly pssVersion?: PssVersion;
  readonly config?: string;
}

/** `harden check`: checks Kubernetes manifests against the rules of a profile. */
export function checkCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('check')
    .description(
      'check Kubernetes manifests (YAML or JSON; multi-document YAML and List objects are read) against the hardening rules',
    )
    .argument(
      '[paths...]',
      'files, directories (read recursively: .yaml, .yml, .json) or - for standard input',
    )
    .addOption(
      new Option('--profile <profile>', "rules to run (default: the config file's, else all)").choices(
        PROFILES,
      ),
    )
    .addOption(
      new Option(
        '--pss-version <version>',
        'Pod Security Standards version: v1.N or latest (default: latest)',
      ).argParser((value: string) => {
        try {
          return parsePssVersion(value);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      }),
    )
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .option('--config <file>', 'YAML or JSON file with settings and exemptions (see cli/config.ts)')
    .action(async function (
      this: Command,
      paths: string[],
      opts: Omit<CheckRequest, 'paths'> & { format: CheckFormat },
    ) {
      if (paths.length === 0) {
        this.error('error: name at least one file or directory to check, or - to read standard input', {
          exitCode: EXIT.usage,
        });
      }
      const report = await runCheck({ ...opts, paths }, io);
      const summary = summarize(report);
      writeReport(report, opts.format, io, summary);
      setExit(checkExitCode(report, summary));
    });
}

/**
 * Runs a check: reads the config and the input, evaluates the profile's rules and returns the report.
 * Never throws on bad input; every problem is in `report.errors`.
 */
export async function runCheck(
  request: CheckRequest,
  io: Pick<CliIo, 'cwd' | 'readStdin'>,
): Promise<CheckReport> {
  let config: CheckConfig = DEFAULT_CHECK_CONFIG;
  if (request.config !== undefined) {
    const read = readCheckConfig(request.config, io.cwd);
    if ('errors' in read) {
      const profile = request.profile ?? 'all';
      const pssVersion = request.pssVersion ?? PSS_LATEST;
      return emptyReport(profile, formatPssVersion(pssVersion), read.errors);
    }
    config = read.config;
  }
  const profile = request.profile ?? config.profile ?? 'all';
  const pssVersion = request.pssVersion ?? config.pssVersion ?? PSS_LATEST;
  const rules = rulesForProfile(profile, pssVersion);
  const loaded = await loadInputs(request.paths, io);
  const evaluation = evaluateManifests(
    loaded.objects.map((object) => ({ key: objectKey(object), manifest: object.manifest })),
    {
      rules,
      options: ruleOptions({
        pssVersion,
        allowedRegistries: config.allowedRegistries ?? [],
        requireImageDigest: config.requireImageDigest ?? false,
        workloads: config.workloads ?? [],
      }),
      exemptions: config.exemptions,
      allowAnnotationExemptions: config.allowAnnotationExemptions,
    },
  );
  const byKey = new Map(loaded.objects.map((object) => [objectKey(object), object]));
  const warnings: CheckWarning[] = evaluation.invalidExemptions.map((invalid) => {
    const object = byKey.get(invalid.key);
    return {
      ...(object ? { file: object.file, ...(object.line ? { line: object.line } : {}) } : {}),
      message: invalid.message,
    };
  });
  warnings.push(...annotationWarnings(loaded.objects, config, request.config));
  const versionWarning = pssVersionWarning(pssVersion);
  if (versionWarning) warnings.unshift({ message: versionWarning });
  return {
    profile,
    pssVersion: formatPssVersion(pssVersion),
    rules,
    files: loaded.files,
    objects: loaded.objects.length,
    findings: locateFindings(loaded.objects, evaluation),
    errors: loaded.errors,
    warnings,
    tallies: evaluation.tallies,
    located: loaded.objects,
    unchecked: evaluation.unexamined,
  };
}

/** Exit code of a check: 2 on any input error, else 1 when a finding is not exempted, else 0. */
export function checkExitCode(report: CheckReport, summary: CheckSummary = summarize(report)): number {
  if (report.errors.length > 0) return EXIT.usage;
  return summary.open > 0 ? EXIT.findings : EXIT.ok;
}

/** Prints the report to stdout in `format`, and errors and warnings to stderr (in every format). */
export function writeReport(
  report: CheckReport,
  format: CheckFormat,
  io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>,
  summary: CheckSummary = summarize(report),
): void {
  if (report.errors.length > 0) io.stderr.write(renderProblems(report.errors, 'error'));
  if (report.warnings.length > 0) io.stderr.write(renderProblems(report.warnings, 'warning'));
  switch (format) {
    case 'json':
      for (const chunk of renderFindingsJsonChunks(report, summary)) io.stdout.write(chunk);
      break;
    case 'sarif':
      for (const chunk of renderSarifChunks(report, { cwd: io.cwd })) io.stdout.write(chunk);
      break;
    case 'text':
      io.stdout.write(
        renderFindingsText(report, { colour: io.stdout.isTTY === true && !process.env.NO_COLOR }),
      );
      break;
  }
}

/**
 * Exemption annotations that cannot take effect: naming a rule that does not exist (a typo exempts
 * nothing), or ignored because the config file turns annotation exemptions off.
 */
function annotationWarnings(
  objects: readonly LoadedObject[],
  config: CheckConfig,
  configFile?: string,
): CheckWarning[] {
  const warnings: CheckWarning[] = [];
  for (const object of objects) {
    const annotations = asRecord(asRecord(object.manifest.metadata)?.annotations);
    if (!annotations) continue;
    for (const annotation in annotations) {
      if (!annotation.startsWith(EXEMPTION_ANNOTATION_PREFIX)) continue;
      const rule = annotation.slice(EXEMPTION_ANNOTATION_PREFIX.length);
      const where = { file: object.file, ...(object.line ? { line: object.line } : {}) };
      if (!config.allowAnnotationExemptions) {
        warnings.push({
          ...where,
          message: `annotation '${annotation}' is ignored because ${configFile ?? 'the config file'} sets allowAnnotationExemptions: false; declare the exemption in the config file instead`,
        });
      } else if (!findRule(rule)) {
        warnings.push({
          ...where,
          message: `annotation '${annotation}' names no rule '${rule}', so it exempts nothing; use a rule id from docs/RULES.md`,
        });
      }
    }
  }
  return warnings;
}

function emptyReport(profile: Profile, pssVersion: string, errors: CheckReport['errors']): CheckReport {
  return {
    profile,
    pssVersion,
    rules: [],
    files: 0,
    objects: 0,
    findings: [],
    errors,
    warnings: [],
    tallies: new Map(),
    located: [],
    unchecked: [],
  };
}
