import type { Exemption, Rule, RuleOptions } from '@eks-hardening/rules';
import { defaultRuleOptions, isCloudRule, parseCidr, parsePssVersion } from '@eks-hardening/rules';
import type { PolicyConfigSchema } from '@pulumi/policy';
import type { PolicyConfigJSONSchema } from '@pulumi/policy/schema';
import { PackConfigError } from './config-error';
import { NO_STACK_CONTEXT, type StackContext, stackPublicAccessCidrs } from './stack-config';

/** What a violation does: fail the update, warn, or nothing. (`remediate` is not used by this pack.) */
export const ENFORCEMENT_LEVELS = ['advisory', 'mandatory', 'disabled'] as const;
/** One of {@link ENFORCEMENT_LEVELS}. */
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** Where config exemptions come from, as findings report it. */
export const CONFIG_EXEMPTION_SOURCE = 'policy pack config';

/** A policy's configuration, read and checked: what its rule runs with. */
export interface PolicySettings {
  readonly options: RuleOptions;
  /** Config exemptions; `name` holds the resource pattern (matched against URN, resource name, object name). */
  readonly exemptions: readonly Exemption[];
  /** When false, `eks-hardening.io/exempt-*` annotations on Kubernetes objects are ignored. */
  readonly allowAnnotationExemptions: boolean;
}

export { PackConfigError } from './config-error';

/** One configurable setting: its JSON schema (checked by the Pulumi CLI) and the pack's own stricter parse. */
interface Setting {
  readonly appliesTo: (rule: Rule) => boolean;
  readonly schema: PolicyConfigJSONSchema;
  /** Applies the value to `into`; throws PackConfigError with what is wrong. */
  readonly apply: (value: unknown, into: MutableSettings, where: string, rule: Rule) => void;
}

interface MutableSettings {
  options: RuleOptions;
  exemptions: Exemption[];
  allowAnnotationExemptions: boolean;
  allowStackPublicAccessCidrs: boolean;
}

const isKubernetes = (rule: Rule): boolean => !isCloudRule(rule);

/** A true-or-false setting: its schema, and a parse that refuses anything else, naming the setting and the value. */
function booleanSetting(
  name: string,
  appliesTo: Setting['appliesTo'],
  description: string,
  defaultValue: boolean,
  set: (into: MutableSettings, value: boolean) => void,
): Setting {
  return {
    appliesTo,
    schema: { type: 'boolean', description, default: defaultValue },
    apply(value, into, where) {
      if (typeof value !== 'boolean') {
        throw new PackConfigError(`${where}: ${name} must be true or false; got ${JSON.stringify(value)}`);
      }
      set(into, value);
    },
  };
}

