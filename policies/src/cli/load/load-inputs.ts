import { readFileSync, statSync } from 'node:fs';
import type { CliIo } from '../io';
import { type Decoded, decodeUtf8 } from './decode-utf8';
import { excludeMatcher, expandPaths, STDIN_PATH, unreadable } from './input-paths';
import { kubernetesObjects, looksLikeObject } from './kubernetes-objects';
import { kustomizeNonResources } from './kustomize-non-resources';
import { notKubernetesReason } from './not-kubernetes';
import { parseJsonDocument } from './parse-json';
import { type ParsedDocument, type ParseError, yamlDocuments } from './parse-yaml';
import type { InputError, InputSource, LoadedObject, LoadResult } from './types';

/**
 * The largest file read by default: 64 MiB, above any manifest file a repository or `helm template` holds,
 * and small enough that a stray database dump or log is refused before it is read into memory.
 */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** How to read the input. */
export interface LoadOptions {
  /** Globs of paths below named directories to leave out (see `excludeMatcher`). @default [] */
  readonly exclude?: readonly string[];
  /** Largest file read, in bytes. @default {@link DEFAULT_MAX_FILE_BYTES} */
  readonly maxFileBytes?: number;
  /**
   * Takes each object as soon as it is read, in input order, instead of `objects` (which then stays empty),
   * so a caller that drops what it is done with never holds the whole input. @default collect in `objects`
   */
  readonly each?: (object: LoadedObject) => void;
}

/**
 * Reads every Kubernetes object from the paths the user named (files, directories, `-` for stdin). Never
 * throws on bad input: each problem becomes an {@link InputError} naming the file (and line and column when
 * known), and every other file and document is still read. A file that is recognisably not Kubernetes
 * (`package.json`, `Chart.yaml`, Helm values, a Helm template, a patch a kustomization lists) is skipped
 * with a warning. Only the parsed objects are kept, not the text; documents are parsed a few at a time, and
 * with `each` not kept at all.
 */
export async function loadInputs(
  paths: readonly string[],
  io: Pick<CliIo, 'cwd' | 'readStdin'>,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const { sources, errors, excluded } = expandPaths(
    paths,
    io.cwd,
    excludeMatcher(options.exclude ?? [], io.cwd),
  );
  const result: LoadResult = { objects: [], errors, warnings: [], files: sources.length, excluded };
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const nonResources = kustomizeNonResources(sources);
  for (const source of sources) {
    const listed = source.absolute === undefined ? undefined : nonResources.get(source.absolute);
    if (listed !== undefined) {
      result.warnings.push({ file: source.file, message: listed });
      continue;
    }
    let read: Decoded | { readonly tooLarge: number };
    try {
      read = await readSource(source, io, limit);
    } catch (error) {
      errors.push({ file: source.file, message: unreadable(error) });
      continue;
    }
    if ('tooLarge' in read) errors.push({ file: source.file, message: tooLarge(read.tooLarge, limit) });
    else loadText(source, read, result, options.each);
  }
  return result;
}

/** The decoded text of a source, or its size when it is over `limit`. Throws when it cannot be read. */
async function readSource(
  source: InputSource,
  io: Pick<CliIo, 'readStdin'>,
  limit: number,
): Promise<Decoded | { readonly tooLarge: number }> {
  let bytes: Uint8Array;
  if (source.absolute === undefined) {
    bytes = await io.readStdin();
  } else {
    const stats = statSync(source.absolute);
    if (stats.size > limit) return { tooLarge: stats.size };
    if (stats.isFile()) return readUtf8File(source.absolute);
    // A pipe (`harden check <(helm template ...)`) can be read only once, and its size is known only then.
    bytes = readFileSync(source.absolute);
  }
  return bytes.length > limit ? { tooLarge: bytes.length } : decodeUtf8(bytes);
}

/**
 * A regular file's text as {@link decodeUtf8} gives it. The file is read and decoded in one call, which turns
 * invalid bytes into U+FFFD; only a text holding U+FFFD (a file with invalid bytes, or one that writes the
 * character) is read again and decoded strictly.
 */
