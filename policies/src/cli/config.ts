import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { VALIDATION_ACTIONS, type ValidationAction } from '../admission/bindings';
import {
  ADMISSION_MODES,
  type AdmissionMode,
  PARAMETER_SOURCES,
  type ParameterSource,
} from '../admission/choices';
import { ADMISSION_FORMS } from '../admission/forms';
import type { Exemption } from '../engine/exemptions';
import { PROFILES, type Profile } from '../engine/profiles';
import { parsePssVersion } from '../engine/pss-version';
import { SEVERITIES, type Severity } from '../engine/severity';
import type { PssVersion } from '../engine/types';
import type { WorkloadKind } from '../kubernetes/workloads';
import { allRules, findRule } from '../registry';
import { parseByteSize } from './byte-size';
import { closest } from './did-you-mean';
import { decodeUtf8 } from './load/decode-utf8';
import { unreadable } from './load/input-paths';
import { parseJsonDocument } from './load/parse-json';
import { parseYamlDocuments } from './load/parse-yaml';
import type { InputError } from './load/types';

/** Settings of `harden check` read from `--config` (YAML or JSON). Command-line options win over them. */
export interface CheckConfig {
  readonly profile?: Profile;
  readonly pssVersion?: PssVersion;
  /** Registries images may come from (prefix match); empty or unset allows any. */
  readonly allowedRegistries?: readonly string[];
  /** When true, images must be pinned by digest. */
  readonly requireImageDigest?: boolean;
  /** When false, containers may leave out CPU limits (requests and memory limits stay required). @default true */
  readonly requireCpuLimits?: boolean;
  /** The lowest severity of an open finding that makes `harden check` exit 1. @default 'low' (any finding) */
  readonly failOn?: Severity;
  /** Globs of paths below a named directory that are not read (added to `--exclude`). @default [] */
  readonly exclude?: readonly string[];
  /** Largest file read, in bytes (added to by `--max-file-size`). @default 64 MiB, see `DEFAULT_MAX_FILE_BYTES` */
  readonly maxFileBytes?: number;
  /** When false, `eks-hardening.io/exempt-*` annotations are ignored. @default true */
  readonly allowAnnotationExemptions: boolean;
  /** Exemptions declared in the file; each has a rule id and a non-empty reason; `source` is the file. */
  readonly exemptions: readonly Exemption[];
  /**
   * Rules nothing exempts: their exemption annotations are ignored (with a warning), and the file may not
   * exempt them, so a team that owns its manifests cannot waive what the platform team requires. @default []
   */
  readonly neverExempt?: readonly string[];
  /** Settings of `harden admission` (the exemptions above apply there too, in the bindings). */
  readonly admission?: AdmissionConfig;
  /** More kinds that carry a pod spec (beyond the built-in kinds and the known workload CRDs). */
  readonly workloads?: readonly WorkloadKind[];
}

/** The `admission` section of the config file: how `harden admission` generates policies. */
export interface AdmissionConfig {
  /** `audit` (nothing is denied) or `enforce` (by severity). @default 'audit' */
  readonly mode?: AdmissionMode;
  /** Parameters inline in each policy, or in a ConfigMap the policies read. @default 'inline' */
  readonly parameters?: ParameterSource;
  /** Namespace of the parameter ConfigMap. @default 'kube-system' */
  readonly parametersNamespace?: string;
  /** Namespaces no policy applies in. @default ['kube-system'] */
  readonly exemptNamespaces?: readonly string[];
  /** Per rule id: the binding's validationActions, or `disabled` to generate no policy for it. */
  readonly actions?: Readonly<Record<string, readonly ValidationAction[] | 'disabled'>>;
}

/** The configuration when there is no `--config`. */
export const DEFAULT_CHECK_CONFIG: CheckConfig = Object.freeze({
  allowAnnotationExemptions: true,
  exemptions: [],
});

const FIELD_HELP_PSS_VERSION = "must be 'latest' or 'v1.N' such as 'v1.30'; quote it in YAML";

const FIELD_HELP_MAX_FILE_SIZE = "must be a size such as '200MB', '64MiB' or a number of bytes (at least 1)";

const nonEmpty = z.string().min(1);