const SETTINGS: Readonly<Record<string, Setting>> = {
  exemptions: {
    appliesTo: () => true,
    schema: {
      type: 'array',
      description:
        "Resources this rule does not apply to, each with why: { resource: URN or name pattern ('*' matches any run of characters), reason, path? (only findings at or below this field) }.",
      items: {
        type: 'object',
        properties: {
          resource: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 1, pattern: '\\S' },
          path: { type: 'string', minLength: 1 },
        },
        required: ['resource', 'reason'],
        additionalProperties: false,
      },
      default: [],
    },
    apply(value, into, where, rule) {
      into.exemptions = list(value, where, 'exemptions').map((entry, index) => {
        const at = `${where}: exemptions[${index}]`;
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
          throw new PackConfigError(
            `${at} must be an object { resource, reason }; got ${JSON.stringify(entry)}`,
          );
        }
        const { resource, reason, path, ...rest } = entry as Record<string, unknown>;
        const extra = Object.keys(rest);
        if (extra.length > 0) {
          throw new PackConfigError(`${at} has unknown field '${extra[0]}'; allowed: resource, reason, path`);
        }
        if (typeof resource !== 'string' || resource.trim() === '') {
          throw new PackConfigError(
            `${at} needs 'resource': the URN or name pattern of what it exempts, such as 'legacy-*'`,
          );
        }
        if (typeof reason !== 'string' || reason.trim() === '') {
          throw new PackConfigError(
            `${at} for '${resource}' needs a non-empty 'reason' saying why rule '${rule.id}' does not apply to it`,
          );
        }
        if (path !== undefined && (typeof path !== 'string' || path === '')) {
          throw new PackConfigError(
            `${at} has an invalid 'path'; give a field path such as 'spec.template.spec.containers[0]'`,
          );
        }
        return {
          rule: rule.id,
          reason: reason.trim(),
          name: resource,
          ...(typeof path === 'string' ? { path } : {}),
          source: CONFIG_EXEMPTION_SOURCE,
        };
      });
    },
  },
  allowedPublicCidrs: {
    appliesTo: (rule) => rule.id === 'eks-endpoint-private',
    schema: {
      type: 'array',
      description:
        'CIDR blocks the EKS public API endpoint may be opened to; 0.0.0.0/0 and ::/0 are never allowed.',
      items: { type: 'string', pattern: '^[0-9A-Fa-f:.]+/[0-9]{1,3}$' },
      uniqueItems: true,
      default: [],
    },
    apply(value, into, where) {
      const cidrs = list(value, where, 'allowedPublicCidrs').map((entry, index) => {
        const at = `${where}: allowedPublicCidrs[${index}]`;
        const cidr = typeof entry === 'string' ? parseCidr(entry) : undefined;
        if (!cidr)
          throw new PackConfigError(
            `${at} ${JSON.stringify(entry)} is not a CIDR block; use a form such as 203.0.113.0/24`,
          );
        if (cidr.prefix === 0) {
          throw new PackConfigError(
            `${at} '${String(entry)}' is the whole internet and is never allowed; list only the CIDRs of your networks`,
          );
        }
        return entry as string;
      });
      into.options = { ...into.options, allowedPublicCidrs: cidrs };
    },
  },
  allowStackPublicAccessCidrs: booleanSetting(
    'allowStackPublicAccessCidrs',
    (rule) => rule.id === 'eks-endpoint-private',
    "When true, the CIDRs of the checked stack's own '<project>:publicAccessCidrs' setting are allowed too, so the one setting that opens the endpoint is the one the pack allows; set false to allow only allowedPublicCidrs.",
    true,
    (into, on) => {
      into.allowStackPublicAccessCidrs = on;
    },
  ),
  allowedRegistries: {
    appliesTo: (rule) => rule.id === 'image-registry-allowlist',
    schema: {
      type: 'array',
      description: 'Registries (prefix of registry/repository) images may come from; empty allows any.',
      items: { type: 'string', minLength: 1 },
      default: [],
    },
    apply(value, into, where) {
      const registries = list(value, where, 'allowedRegistries').map((entry, index) => {
        if (typeof entry !== 'string' || entry.trim() === '') {
          throw new PackConfigError(
            `${where}: allowedRegistries[${index}] must be a registry such as '123456789012.dkr.ecr.eu-west-1.amazonaws.com'; got ${JSON.stringify(entry)}`,
          );
        }
        return entry.trim();
      });
      into.options = { ...into.options, allowedRegistries: registries };
    },
  },
  requireImageDigest: booleanSetting(
    'requireImageDigest',
    (rule) => rule.id === 'image-pinned',
    'When true, images must be pinned by digest.',
    false,
    (into, on) => {
      into.options = { ...into.options, requireImageDigest: on };
    },
  ),
  requireCpuLimits: booleanSetting(
    'requireCpuLimits',
    (rule) => rule.id === 'resource-requests-limits',
    'When false, containers may leave out CPU limits (CPU requests and memory limits stay required).',
    true,
    (into, on) => {
      into.options = { ...into.options, requireCpuLimits: on };
    },
  ),
  pssVersion: {
    appliesTo: (rule) => rule.id.startsWith('pss-'),
    schema: {
      type: 'string',
      description: "Pod Security Standards version to evaluate at: 'latest' or 'v1.N'.",
      pattern: '^(latest|v1\\.(0|[1-9][0-9]*))$',
      default: 'latest',
    },
    apply(value, into, where) {
      try {
        into.options = { ...into.options, pssVersion: parsePssVersion(String(value)) };
      } catch (error) {
        throw new PackConfigError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  },
  allowAnnotationExemptions: booleanSetting(
    'allowAnnotationExemptions',
    isKubernetes,
    "When false, 'eks-hardening.io/exempt-<rule>' annotations on Kubernetes objects exempt nothing.",
    true,
    (into, on) => {
      into.allowAnnotationExemptions = on;
    },
  ),
};

function list(value: unknown, where: string, setting: string): readonly unknown[] {
  if (!Array.isArray(value))
    throw new PackConfigError(`${where}: ${setting} must be a list; got ${JSON.stringify(value)}`);
  return value;
}

/** The names of the settings a rule's policy accepts (besides the CLI's own `enforcementLevel`). */
export function settingNames(rule: Rule): string[] {
  return Object.keys(SETTINGS).filter((name) => SETTINGS[name]!.appliesTo(rule));
}

/** The policy's `configSchema`, which the Pulumi CLI checks `--policy-pack-config` against. */
export function configSchemaFor(rule: Rule): PolicyConfigSchema {
  const properties: Record<string, PolicyConfigJSONSchema> = {};
  for (const name of settingNames(rule)) properties[name] = SETTINGS[name]!.schema;
  return { properties };
}

/**
 * Reads a policy's configuration properties (what `args.getConfig()` returns: everything but
 * `enforcementLevel`) into the settings its rule runs with, and what the checked stack's own configuration
 * implies (`eks-endpoint-private` allows the stack's `publicAccessCidrs` unless `allowStackPublicAccessCidrs`
 * is false). Throws {@link PackConfigError} naming the policy, the setting, the bad value and the fix; an
 * unknown setting is an error, not ignored.
 */
export function policySettings(
  rule: Rule,
  properties: Readonly<Record<string, unknown>>,
  stack: StackContext = NO_STACK_CONTEXT,
): PolicySettings {
  const into: MutableSettings = {
    options: defaultRuleOptions,
    exemptions: [],
    allowAnnotationExemptions: true,
    allowStackPublicAccessCidrs: true,
  };
  const where = `invalid configuration of policy '${rule.id}'`;
  const allowed = settingNames(rule);
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    if (!allowed.includes(name)) {
      throw new PackConfigError(
        `${where}: unknown setting '${name}'; it accepts enforcementLevel, ${allowed.join(', ')}`,
      );
    }
    SETTINGS[name]!.apply(value, into, where, rule);
  }
  if (rule.id === 'eks-endpoint-private' && into.allowStackPublicAccessCidrs) {
    const fromStack = stackPublicAccessCidrs(stack);
    if (fromStack.length > 0) {
      const allowed = [...new Set([...into.options.allowedPublicCidrs, ...fromStack])];
      into.options = { ...into.options, allowedPublicCidrs: allowed };
    }
  }
  return {
    options: into.options,
    exemptions: into.exemptions,
    allowAnnotationExemptions: into.allowAnnotationExemptions,
  };
}

