import { Command, InvalidArgumentError, Option } from 'commander';
import { ManifestEvaluator } from '../../engine/evaluate-manifests';
import { EXEMPTION_ANNOTATION_PREFIX } from '../../engine/exemptions';
import { ruleOptions } from '../../engine/options';
import { PROFILES, type Profile, rulesForProfile } from '../../engine/profiles';
import { formatPssVersion, PSS_LATEST, parsePssVersion, pssVersionWarning } from '../../engine/pss-version';
import { SEVERITIES, type Severity } from '../../engine/severity';
import type { Manifest, PssVersion, RuleOptions } from '../../engine/types';
import { asRecord, displayName, kindOf } from '../../kubernetes/object';
import { podApiWarnings } from '../../kubernetes/pod-api-warnings';
import { missingContainersPath } from '../../kubernetes/pod-template';
import { describeNonString, nonStringValues } from '../../kubernetes/string-fields';
import { podsOf } from '../../kubernetes/workloads';
import { findRule } from '../../registry';
import { compareToBaseline } from '../baseline/compare';
import { findingFingerprint } from '../baseline/fingerprint';
import { readBaseline } from '../baseline/read-baseline';
import { parseByteSize } from '../byte-size';
import type { CheckConfig } from '../config';
import { EXIT } from '../exit-codes';
import { type CliIo, writeChunks } from '../io';
import { loadInputs } from '../load/load-inputs';
import type { LoadedObject, ObjectLocation } from '../load/types';
import {
  type CheckError,
  type CheckReport,
  type CheckSummary,
  type CheckWarning,
  FindingLocator,
  objectKey,
  summarize,
} from '../render/check-report';
import { renderFindingsJsonChunks } from '../render/findings-json';
import { renderFindingsText, renderProblems } from '../render/findings-text';
import { renderSarifChunks } from '../render/sarif';