/** A rule id, or an error naming the closest one. */
const ruleId = nonEmpty.superRefine((rule, context) => {
  if (findRule(rule)) return;
  const suggestion = closest(
    rule,
    allRules.map((known) => known.id),
  );
  context.addIssue({
    code: 'custom',
    input: rule,
    message: `there is no rule '${rule}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; use a rule id from docs/RULES.md`,
  });
});

const exemptionSchema = z.strictObject({
  rule: ruleId,
  reason: z.string().trim().min(1),
  kind: nonEmpty.optional(),
  namespace: nonEmpty.optional(),
  name: nonEmpty.optional(),
  path: nonEmpty.optional(),
});

const ADMISSION_RULES = ADMISSION_FORMS.map((form) => form.rule);

const actionsSchema = z.union([
  z.literal('disabled'),
  z
    .array(z.enum(VALIDATION_ACTIONS))
    .min(1)
    .refine((actions) => !(actions.includes('Deny') && actions.includes('Warn')), {
      message: 'cannot hold both Deny and Warn (the API rejects it); use [Deny] or [Deny, Audit]',
    })
    .refine((actions) => new Set(actions).size === actions.length, { message: 'lists an action twice' }),
]);

const admissionSchema = z.strictObject({
  mode: z.enum(ADMISSION_MODES).optional(),
  parameters: z.enum(PARAMETER_SOURCES).optional(),
  parametersNamespace: nonEmpty.optional(),
  exemptNamespaces: z.array(nonEmpty).optional(),
  actions: z
    .record(z.string(), actionsSchema)
    .superRefine((actions, context) => {
      for (const rule of Object.keys(actions)) {
        if (ADMISSION_RULES.includes(rule)) continue;
        const suggestion = closest(rule, ADMISSION_RULES);
        context.addIssue({
          code: 'custom',
          path: [rule],
          input: rule,
          message: `'${rule}' is not a rule with an admission form${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; use one of ${ADMISSION_RULES.join(', ')}`,
        });
      }
    })
    .optional(),
});

/** A dotted field path such as `spec.runner.template.spec`: names only, no list indices. */
const FIELD_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

const workloadSchema = z.strictObject({
  kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  apiVersion: z
    .string()
    .regex(/^([a-z0-9.-]+\/)?v[0-9][a-z0-9]*$/)
    .optional(),
  podSpecPath: z.string().regex(FIELD_PATH),
  runsToCompletion: z.boolean().optional(),
});

const configSchema = z.strictObject({
  profile: z.enum(PROFILES).optional(),
  pssVersion: z
    .string()
    .transform((text, context) => {
      try {
        return parsePssVersion(text);
      } catch {
        context.addIssue({ code: 'custom', input: text, message: FIELD_HELP_PSS_VERSION });
        return z.NEVER;
      }
    })
    .optional(),
  allowedRegistries: z.array(nonEmpty).optional(),
  requireImageDigest: z.boolean().optional(),
  requireCpuLimits: z.boolean().optional(),
  failOn: z.enum(SEVERITIES).optional(),
  exclude: z.array(nonEmpty).optional(),
  maxFileSize: z
    .union([z.number(), z.string()])
    .transform((size, context) => {
      const bytes = parseByteSize(size);
      if (bytes !== undefined) return bytes;
      context.addIssue({ code: 'custom', input: size, message: FIELD_HELP_MAX_FILE_SIZE });
      return z.NEVER;
    })
    .optional(),
  allowAnnotationExemptions: z.boolean().default(true),
  exemptions: z.array(exemptionSchema).default([]),
  neverExempt: z.array(ruleId).optional(),
  admission: admissionSchema.optional(),
  workloads: z.array(workloadSchema).optional(),
});

/** The config schema and what no single field can check: that no exemption names a rule neverExempt lists. */
const checkedConfigSchema = configSchema.superRefine((config, context) => {
  const never = new Set(config.neverExempt ?? []);
  config.exemptions.forEach((exemption, index) => {
    if (!never.has(exemption.rule)) return;
    context.addIssue({
      code: 'custom',
      path: ['exemptions', index, 'rule'],
      input: exemption.rule,
      message: `exempts '${exemption.rule}', which neverExempt lists, so nothing may exempt it; remove the exemption, or take the rule out of neverExempt`,
    });
  });
});