function readUtf8File(path: string): Decoded {
  const text = readFileSync(path, 'utf8');
  if (text.includes('\uFFFD')) return decodeUtf8(readFileSync(path));
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Says a file is over the size limit and how to raise it. */
function tooLarge(size: number, limit: number): string {
  const suggested = Math.ceil((size * 1.1) / 1e6);
  return `file is ${megabytes(size)}, over the ${megabytes(limit)} limit per file; raise it with --max-file-size ${suggested}MB (or maxFileSize in the config file), or split the file`;
}

function megabytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  return bytes < 1e6 ? `${bytes} bytes` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Parses one file's decoded text into `result`, document by document. A file none of whose documents
 * looks like a Kubernetes object (no apiVersion, kind or metadata anywhere), or that is a known
 * non-Kubernetes file, becomes a warning; so does a file that holds template syntax (a `{{` outside any of
 * its strings) and does not read as objects, with how to render it first. A broken document that looks like
 * an object stays an error. Objects go to `each` as they are read when the file cannot turn out to be a
 * template (it has no `{{`), else at the end of the file; without `each`, to `result.objects`.
 */
export function loadText(
  source: InputSource,
  decoded: Decoded,
  result: LoadResult,
  each: (object: LoadedObject) => void = (object) => result.objects.push(object),
): void {
  const { file } = source;
  if ('error' in decoded) {
    result.errors.push({ file, ...decoded.error });
    return;
  }
  const text = decoded.text;
  const known = notKubernetesReason(file);
  if (known) {
    result.warnings.push({ file, message: known });
    return;
  }
  const isJson = file !== STDIN_PATH && file.toLowerCase().endsWith('.json');
  const fileErrors: InputError[] = [];
  // Objects wait for the end of the file only where it may still turn out to be a template.
  const mayBeTemplate = text.includes('{{');
  const objects: LoadedObject[] = [];
  // Documents that are not objects, kept until the file shows whether it holds any Kubernetes object.
  const strays: ParsedDocument[] = [];
  let syntaxErrors = 0;
  let objectLike = 0;
  // How many `{{` the parsed documents hold in their strings: fewer than the text holds means some stand
  // outside any string, as template syntax does.
  let quotedMarks = 0;
  const take = (next: { document: ParsedDocument } | { error: ParseError }) => {
    if ('error' in next) {
      syntaxErrors++;
      fileErrors.push({ file, ...next.error });
      return;
    }
    const { document } = next;
    if (mayBeTemplate) quotedMarks += templateMarksIn(document.value);
    if (!looksLikeObject(document.value)) {
      strays.push(document);
      return;
    }
    objectLike++;
    const read = kubernetesObjects(file, document);
    for (const object of read.objects) {
      if (mayBeTemplate) objects.push(object);
      else each(object);
    }
    for (const error of read.errors) fileErrors.push(error);
  };
  if (isJson) {
    const parsed = parseJsonDocument(text);
    for (const error of parsed.errors) take({ error });
    for (const document of parsed.documents) take({ document });
  } else {
    for (const next of yamlDocuments(text)) take(next);
  }

  // A file whose every `{{` sits inside a string (a shell script's `docker ps --format '{{.Image}}'`) is
  // rendered already, and its errors are its own.
  const templated =
    mayBeTemplate && (syntaxErrors > 0 || strays.length > 0) && quotedMarks < occurrences(text, '{{');
  if (templated) {
    result.warnings.push({
      file,
      message:
        'holds template syntax ({{ ... }}), so it is not a manifest yet and was not checked; render it first and check the output, for example `helm template <release> <chart> | harden check -`',
    });
    return;
  }
  if (objectLike === 0 && syntaxErrors === 0) {
    if (strays.length > 0) {
      result.warnings.push({
        file,
        line: strays[0]!.line,
        message:
          'is not a Kubernetes manifest (no document has apiVersion, kind or metadata), so it was not checked; leave it out with --exclude to silence this',
      });
    }
    return;
  }
  for (const stray of strays) {
    for (const error of kubernetesObjects(file, stray).errors) fileErrors.push(error);
  }
  for (const object of objects) each(object);
  fileErrors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  for (const error of fileErrors) result.errors.push(error);
}

/** How many times `needle` occurs in `text`, without overlaps. */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** How many `{{` the strings of a parsed YAML value hold, in its keys and its values. */
function templateMarksIn(value: unknown): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('{{')) count += occurrences(next, '{{');
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) {
        if (key.includes('{{')) count += occurrences(key, '{{');
        pending.push(item);
      }
    }
  }
  return count;
}
