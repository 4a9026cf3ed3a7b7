import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { asArray, asRecord, asString } from '../../kubernetes/object';
import { yamlDocuments } from './parse-yaml';
import type { InputSource } from './types';

/** Names kustomize reads a kustomization from. */
const KUSTOMIZATION_NAMES: ReadonlySet<string> = new Set([
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
]);

/**
 * Fields of a kustomization that list files which are not whole objects of the build: patches (a Deployment
 * patch carries only the fields it changes), replacement configs, and generator and transformer configs.
 *
 * @see https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
 */
const NOT_RESOURCES: readonly { readonly field: string; readonly entry: 'string' | 'path' }[] = [
  { field: 'patches', entry: 'path' },
  { field: 'patchesStrategicMerge', entry: 'string' },
  { field: 'patchesJson6902', entry: 'path' },
  { field: 'replacements', entry: 'path' },
  { field: 'generators', entry: 'string' },
  { field: 'transformers', entry: 'string' },
  { field: 'validators', entry: 'string' },
];

/**
 * The files among `sources` that a kustomization among them lists as patches (or replacement, generator or
 * transformer configs), each with why it is not checked on its own. Checked alone, a patch reads as a broken
 * or half-empty object: a Deployment patch that sets only `replicas` has no containers, one that sets an image
 * has none of the security context of the base it patches. What kustomize builds is the manifest to check. A
 * kustomization that cannot be read or parsed lists nothing (it is skipped with its own warning).
 */
export function kustomizeNonResources(sources: readonly InputSource[]): Map<string, string> {
  const listed = new Map<string, string>();
  for (const source of sources) {
    if (source.absolute === undefined || !KUSTOMIZATION_NAMES.has(basename(source.absolute))) continue;
    let text: string;
    try {
      text = readFileSync(source.absolute, 'utf8');
    } catch {
      continue;
    }
    const first = yamlDocuments(text, '1.2').next().value;
    const kustomization = first && 'document' in first ? asRecord(first.document.value) : undefined;
    if (!kustomization) continue;
    const directory = dirname(source.absolute);
    const build = dirname(source.file);
    for (const { field, entry } of NOT_RESOURCES) {
      for (const item of asArray(kustomization[field])) {
        const path = entry === 'string' ? asString(item) : asString(asRecord(item)?.path);
        // An inline patch (a string holding YAML) names no file.
        if (path === undefined || path.includes('\n')) continue;
        listed.set(
          resolve(directory, path),
          `is listed under ${field} in ${source.file}, so it is not a whole manifest and was not checked on its own; check what kustomize builds: \`kustomize build ${build} | harden check -\``,
        );
      }
    }
  }
  return listed;
}
