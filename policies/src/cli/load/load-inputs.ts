import { readFileSync } from 'node:fs';
import type { CliIo } from '../io';
import { decodeUtf8 } from './decode-utf8';
import { expandPaths, STDIN_PATH, unreadable } from './input-paths';
import { kubernetesObjects } from './kubernetes-objects';
import { parseJsonDocument } from './parse-json';
import { type ParsedDocument, type ParseError, parseYamlDocuments } from './parse-yaml';
import type { InputError, InputSource, LoadResult } from './types';

/**
 * Reads every Kubernetes object from the paths the user named (files, directories, `-` for stdin). Never
 * throws on bad input: each problem becomes an {@link InputError} naming the file (and line and column when
 * known), and every other file and document is still read. Only the parsed objects are kept, not the text.
 */
export async function loadInputs(
  paths: readonly string[],
  io: Pick<CliIo, 'cwd' | 'readStdin'>,
): Promise<LoadResult> {
  const { sources, errors } = expandPaths(paths, io.cwd);
  const result: LoadResult = { objects: [], errors, files: sources.length };
  for (const source of sources) {
    let bytes: Uint8Array;
    try {
      bytes = source.absolute === undefined ? await io.readStdin() : readFileSync(source.absolute);
    } catch (error) {
      errors.push({ file: source.file, message: unreadable(error) });
      continue;
    }
    loadText(source, bytes, result);
  }
  return result;
}

/** Decodes and parses one file's bytes into `result`. */
export function loadText(source: InputSource, bytes: Uint8Array, result: LoadResult): void {
  const { file } = source;
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) {
    result.errors.push({ file, ...decoded.error });
    return;
  }
  const parsed: { documents: ParsedDocument[]; errors: ParseError[] } =
    file !== STDIN_PATH && file.toLowerCase().endsWith('.json')
      ? parseJsonDocument(decoded.text)
      : parseYamlDocuments(decoded.text);
  const fileErrors: InputError[] = parsed.errors.map((error) => ({ file, ...error }));
  for (const document of parsed.documents) {
    const { objects, errors } = kubernetesObjects(file, document);
    for (const object of objects) result.objects.push(object);
    for (const error of errors) fileErrors.push(error);
  }
  fileErrors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  for (const error of fileErrors) result.errors.push(error);
}