/** The enforcement level a rule gets when configuration sets none: mandatory for critical and high. */
export function defaultEnforcementLevel(rule: Rule): Exclude<EnforcementLevel, 'disabled'> {
  return rule.severity === 'critical' || rule.severity === 'high' ? 'mandatory' : 'advisory';
}

/** One policy's configuration after reconciling a `--policy-pack-config` file, as the CLI sends it. */
export interface ResolvedPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  /** Everything but enforcementLevel. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * Reconciles a `--policy-pack-config` document with the rules as the Pulumi CLI does: per policy, its own
 * `enforcementLevel`, else `all`, else the rule's default; properties as written. Accepts the CLI's forms:
 * `"all": "advisory"`, `"<rule>": "disabled"`, `"<rule>": { "enforcementLevel": …, <settings> }`. Throws
 * {@link PackConfigError} on unknown policies, bad levels or settings (each policy's settings are parsed).
 */
export function resolvePackConfig(
  rules: readonly Rule[],
  document: unknown,
): Map<string, ResolvedPolicyConfig> {
  const config = document === undefined || document === null ? {} : document;
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new PackConfigError(
      `policy pack config must be a JSON object keyed by policy name; got ${JSON.stringify(config)}`,
    );
  }
  const entries = config as Record<string, unknown>;
  const known = new Set(rules.map((rule) => rule.id));
  for (const key of Object.keys(entries)) {
    if (key !== 'all' && !known.has(key)) {
      throw new PackConfigError(
        `policy pack config names unknown policy '${key}'; run 'harden controls' for the rule ids`,
      );
    }
  }
  const all = entries.all === undefined ? undefined : levelOf(entries.all, 'all');
  const resolved = new Map<string, ResolvedPolicyConfig>();
  for (const rule of rules) {
    const entry = entries[rule.id];
    let level: EnforcementLevel | undefined;
    let properties: Record<string, unknown> = {};
    if (typeof entry === 'string') level = levelOf(entry, rule.id);
    else if (entry !== undefined) {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new PackConfigError(
          `policy pack config for '${rule.id}' must be an enforcement level or an object; got ${JSON.stringify(entry)}`,
        );
      }
      const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
      if (enforcementLevel !== undefined) level = levelOf(enforcementLevel, rule.id);
      properties = rest;
    }
    policySettings(rule, properties);
    resolved.set(rule.id, { enforcementLevel: level ?? all ?? defaultEnforcementLevel(rule), properties });
  }
  return resolved;
}

function levelOf(value: unknown, policy: string): EnforcementLevel {
  const candidate =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>).enforcementLevel : value;
  if (typeof candidate === 'string' && (ENFORCEMENT_LEVELS as readonly string[]).includes(candidate)) {
    return candidate as EnforcementLevel;
  }
  throw new PackConfigError(
    `policy pack config for '${policy}' has enforcement level ${JSON.stringify(candidate)}; use one of ${ENFORCEMENT_LEVELS.join(', ')}`,
  );
}