/** What each field allows and how to fix it, by field path with indices written `[]`. */
const FIELD_HELP: Readonly<Record<string, string>> = {
  '': 'must be a mapping of settings (profile, pssVersion, allowedRegistries, requireImageDigest, requireCpuLimits, failOn, exclude, maxFileSize, allowAnnotationExemptions, exemptions, neverExempt, admission, workloads)',
  workloads: 'must be a list of workload kinds, each { kind, apiVersion?, podSpecPath, runsToCompletion? }',
  'workloads[]': 'must be a mapping with at least kind and podSpecPath',
  'workloads[].kind': 'must be an object kind such as Rollout (UpperCamelCase)',
  'workloads[].apiVersion':
    'must be an apiVersion such as example.com/v1 (its group is matched); leave it out to match the kind in any group',
  'workloads[].podSpecPath':
    'must be the dotted path of the pod spec in the object, such as spec.template.spec (names only, no list indices)',
  'workloads[].runsToCompletion': 'must be true or false (true for batch kinds, whose pods need no probes)',
  profile: `must be one of ${PROFILES.join(', ')}`,
  pssVersion: FIELD_HELP_PSS_VERSION,
  allowedRegistries:
    "must be a list of registry prefixes such as ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/']",
  'allowedRegistries[]': 'must be a non-empty registry prefix such as registry.example.com/team/',
  requireImageDigest: 'must be true or false',
  requireCpuLimits: 'must be true or false (false lets containers leave out CPU limits)',
  failOn: `must be one of ${SEVERITIES.join(', ')} (the lowest severity that fails the check)`,
  exclude: "must be a list of globs such as ['charts/**', '**/kustomization.yaml']",
  'exclude[]': "must be a non-empty glob such as 'charts/**'",
  maxFileSize: FIELD_HELP_MAX_FILE_SIZE,
  allowAnnotationExemptions: 'must be true or false',
  exemptions: 'must be a list of exemptions, each { rule, reason, kind?, namespace?, name?, path? }',
  'exemptions[]': 'must be a mapping with at least rule and reason',
  'exemptions[].rule': 'must be the id of a rule, such as pss-privileged (see docs/RULES.md)',
  'exemptions[].reason': 'must be a non-empty reason that says why the rule does not apply to these objects',
  'exemptions[].kind': 'must be an object kind such as Deployment; leave it out to match any kind',
  'exemptions[].namespace': 'must be a namespace name; leave it out to match any namespace',
  'exemptions[].name':
    'must be an object name, where * matches any run of characters; leave it out to match any name',
  'exemptions[].path':
    'must be a field path such as spec.template.spec.containers[0]; leave it out to cover every finding of the object',
  neverExempt: 'must be a list of rule ids such as [pss-privileged, rbac-no-anonymous-binding]',
  'neverExempt[]': 'must be the id of a rule, such as pss-privileged (see docs/RULES.md)',
  admission:
    'must be a mapping of admission settings (mode, parameters, parametersNamespace, exemptNamespaces, actions)',
  'admission.mode': `must be one of ${ADMISSION_MODES.join(', ')}`,
  'admission.parameters': `must be one of ${PARAMETER_SOURCES.join(', ')}`,
  'admission.parametersNamespace': 'must be a namespace name such as kube-system',
  'admission.exemptNamespaces': 'must be a list of namespace names such as [kube-system]',
  'admission.exemptNamespaces[]': 'must be a namespace name',
  'admission.actions': 'must map rule ids to validation actions, such as { image-pinned: [Deny] }',
};

/** What an entry of `admission.actions` allows. */
const ACTIONS_HELP = `must be disabled, or a list of ${VALIDATION_ACTIONS.join(', ')} such as [Deny] or [Warn, Audit]`;

const TOP_FIELDS = Object.keys(configSchema.shape);
const EXEMPTION_FIELDS = Object.keys(exemptionSchema.shape);
const ADMISSION_FIELDS = Object.keys(admissionSchema.shape);
const WORKLOAD_FIELDS = Object.keys(workloadSchema.shape);

/**
 * Reads and validates a `--config` file. Every problem is returned (never thrown) as an error naming the
 * file, the field (`exemptions[2].reason`), what is allowed and the fix.
 */
