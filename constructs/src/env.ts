import { credentialName, credentialValue } from '@eks-hardening/rules';
import { type EnvVar, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import { checkDnsLabel, checkEnvName, checkLabels } from './names';
import { invalidProp } from './prop-error';
import { parseQuantity } from './quantity';
import type { ISecretSource } from './secrets';

/** Downward-API fields a variable may read. */
export const ENV_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
] as const;
/** One of {@link ENV_FIELDS}. */
export type EnvField = (typeof ENV_FIELDS)[number];

/** Resources of the container a variable may read (downward API `resourceFieldRef`). */
export const ENV_RESOURCES = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
] as const;
/** One of {@link ENV_RESOURCES}. */
export type EnvResource = (typeof ENV_RESOURCES)[number];

type Source =
  | { readonly type: 'value'; readonly value: string }
  | { readonly type: 'secret'; readonly secret: ISecretSource; readonly key: string }
  | { readonly type: 'configMap'; readonly name: string; readonly key: string }
  | { readonly type: 'field'; readonly field: EnvField }
  | { readonly type: 'metadata'; readonly map: 'labels' | 'annotations'; readonly key: string }
  | { readonly type: 'resource'; readonly resource: EnvResource; readonly divisor?: string };

/**
 * The value of an environment variable. A literal is for configuration only: a literal whose name or value
 * looks like a credential is refused; secrets come from {@link EnvValue.fromSecret}.
 */
export class EnvValue {
  /** A plain, non-secret value. */
  static value(value: string): EnvValue {
    return new EnvValue({ type: 'value', value });
  }

  /** The value of `key` in a Secret (an existing one, or one synchronised by an ExternalSecret). */
  static fromSecret(secret: ISecretSource, key: string): EnvValue {
    return new EnvValue({ type: 'secret', secret, key });
  }

  /** The value of `key` in a ConfigMap of the workload's namespace. */
  static fromConfigMap(name: string, key: string): EnvValue {
    return new EnvValue({ type: 'configMap', name, key });
  }

  /** A field of the pod itself (downward API `fieldRef`). */
  static fromField(field: EnvField): EnvValue {
    return new EnvValue({ type: 'field', field });
  }

  /** The value of one label of the pod (`metadata.labels['<key>']`). */
  static fromPodLabel(key: string): EnvValue {
    return new EnvValue({ type: 'metadata', map: 'labels', key });
  }

  /** The value of one annotation of the pod (`metadata.annotations['<key>']`). */
  static fromPodAnnotation(key: string): EnvValue {
    return new EnvValue({ type: 'metadata', map: 'annotations', key });
  }

  /**
   * A request or limit of the container itself (downward API `resourceFieldRef`), e.g. `limits.memory` for a
   * runtime that sizes its heap, in units of `divisor` (`1Mi`, `1m`). @param divisor @default '1'
   */
  static fromResource(resource: EnvResource, options: { readonly divisor?: string } = {}): EnvValue {
    return new EnvValue({ type: 'resource', resource, divisor: options.divisor });
  }

  private constructor(private readonly source: Source) {}

  /** @internal */
  _render(scope: IConstruct, prop: string, name: string): EnvVar {
    const source = this.source;
    switch (source.type) {
      case 'value':
        checkNotSecret(scope, prop, name, source.value);
        return { name, value: source.value };
      case 'secret':
        checkKey(scope, `${prop}.key`, source.key);
        return { name, valueFrom: { secretKeyRef: { name: source.secret.secretName, key: source.key } } };
      case 'configMap':
        checkDnsLabel(scope, `${prop}.name`, source.name);
        checkKey(scope, `${prop}.key`, source.key);
        return { name, valueFrom: { configMapKeyRef: { name: source.name, key: source.key } } };
      case 'field':
        if (!ENV_FIELDS.includes(source.field)) {
          throw invalidProp(
            scope,
            prop,
            source.field,
            `must be one of ${ENV_FIELDS.join(', ')}`,
            'Pick a listed field.',
          );
        }
        return { name, valueFrom: { fieldRef: { fieldPath: source.field } } };
      case 'metadata':
        checkLabels(scope, prop, { [source.key]: 'x' });
        return { name, valueFrom: { fieldRef: { fieldPath: `metadata.${source.map}['${source.key}']` } } };
      case 'resource': {
        if (!ENV_RESOURCES.includes(source.resource)) {
          throw invalidProp(
            scope,
            prop,
            source.resource,
            `must be one of ${ENV_RESOURCES.join(', ')}`,
            'Pick a listed resource.',
          );
        }
        const divisor = source.divisor;
        if (divisor !== undefined && !(parseQuantity(divisor) !== undefined && parseQuantity(divisor)! > 0)) {
          throw invalidProp(
            scope,
            `${prop}.divisor`,
            divisor,
            'must be a positive quantity',
            "Write it like '1Mi' or '1m'.",
          );
        }
        return {
          name,
          valueFrom: {
            resourceFieldRef: {
              resource: source.resource,
              ...(divisor !== undefined ? { divisor: Quantity.fromString(divisor) } : {}),
            },
          },
        };
      }
    }
  }
}

/** Environment variables by name: a string is a plain value ({@link EnvValue.value}). */
export type EnvProps = Readonly<Record<string, string | EnvValue>>;

/** The container `env` for `env`, checked (names, keys, no credential literals), in name order. */
export function renderEnv(scope: IConstruct, prop: string, env: EnvProps): EnvVar[] {
  return Object.keys(env)
    .sort()
    .map((name) => {
      checkEnvName(scope, `${prop}.${name}`, name);
      const value = env[name];
      const envValue = typeof value === 'string' ? EnvValue.value(value) : value;
      if (!(envValue instanceof EnvValue)) {
        throw invalidProp(
          scope,
          `${prop}.${name}`,
          value,
          'must be a string or an EnvValue',
          'Use EnvValue.fromSecret(...) for secrets.',
        );
      }
      return envValue._render(scope, `${prop}.${name}`, name);
    });
}

function checkNotSecret(scope: IConstruct, prop: string, name: string, value: string): void {
  if (typeof value !== 'string') {
    throw invalidProp(scope, prop, value, 'must be a string', 'Quote numbers and booleans.');
  }
  // The same tests as rule no-secret-literal-env, so what the rule would report can never be written.
  const what = credentialValue(value);
  const reason = what
    ? `contains what looks like ${what}`
    : value !== '' && credentialName(name)
      ? 'looks like a credential by its name'
      : undefined;
  if (reason) {
    throw invalidProp(
      scope,
      prop,
      '<redacted>',
      `${reason}, and literal secret values are not allowed`,
      'Store it in AWS Secrets Manager, sync it with a HardenedExternalSecret and use EnvValue.fromSecret(secret, key) or secretMounts; if it is not a secret, name it after what it is (e.g. a _FILE suffix for a path).',
    );
  }
}

function checkKey(scope: IConstruct, prop: string, key: string): void {
  if (typeof key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) {
    throw invalidProp(
      scope,
      prop,
      key,
      "must be a Secret or ConfigMap key (letters, digits, '-', '_', '.')",
      "Use the key's name, e.g. 'password'.",
    );
  }
}
