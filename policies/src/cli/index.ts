/**
 * `@eks-hardening/rules/cli`: the `harden` command as a library. Run it in process (`run(argv, io)`), extend it
 * with commands and scorecard sources (`HardenExtension`, as `@eks-hardening/pulumi` does), or reuse its parts:
 * `runCheck` for manifests, and the scorecard builder and writers.
 */
export {
  CHECK_FORMATS,
  type CheckFormat,
  type CheckRequest,
  checkExitCode,
  runCheck,
  writeReport,
} from './commands/check';
export { type CheckConfig, DEFAULT_CHECK_CONFIG, readCheckConfig } from './config';
export { EXIT, EXIT_CODES_HELP } from './exit-codes';
export {
  AUDIT_EXTENSION,
  CONSTRUCTS_EXTENSION,
  discoverExtensions,
  type HardenExtension,
  KNOWN_EXTENSIONS,
  needsAuditPackage,
  needsPulumiPackage,
  type ProgramScore,
  type ProgramScoreRequest,
  PULUMI_EXTENSION,
} from './extension';
export { type CliIo, invocationDirectory, processIo } from './io';
export { loadInputs } from './load/load-inputs';
export type { InputError, LoadedObject, LoadResult } from './load/types';
export { buildProgram, main, run } from './main';
export { type Progress, progressReporter } from './progress';
export { renderControlsMarkdown } from './render/controls-markdown';
export { renderProblems } from './render/findings-text';
export { renderRulesMarkdown } from './render/rules-markdown';
export { buildScorecard, describeUnexamined, unexaminedTypes } from './scorecard/build-scorecard';
export * from './scorecard/model';
export {
  mergeParts,
  OFFLINE_PREVIEW_SOURCE,
  partFromCheck,
  type ScorecardPart,
  scoredFinding,
} from './scorecard/sources';
export {
  nothingExamined,
  renderScorecardSummary,
  type ScorecardFiles,
  scorecardExitCode,
  writeScorecard,
} from './scorecard/write-reports';
