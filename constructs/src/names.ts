import type { IConstruct } from 'constructs';
import { invalidProp } from './prop-error';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** The label every object of a construct carries and every selector matches on. */
export const NAME_LABEL = 'app.kubernetes.io/name';
/** Marks the objects our constructs made. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Value of {@link MANAGED_BY_LABEL}. */
export const MANAGED_BY = 'eks-hardening';

/**
 * Checks a name that becomes a Service name too (RFC 1035 label: lowercase letters, digits and '-', starting
 * with a letter) and returns it.
 *
 * @param maxLength 63, or less where Kubernetes derives longer names from it (CronJob, StatefulSet: 52)
 */
export function checkWorkloadName(scope: IConstruct, prop: string, name: string, maxLength = 63): string {
  if (!RFC1035_LABEL.test(name) || name.length > maxLength) {
    throw invalidProp(
      scope,
      prop,
      name,
      `must be a DNS label of at most ${maxLength} characters (lowercase letters, digits and '-', starting with a letter, not ending with '-')`,
      `Pass a name such as 'api' or 'web-frontend' (the construct id is used when 'name' is unset).`,
    );
  }
  return name;
}

/** Checks a namespace or object name (RFC 1123 DNS label, at most 63 characters) and returns it. */
export function checkDnsLabel(scope: IConstruct, prop: string, name: string): string {
  if (!DNS_LABEL.test(name) || name.length > 63) {
    throw invalidProp(
      scope,
      prop,
      name,
      "must be a DNS label of at most 63 characters (lowercase letters, digits and '-', starting and ending with a letter or digit)",
      `Use a name such as 'shop' or 'team-a'.`,
    );
  }
  return name;
}

/** Checks a container port name (IANA service name: at most 15 lowercase letters, digits and '-'). */
export function checkPortName(scope: IConstruct, prop: string, name: string): string {
  if (!PORT_NAME.test(name) || name.length > 15 || !/[a-z]/.test(name) || name.includes('--')) {
    throw invalidProp(
      scope,
      prop,
      name,
      "must be at most 15 lowercase letters, digits and '-', with at least one letter and no '--'",
      `Use a name such as 'http', 'grpc' or 'metrics'.`,
    );
  }
  return name;
}

/** Checks an environment variable name. */
export function checkEnvName(scope: IConstruct, prop: string, name: string): string {
  if (!ENV_NAME.test(name)) {
    throw invalidProp(
      scope,
      prop,
      name,
      "must be letters, digits, '_', '-' and '.', not starting with a digit",
      `Use a name such as 'LOG_LEVEL'.`,
    );
  }
  return name;
}

/** Checks a map of labels (qualified names and label values) and returns it. */
export function checkLabels(
  scope: IConstruct,
  prop: string,
  labels: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  for (const [key, value] of Object.entries(labels)) {
    const keyName = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (!QUALIFIED_NAME.test(key) || keyName.length > 63 || key.length > 316) {
      throw invalidProp(
        scope,
        `${prop}.${key}`,
        key,
        'must be a label key ([prefix/]name; name at most 63 letters, digits, "-", "_" or ".")',
        `Use a key such as 'app.kubernetes.io/name' or 'tier'.`,
      );
    }
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63) {
      throw invalidProp(
        scope,
        `${prop}.${key}`,
        value,
        'must be a label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
        `Use a value such as 'web'.`,
      );
    }
  }
  return labels;
}