/** The settings without a config file (`DEFAULT_CHECK_CONFIG`, without loading the config reader). */
const NO_CONFIG: CheckConfig = Object.freeze({ allowAnnotationExemptions: true, exemptions: [] });

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
  /** Lowest severity that fails the check. @default the config file's, else 'low' (any finding) */
  readonly failOn?: Severity;
  /** Globs of paths below named directories to leave out, added to the config file's. */
  readonly exclude?: readonly string[];
  /** Largest file read, in bytes. @default the config file's, else 64 MiB */
  readonly maxFileBytes?: number;
  /** An earlier `--format json` report (or scorecard.json) to mark findings new, unchanged or fixed against. */
  readonly baseline?: string;
  /**
   * Keep each object whole in the report's `located` (the scorecard reads admission policies from them).
   * When false, an object is dropped once its rules ran and `located` keeps only its apiVersion, kind, name
   * and namespace, so a large input is checked without holding all of it. @default true
   */
  readonly keepObjects?: boolean;
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
    .addOption(
      new Option(
        '--fail-on <severity>',
        "exit 1 only for findings at or above this severity (default: the config file's failOn, else low: any finding)",
      ).choices(SEVERITIES),
    )
    .addOption(
      new Option(
        '--exclude <glob>',
        "leave out paths below the named directories that match (repeatable; 'charts/**', 'Chart.yaml'); added to the config file's exclude",
      ).argParser((glob: string, previous: string[] | undefined) => [...(previous ?? []), glob]),
    )
    .addOption(
      new Option(
        '--max-file-size <size>',
        "refuse files larger than this, such as 200MB or 1GiB (default: the config file's maxFileSize, else 64MiB)",
      ).argParser((size: string) => {
        const bytes = parseByteSize(size);
        if (bytes === undefined) {
          throw new InvalidArgumentError(
            "must be a size such as '200MB', '64MiB' or a number of bytes (at least 1)",
          );
        }
        return bytes;
      }),
    )
    .option(
      '--baseline <report>',
      'an earlier `harden check --format json` report (or scorecard.json): mark each finding new or unchanged and list the fixed ones',
    )
    .option('--config <file>', 'YAML or JSON file with settings and exemptions (see cli/config.ts)')
    .action(async function (
      this: Command,
      paths: string[],
      opts: Omit<CheckRequest, 'paths' | 'maxFileBytes'> & { format: CheckFormat; maxFileSize?: number },
    ) {
      if (paths.length === 0) {
        this.error('error: name at least one file or directory to check, or - to read standard input', {
          exitCode: EXIT.usage,
        });
      }
      const { maxFileSize, ...rest } = opts;
      const report = await runCheck(
        {
          ...rest,
          paths,
          keepObjects: false,
          ...(maxFileSize === undefined ? {} : { maxFileBytes: maxFileSize }),
        },
        io,
      );
      const summary = summarize(report);
      await writeReport(report, opts.format, io, summary);
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
  let config: CheckConfig = NO_CONFIG;
  if (request.config !== undefined) {
    // The config reader (and its schema library) loads only when there is a config file to read.
    const { readCheckConfig } = require('../config') as typeof import('../config');
    const read = readCheckConfig(request.config, io.cwd);
    if ('errors' in read) {
      const profile = request.profile ?? 'all';
      const pssVersion = request.pssVersion ?? PSS_LATEST;
      return emptyReport(profile, formatPssVersion(pssVersion), request.failOn ?? 'low', read.errors);
    }
    config = read.config;
  }
  const profile = request.profile ?? config.profile ?? 'all';
  const pssVersion = request.pssVersion ?? config.pssVersion ?? PSS_LATEST;
  const rules = rulesForProfile(profile, pssVersion);
  const failOn = request.failOn ?? config.failOn ?? 'low';
  const maxFileBytes = request.maxFileBytes ?? config.maxFileBytes;
  const options = ruleOptions({
    pssVersion,
    allowedRegistries: config.allowedRegistries ?? [],
    requireImageDigest: config.requireImageDigest ?? false,
    ...(config.requireCpuLimits !== undefined ? { requireCpuLimits: config.requireCpuLimits } : {}),
    workloads: config.workloads ?? [],
  });
  const evaluator = new ManifestEvaluator({
    rules,
    options,
    exemptions: config.exemptions,
    allowAnnotationExemptions: config.allowAnnotationExemptions,
    ...(config.neverExempt ? { neverExempt: config.neverExempt } : {}),
  });
  const keepObjects = request.keepObjects ?? true;
  const located: LoadedObject[] = [];
  const locator = new FindingLocator();
  const objectWarnings: CheckWarning[] = [];
  // Each object is checked as it is read; unless asked to keep it, only where it is and what it is stays.
  const loaded = await loadInputs(request.paths, io, {
    exclude: [...(config.exclude ?? []), ...(request.exclude ?? [])],
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
    each: (object) => {
      locator.add(
        located.length,
        object,
        evaluator.add({ key: objectKey(object), manifest: object.manifest }),
      );
      annotationWarnings(object, config, request.config, objectWarnings, options);
      shapeWarnings(object, options, objectWarnings);
      located.push(keepObjects ? object : { ...locationOf(object), manifest: identity(object.manifest) });
    },
  });
  const evaluation = evaluator.finish();
  // Whole-input findings and invalid exemptions name objects by key; most runs have neither.
  let ordinal: Map<string, number> | undefined;
  const objectAt = (key: string) => {
    ordinal ??= new Map(located.map((object, index) => [objectKey(object), index]));
    const order = ordinal.get(key);
    return order === undefined ? undefined : { order, object: located[order]! };
  };
  for (const finding of evaluation.findings) {
    const at = objectAt(finding.key);
    if (at) locator.add(at.order, at.object, [finding]);
  }
  const warnings: CheckWarning[] = [...loaded.warnings];
  for (const invalid of evaluation.invalidExemptions) {
    const object = objectAt(invalid.key)?.object;
    warnings.push({
      ...(object ? where(object) : {}),
      message: invalid.message,
    });
  }
  warnings.push(...objectWarnings);
  const errors: CheckError[] = loaded.errors;
  for (const failure of evaluation.ruleFailures) {
    const object = failure.key === undefined ? undefined : objectAt(failure.key)?.object;
    errors.push({
      ...(object ? where(object) : {}),
      message: `rule ${failure.rule} failed on ${object ? displayName(object.manifest) : 'the input'} (${failure.message}), so that rule did not check it; this is a bug in harden, not in your manifest: the other rules' findings stand, and a report of the bug with the object helps fix it`,
    });
  }
  const versionWarning = pssVersionWarning(pssVersion);
  if (versionWarning) warnings.unshift({ message: versionWarning });
  const findings = locator.located(located.length);
  let baseline: CheckReport['baseline'];
  if (request.baseline !== undefined) {
    const read = readBaseline(request.baseline, io.cwd);
    if ('error' in read) {
      errors.push(read.error);
    } else {
      const comparison = compareToBaseline(findings.map(findingFingerprint), read.baseline.findings);
      baseline = { file: request.baseline, ...comparison };
    }
  }
  return {
    profile,
    pssVersion: formatPssVersion(pssVersion),
    failOn,
    rules,
    files: loaded.files,
    // Each warning of the loader is a file it skipped.
    skippedFiles: new Set(loaded.warnings.map((warning) => warning.file)).size,
    objects: located.length,
    findings,
    errors,
    warnings,
    tallies: evaluation.tallies,
    located,
    ...(baseline ? { baseline } : {}),
    unchecked: evaluation.unexamined,
  };
}

/**
 * Exit code of a check: 2 on any input error, else 1 when a finding that is not exempted is at or above
 * `--fail-on` (any finding by default), else 0. Skipped files (excluded, not Kubernetes, templates) are
 * warnings and do not change it.
 */
export function checkExitCode(report: CheckReport, summary: CheckSummary = summarize(report)): number {
  if (report.errors.length > 0) return EXIT.usage;
  return summary.failing > 0 ? EXIT.findings : EXIT.ok;
}

/** Prints the report to stdout in `format`, and errors and warnings to stderr (in every format). */
export async function writeReport(
  report: CheckReport,
  format: CheckFormat,
  io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>,
  summary: CheckSummary = summarize(report),
): Promise<void> {
  if (report.errors.length > 0) io.stderr.write(renderProblems(report.errors, 'error'));
  if (report.warnings.length > 0) io.stderr.write(renderProblems(report.warnings, 'warning'));
  switch (format) {
    case 'json':
      await writeChunks(io.stdout, renderFindingsJsonChunks(report, summary));
      break;
    case 'sarif':
      await writeChunks(io.stdout, renderSarifChunks(report, { cwd: io.cwd }));
      break;
    case 'text':
      io.stdout.write(
        renderFindingsText(report, { colour: io.stdout.isTTY === true && !process.env.NO_COLOR }),
      );
      break;
  }
}

/**
 * Adds to `warnings` the exemption annotations of `object` that cannot take effect: naming a rule that does
 * not exist (a typo exempts nothing), or ignored because the config file turns annotation exemptions off or
 * lists the rule under neverExempt.
 */
function annotationWarnings(
  object: LoadedObject,
  config: CheckConfig,
  configFile: string | undefined,
  warnings: CheckWarning[],
  options: RuleOptions,
): void {
  // An exemption on a pod template is read by nothing (the engine reads the object's own annotations).
  for (const pod of podsOf(object.manifest, options)) {
    if (pod.metadataPath === 'metadata') continue;
    for (const annotation in asRecord(pod.metadata.annotations) ?? {}) {
      if (!annotation.startsWith(EXEMPTION_ANNOTATION_PREFIX)) continue;
      warnings.push({
        ...where(object),
        message: `annotation '${annotation}' at ${pod.metadataPath}.annotations is on the pod template, where it exempts nothing; move it to the ${kindOf(object.manifest)}'s own metadata.annotations`,
      });
    }
  }
  const annotations = asRecord(asRecord(object.manifest.metadata)?.annotations);
  if (!annotations) return;
  for (const annotation in annotations) {
    if (!annotation.startsWith(EXEMPTION_ANNOTATION_PREFIX)) continue;
    const rule = annotation.slice(EXEMPTION_ANNOTATION_PREFIX.length);
    if (!config.allowAnnotationExemptions) {
      warnings.push({
        ...where(object),
        message: `annotation '${annotation}' is ignored because ${configFile ?? 'the config file'} sets allowAnnotationExemptions: false; declare the exemption in the config file instead`,
      });
    } else if (config.neverExempt?.includes(rule)) {
      warnings.push({
        ...where(object),
        message: `annotation '${annotation}' is ignored because ${configFile ?? 'the config file'} lists '${rule}' under neverExempt, so nothing exempts it; fix the finding instead`,
      });
    } else if (!findRule(rule)) {
      warnings.push({
        ...where(object),
        message: `annotation '${annotation}' names no rule '${rule}', so it exempts nothing; use a rule id from docs/RULES.md`,
      });
    }
  }
}

/**
 * Warnings about what the API server would refuse or warn about and the rules would pass unseen: a
 * pod-bearing object without containers where its kind keeps them, string fields written as other types, and
 * the API server's warnings about a pod template that bear on its security (annotations that no longer do
 * what they say, env variables defined twice) and containers that share a name.
 */
function shapeWarnings(object: LoadedObject, options: RuleOptions, warnings: CheckWarning[]): void {
  const containersAt = missingContainersPath(object.manifest);
  if (containersAt !== undefined) {
    const spec = containersAt.slice(0, -'.containers'.length);
    warnings.push({
      ...where(object),
      message: `${displayName(object.manifest)} has no containers at ${containersAt}, so the pod rules found nothing to check; the API server refuses a ${kindOf(object.manifest)} without them: check that the pod spec sits at ${spec} (an indentation slip moves it)`,
    });
  }
  for (const value of nonStringValues(object.manifest, options)) {
    warnings.push({ ...where(object), message: describeNonString(value) });
  }
  for (const warning of podApiWarnings(object.manifest, options)) {
    warnings.push({ ...where(object), message: warning.message });
  }
}

/** The file and line of an object, as a warning names them. */
function where(object: ObjectLocation): { file: string; line?: number } {
  return { file: object.file, ...(object.line ? { line: object.line } : {}) };
}

/** Where an object was read from, without the object. */
function locationOf({ file, documentIndex, itemIndex, line }: LoadedObject): ObjectLocation {
  return {
    file,
    documentIndex,
    ...(itemIndex === undefined ? {} : { itemIndex }),
    ...(line === undefined ? {} : { line }),
  };
}

/** What says which object a manifest is: its apiVersion, kind, name and namespace. */
function identity(manifest: Manifest): Manifest {
  const metadata = asRecord(manifest.metadata);
  return {
    ...('apiVersion' in manifest ? { apiVersion: manifest.apiVersion } : {}),
    ...('kind' in manifest ? { kind: manifest.kind } : {}),
    ...(metadata ? { metadata: { name: metadata.name, namespace: metadata.namespace } } : {}),
  };
}

function emptyReport(
  profile: Profile,
  pssVersion: string,
  failOn: Severity,
  errors: CheckReport['errors'],
): CheckReport {
  return {
    profile,
    pssVersion,
    failOn,
    rules: [],
    files: 0,
    skippedFiles: 0,
    objects: 0,
    findings: [],
    errors,
    warnings: [],
    tallies: new Map(),
    located: [],
    unchecked: [],
  };
}
