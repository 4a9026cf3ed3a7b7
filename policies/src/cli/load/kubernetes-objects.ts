import type { Manifest } from '../../engine/types';
import type { ParsedDocument } from './parse-yaml';
import type { InputError, LoadedObject } from './types';

/**
 * The Kubernetes objects of one document. A `List` (`kind: List` or any `…List` kind with an `items` array,
 * as `kubectl get -o yaml` prints) yields its items, each with the list's `documentIndex` and its own
 * `itemIndex`. A document that is not a mapping with string `apiVersion` and `kind` is an error.
 */
export function kubernetesObjects(
  file: string,
  document: ParsedDocument,
): { objects: LoadedObject[]; errors: InputError[] } {
  const objects: LoadedObject[] = [];
  const errors: InputError[] = [];
  const { index: documentIndex, value, line } = document;
  const problem = objectProblem(value);
  if (problem) {
    errors.push({ file, line, message: `document ${documentIndex} ${problem}` });
    return { objects, errors };
  }
  const manifest = value as Manifest;
  const kind = manifest.kind as string;
  if (kind.endsWith('List') && Array.isArray(manifest.items)) {
    manifest.items.forEach((item: unknown, itemIndex: number) => {
      const itemLine = document.itemLines?.[itemIndex] ?? line;
      const itemProblem = objectProblem(item);
      if (itemProblem) {
        errors.push({
          file,
          line: itemLine,
          message: `items[${itemIndex}] of the ${kind} in document ${documentIndex} ${itemProblem}`,
        });
      } else {
        objects.push({ file, documentIndex, itemIndex, line: itemLine, manifest: item as Manifest });
      }
    });
    return { objects, errors };
  }
  objects.push({ file, documentIndex, line, manifest });
  return { objects, errors };
}

/** Why a value is not a Kubernetes object, or undefined when it is one. */
function objectProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    return `is ${what}, not a Kubernetes object; each document must be a mapping with apiVersion and kind (separate objects with ---)`;
  }
  const record = value as Record<string, unknown>;
  const missing = (['apiVersion', 'kind'] as const).filter(
    (field) => typeof record[field] !== 'string' || record[field] === '',
  );
  if (missing.length === 0) return undefined;
  const described = missing
    .map((field) =>
      record[field] === undefined ? `no '${field}'` : `a '${field}' that is not a non-empty string`,
    )
    .join(' and ');
  return `has ${described}, so it is not a Kubernetes object; add apiVersion and kind (for example apiVersion: apps/v1, kind: Deployment)`;
}

/**
 * True when a document looks like a Kubernetes object, broken or not: a mapping with `apiVersion`, `kind` or
 * `metadata`. A document that is none of these (Helm values, tool settings) is not one at all.
 */
export function looksLikeObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return record.apiVersion !== undefined || record.kind !== undefined || record.metadata !== undefined;
}
