import type { Manifest } from '../engine/types';
import { isUnknown, UNKNOWN } from '../engine/unknown';

/** A plain object (not null, not an array), or undefined. Rules read untrusted input through this. */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An array, or an empty array when the value is anything else. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string, or undefined when the value is anything else. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The value at `keys` below `value`: undefined when a step is missing or not an object, and
 * {@link UNKNOWN} when a step is a value not known yet, so a rule can tell "unset" from "not known".
 */
export function valueAt(value: unknown, ...keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (isUnknown(current)) return UNKNOWN;
    current = asRecord(current)?.[key];
  }
  return current;
}

/** The object's `kind`, or `''` when it has none. */
export function kindOf(manifest: Manifest): string {
  return asString(manifest.kind) ?? '';
}

/** The object's `metadata.name`, or `''`. */
export function nameOf(manifest: Manifest): string {
  return asString(asRecord(manifest.metadata)?.name) ?? '';
}

/** The object's `metadata.namespace`, or undefined when unset. */
export function namespaceOf(manifest: Manifest): string | undefined {
  return asString(asRecord(manifest.metadata)?.namespace);
}

/** The object's annotations (string values only). */
export function annotationsOf(manifest: Manifest): Readonly<Record<string, string>> {
  return stringMap(asRecord(manifest.metadata)?.annotations);
}

/** The object's labels (string values only). */
export function labelsOf(manifest: Manifest): Readonly<Record<string, string>> {
  return stringMap(asRecord(manifest.metadata)?.labels);
}

/** `Kind/name` as findings name an object (`Deployment/api`; `Deployment/<unnamed>` when it has no name). */
export function displayName(manifest: Manifest): string {
  return `${kindOf(manifest) || '<no kind>'}/${nameOf(manifest) || '<unnamed>'}`;
}

function stringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value);
  if (!record) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(record)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** The label the API server sets on every namespace to its own name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