export function readCheckConfig(
  file: string,
  cwd: string,
): { config: CheckConfig } | { errors: InputError[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, file));
  } catch (error) {
    return { errors: [{ file, message: `config file ${unreadable(error)}` }] };
  }
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) return { errors: [{ file, ...decoded.error }] };
  const parsed = file.toLowerCase().endsWith('.json')
    ? parseJsonDocument(decoded.text)
    : parseYamlDocuments(decoded.text, '1.2');
  if (parsed.errors.length > 0) return { errors: parsed.errors.map((error) => ({ file, ...error })) };
  if (parsed.documents.length > 1) {
    return {
      errors: [
        {
          file,
          line: parsed.documents[1]!.line,
          message: 'config file has more than one document; keep one',
        },
      ],
    };
  }
  return parseCheckConfig(parsed.documents[0]?.value ?? {}, file);
}

/** Validates the parsed content of a config file (see {@link readCheckConfig}). */
export function parseCheckConfig(
  value: unknown,
  file: string,
): { config: CheckConfig } | { errors: InputError[] } {
  const result = checkedConfigSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    return {
      errors: result.error.issues
        .flatMap((issue) => issueMessages(issue))
        .map((message) => ({ file, message })),
    };
  }
  const data = result.data;
  const config: CheckConfig = {
    ...(data.profile ? { profile: data.profile } : {}),
    ...(data.pssVersion ? { pssVersion: data.pssVersion } : {}),
    ...(data.allowedRegistries ? { allowedRegistries: data.allowedRegistries } : {}),
    ...(data.requireImageDigest !== undefined ? { requireImageDigest: data.requireImageDigest } : {}),
    ...(data.requireCpuLimits !== undefined ? { requireCpuLimits: data.requireCpuLimits } : {}),
    ...(data.failOn ? { failOn: data.failOn } : {}),
    ...(data.exclude ? { exclude: data.exclude } : {}),
    ...(data.maxFileSize !== undefined ? { maxFileBytes: data.maxFileSize } : {}),
    allowAnnotationExemptions: data.allowAnnotationExemptions,
    exemptions: data.exemptions.map((exemption) => ({ ...exemption, source: file })),
    ...(data.neverExempt ? { neverExempt: data.neverExempt } : {}),
    ...(data.admission ? { admission: data.admission } : {}),
    ...(data.workloads
      ? {
          workloads: data.workloads.map((entry) => {
            const slash = entry.apiVersion?.indexOf('/') ?? -1;
            return {
              kind: entry.kind,
              ...(entry.apiVersion !== undefined
                ? { group: slash < 0 ? '' : entry.apiVersion.slice(0, slash) }
                : {}),
              podSpecPath: entry.podSpecPath.split('.'),
              ...(entry.runsToCompletion !== undefined ? { runsToCompletion: entry.runsToCompletion } : {}),
              source: file,
            };
          }),
        }
      : {}),
  };
  return { config };
}

function issueMessages(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const allowed =
      path.length === 0
        ? TOP_FIELDS
        : path[0] === 'admission'
          ? ADMISSION_FIELDS
          : path[0] === 'workloads'
            ? WORKLOAD_FIELDS
            : EXEMPTION_FIELDS;
    return issue.keys.map((key) => {
      const suggestion = closest(key, allowed);
      return `${fieldText([...path, key])}: unknown field${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; allowed fields are ${allowed.join(', ')}; rename or remove it`;
    });
  }
  const help =
    issue.code === 'custom'
      ? issue.message
      : path[0] === 'admission' && path[1] === 'actions' && path.length > 2
        ? ACTIONS_HELP
        : FIELD_HELP[
            path
              .map((segment) => (typeof segment === 'number' ? '[]' : segment))
              .join('.')
              .replace(/\.\[\]/g, '[]')
          ];
  const field = fieldText(path) || 'config file';
  const got = issue.input === undefined ? '; it is missing' : `; got ${describe(issue.input)}`;
  return [`${field}: ${help ?? issue.message}${got}`];
}

/** `exemptions[2].reason` from `['exemptions', 2, 'reason']`. */
function fieldText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, segment) =>
      typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
    '',
  );
}

/** A short rendering of a bad value for a message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : `'${value}'`;
  return `${typeof value} ${String(value)}`;
}
