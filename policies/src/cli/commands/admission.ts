import { Command, Option } from 'commander';
import type { ValidationAction } from '../../admission/bindings';
import {
  ADMISSION_MODES,
  type AdmissionMode,
  PARAMETER_SOURCES,
  type ParameterSource,
} from '../../admission/choices';
import type { AdmissionSettings } from '../../admission/generate';
import { ruleOptions } from '../../engine/options';
import type { Manifest } from '../../engine/types';
import type { CheckConfig } from '../config';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';

/** Output formats of `harden admission`. */
export const ADMISSION_FORMATS = ['yaml', 'json'] as const;
/** One of {@link ADMISSION_FORMATS}. */
export type AdmissionFormat = (typeof ADMISSION_FORMATS)[number];

/** What `harden admission` was asked for; unset options fall back to the config file, then the defaults. */
export interface AdmissionRequest {
  readonly config?: string;
  readonly mode?: AdmissionMode;
  readonly parameters?: ParameterSource;
}

/** The admission settings of a config file, command-line options winning. */
export function admissionSettings(config: CheckConfig, request: AdmissionRequest): AdmissionSettings {
  const { DEFAULT_ADMISSION_SETTINGS } = generateModule();
  const section = config.admission ?? {};
  const actions: Record<string, readonly ValidationAction[]> = {};
  const disabled: string[] = [];
  for (const [rule, chosen] of Object.entries(section.actions ?? {})) {
    if (chosen === 'disabled') disabled.push(rule);
    else actions[rule] = chosen;
  }
  return {
    mode: request.mode ?? section.mode ?? DEFAULT_ADMISSION_SETTINGS.mode,
    parameters: request.parameters ?? section.parameters ?? 'inline',
    ...(section.parametersNamespace ? { parametersNamespace: section.parametersNamespace } : {}),
    exemptNamespaces: section.exemptNamespaces ?? DEFAULT_ADMISSION_SETTINGS.exemptNamespaces,
    exemptions: config.exemptions,
    actions,
    disabled,
    options: ruleOptions({
      ...(config.allowedRegistries ? { allowedRegistries: config.allowedRegistries } : {}),
      ...(config.requireImageDigest !== undefined ? { requireImageDigest: config.requireImageDigest } : {}),
      ...(config.requireCpuLimits !== undefined ? { requireCpuLimits: config.requireCpuLimits } : {}),
    }),
  };
}

/** The objects as multi-document YAML, or as one JSON `List`. */
export function renderAdmissionObjects(objects: readonly Manifest[], format: AdmissionFormat): string {
  if (format === 'json')
    return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`;
  // js-yaml's dump schema quotes strings YAML 1.1 would read as another type ('on', 'yes', '0755'), so
  // kubectl reads back exactly these objects; no line folding keeps CEL expressions as written.
  const { dump } = require('js-yaml') as typeof import('js-yaml');
  return objects.map((object) => dump(object, { lineWidth: -1, noRefs: true })).join('---\n');
}

// The generator, the YAML writer and the config reader load when the command runs, not when `harden` starts:
// `harden check` never pays for them.
function generateModule(): typeof import('../../admission/generate') {
  return require('../../admission/generate') as typeof import('../../admission/generate');
}

/**
 * `harden admission`: prints a ValidatingAdmissionPolicy and its bindings for every rule with an admission
 * form, to apply with `kubectl apply -f -` (or to commit beside the cluster's other manifests).
 */
export function admissionCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('admission')
    .description(
      'print ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, Kubernetes 1.30+) and bindings that enforce the rules in the cluster',
    )
    .addOption(new Option('--format <format>', 'output format').choices(ADMISSION_FORMATS).default('yaml'))
    .option(
      '--config <file>',
      'harden.yaml: allowedRegistries, requireImageDigest, exemptions and the admission section',
    )
    .addOption(
      new Option(
        '--mode <mode>',
        "audit: warn and audit only (the first rollout); enforce: deny high and critical (default: the config file's, else audit)",
      ).choices(ADMISSION_MODES),
    )
    .addOption(
      new Option(
        '--parameters <source>',
        "inline: parameters written into each policy; configmap: read from a ConfigMap (default: the config file's, else inline)",
      ).choices(PARAMETER_SOURCES),
    )
    .action((opts: AdmissionRequest & { format: AdmissionFormat }) => {
      const { DEFAULT_CHECK_CONFIG, readCheckConfig } = require('../config') as typeof import('../config');
      let config: CheckConfig = DEFAULT_CHECK_CONFIG;
      if (opts.config) {
        const read = readCheckConfig(opts.config, io.cwd);
        if ('errors' in read) {
          for (const error of read.errors) io.stderr.write(`${error.file}: ${error.message}\n`);
          setExit(EXIT.usage);
          return;
        }
        config = read.config;
      }
      const generated = generateModule().admissionObjects(admissionSettings(config, opts));
      for (const note of generated.notes) io.stderr.write(`harden admission: note: ${note}\n`);
      if (generated.errors.length > 0) {
        for (const error of generated.errors) io.stderr.write(`harden admission: ${error}\n`);
        setExit(EXIT.usage);
        return;
      }
      io.stdout.write(renderAdmissionObjects(generated.objects, opts.format));
      setExit(EXIT.ok);
    });
}
