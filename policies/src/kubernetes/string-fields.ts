import type { Manifest, RuleOptions } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asArray, asRecord, kindOf } from './object';
import { containersOf } from './pod-template';
import { podsOf } from './workloads';

/** A value written as another type where the Kubernetes API takes only a string. */
export interface NonStringValue {
  /** Field path in the object, as findings write it (`metadata.annotations['prometheus.io/scrape']`). */
  readonly path: string;
  readonly value: unknown;
}

/** Kinds whose top-level maps hold only strings, by field. */
const STRING_MAPS: ReadonlyMap<string, readonly string[]> = new Map([
  ['ConfigMap', ['data', 'binaryData']],
  ['Secret', ['data', 'stringData']],
]);

/**
 * The values of string fields that are written as another type: label and annotation values (of the object
 * and of its pods), ConfigMap `data` and `binaryData`, Secret `data` and `stringData`, and container `env`
 * values. An unquoted `true`, `yes`, `on` or `8080` is read by YAML as a boolean or a number, and the API
 * server refuses the object (`cannot unmarshal bool into Go struct field ... of type string`); the rules read
 * those fields only as strings, so they would check the object as if the value were not there. `null` is not
 * listed (the API reads it as an empty string), nor is a value not known yet.
 */
export function nonStringValues(
  manifest: Manifest,
  options?: Pick<RuleOptions, 'workloads'>,
): NonStringValue[] {
  const found: NonStringValue[] = [];
  const metadata = asRecord(manifest.metadata);
  stringMap(metadata?.labels, 'metadata.labels', found);
  stringMap(metadata?.annotations, 'metadata.annotations', found);
  for (const field of STRING_MAPS.get(kindOf(manifest)) ?? []) stringMap(manifest[field], field, found);
  for (const pod of podsOf(manifest, options)) {
    // A Pod's own metadata is the object's, listed above.
    if (pod.metadataPath !== 'metadata') {
      stringMap(pod.metadata.labels, `${pod.metadataPath}.labels`, found);
      stringMap(pod.metadata.annotations, `${pod.metadataPath}.annotations`, found);
    }
    for (const { container, path } of containersOf(pod)) {
      asArray(container.env).forEach((entry, index) => {
        const value = asRecord(entry)?.value;
        if (notAString(value)) found.push({ path: `${path}.env[${index}].value`, value });
      });
    }
  }
  return found;
}

/** Lists the entries of a string map that are not strings. */
function stringMap(map: unknown, at: string, found: NonStringValue[]): void {
  const record = asRecord(map);
  if (!record) return;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (notAString(value)) found.push({ path: `${at}['${key}']`, value });
  }
}

function notAString(value: unknown): boolean {
  return value !== undefined && value !== null && typeof value !== 'string' && !isUnknown(value);
}

/**
 * What the user is told about a {@link NonStringValue}: where, what YAML made of it, and to quote it as written
 * (the parsed value may differ from the text: `yes` is true, `0644` is 420).
 */
export function describeNonString({ path, value }: NonStringValue): string {
  const consequence =
    'the API server takes only strings there and refuses the object, and the rules read it as unset';
  if (typeof value === 'boolean' || typeof value === 'number') {
    return `${path} is not a string: YAML reads the unquoted value as the ${typeof value} ${String(value)}; ${consequence}; quote the value as you wrote it`;
  }
  const what = Array.isArray(value) ? 'a list' : asRecord(value) ? 'a mapping' : `a ${typeof value}`;
  return `${path} is ${what}, not a string; ${consequence}; write it as one string`;
}
