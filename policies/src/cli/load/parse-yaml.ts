import { CORE_SCHEMA, load, loadAll, Schema, timestampTag, YAML11_SCHEMA, type YAMLException } from 'js-yaml';
import { errorMessage } from '../../error-message';
import { splitYamlDocuments, type YamlChunk } from './split-yaml';

/** One non-empty document of a file, as plain data. */
export interface ParsedDocument {
  /** 0-based position of the document in the file, counting empty documents. */
  readonly index: number;
  readonly value: unknown;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** 1-based line of each entry of a top-level `items` sequence (for `List` objects). */
  readonly itemLines?: readonly number[];
}

/** A syntax error, with its 1-based position. */
export interface ParseError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * How manifests are read: YAML 1.1, as the Kubernetes YAML decoder (go-yaml v2) reads them, so `yes`/`on`
 * are booleans, `0644` is octal and `<<` merges, exactly what the API server would receive from kubectl.
 * Timestamps stay strings, as in Kubernetes. js-yaml builds plain objects directly (no syntax tree) and
 * finds repeated keys with one property lookup each, so a 240,000-key ConfigMap reads in about a second.
 */
export const MANIFEST_SCHEMA: Schema = new Schema(YAML11_SCHEMA.tags.filter((tag) => tag !== timestampTag));

/** Our own files (config): YAML 1.2, where `y` and `no` stay strings. */
export const CONFIG_SCHEMA: Schema = CORE_SCHEMA;

/**
 * Parses the documents of a YAML stream one at a time (YAML 1.1 for manifests, see {@link MANIFEST_SCHEMA};
 * 1.2 for our own files), yielding each non-empty document or its first syntax error in file order. Only one
 * document is held at a time, so a caller that consumes them as they come keeps memory to what it keeps.
 * Empty documents (nothing, or only comments) are skipped but counted in the index; a broken document does
 * not stop the ones after it.
 */
export function* yamlDocuments(
  text: string,
  version: '1.1' | '1.2' = '1.1',
): Generator<{ document: ParsedDocument } | { error: ParseError }> {
  const schema = version === '1.1' ? MANIFEST_SCHEMA : CONFIG_SCHEMA;
  for (const batch of chunkBatches(text)) {
    const values = loadBatch(text, batch, schema);
    for (let i = 0; i < batch.length; i++) {
      const chunk = batch[i]!;
      let value: unknown;
      if (values) {
        value = values[i];
      } else {
        try {
          value = load(chunk.text, { schema });
        } catch (error) {
          yield { error: syntaxError(error, chunk) };
          continue;
        }
      }
      if (value === null || value === undefined) continue;
      const itemLines = listItemLines(value, chunk.text, chunk.firstLine);
      const document: ParsedDocument = itemLines
        ? { index: chunk.index, value, line: chunk.contentLine, itemLines }
        : { index: chunk.index, value, line: chunk.contentLine };
      yield { document };
    }
  }
}

/**
 * Text parsed per call of the YAML library: each call costs a fixed setup (about 20 µs with js-yaml 5), so
 * small documents are parsed together, up to this much text, which also bounds the documents held at once.
 */
const BATCH_CHARS = 256 * 1024;

/** The documents of a stream in runs of consecutive chunks of at most {@link BATCH_CHARS} (or one chunk). */
function* chunkBatches(text: string): Generator<YamlChunk[]> {
  let batch: YamlChunk[] = [];
  let size = 0;
  for (const chunk of splitYamlDocuments(text)) {
    if (batch.length > 0 && size + chunk.text.length > BATCH_CHARS) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(chunk);
    size += chunk.text.length;
  }
  if (batch.length > 0) yield batch;
}

/**
 * The value of every chunk of `batch`, parsed in one call, or undefined when that call fails or does not see
 * the same documents: then each chunk is parsed on its own, so a broken document keeps its own error and does
 * not hide the ones after it.
 */
function loadBatch(text: string, batch: readonly YamlChunk[], schema: Schema): unknown[] | undefined {
  if (batch.length === 1) return undefined;
  const last = batch[batch.length - 1]!;
  try {
    const values = loadAll(text.slice(batch[0]!.start, last.start + last.text.length), { schema });
    return values.length === batch.length ? values : undefined;
  } catch {
    return undefined;
  }
}

/** Every document and error of a YAML stream at once (see {@link yamlDocuments}). */
export function parseYamlDocuments(
  text: string,
  version: '1.1' | '1.2' = '1.1',
): { documents: ParsedDocument[]; errors: ParseError[] } {
  const documents: ParsedDocument[] = [];
  const errors: ParseError[] = [];
  for (const next of yamlDocuments(text, version)) {
    if ('error' in next) errors.push(next.error);
    else documents.push(next.document);
  }
  return { documents, errors };
}

/** A parser exception as a located error with the fix. */
function syntaxError(error: unknown, chunk: { text: string; firstLine: number }): ParseError {
  const exception = error as Partial<YAMLException>;
  const mark = exception.mark;
  const reason = exception.reason ?? errorMessage(error);
  if (!mark) {
    return { line: chunk.firstLine, column: 1, message: `invalid YAML: ${reason}; ${yamlFix(reason)}` };
  }
  const key = reason === 'duplicated mapping key' ? keyAt(chunk.text, mark.position) : undefined;
  const what = key ? `${reason} '${key}'` : reason;
  return {
    line: chunk.firstLine + mark.line,
    column: mark.column + 1,
    message: `invalid YAML: ${what}; ${yamlFix(reason)}`,
  };
}

/** The plain key written at `position` (up to its colon), for naming a repeated key. */
function keyAt(text: string, position: number): string | undefined {
  const match = /^["']?([^"':\n]{1,100})["']?\s*:/.exec(text.slice(position, position + 110));
  return match?.[1]?.trim() || undefined;
}

/** How to fix a YAML syntax error, by the parser's reason. */
function yamlFix(reason: string): string {
  if (reason.includes('duplicated mapping key')) return 'remove or rename the repeated key';
  if (reason.includes('tab')) return 'indent with spaces, not tabs';
  if (reason.includes('unidentified alias') || reason.includes('anchor')) {
    return 'define the anchor (&name) before the alias (*name) that uses it';
  }
  if (reason.includes('merge')) return 'check the anchors and aliases (<<) of this document';
  if (reason.includes('multiline key') || reason.includes('colon') || reason.includes('end of the stream')) {
    return 'check for a missing colon, quote or bracket near this position';
  }
  return 'check the indentation and quoting near this position';
}

/**
 * The 1-based line of each entry of a `List`'s top-level block sequence `items`, or undefined when the
 * document is not a list or its items are not written one `-` entry per item (then the list's line is used).
 */
function listItemLines(value: unknown, text: string, firstLine: number): number[] | undefined {
  const items = (value as { items?: unknown }).items;
  if (typeof value !== 'object' || Array.isArray(value) || !Array.isArray(items)) return undefined;
  const lines = text.split('\n');
  const at = lines.findIndex((line) => /^items\s*:\s*(#.*)?$/.test(line));
  if (at < 0) return undefined;
  const found: number[] = [];
  let indent = -1;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const column = line.length - content.length;
    const isEntry = content === '-' || content.startsWith('- ');
    if (indent < 0) {
      if (!isEntry) return undefined;
      indent = column;
    }
    if (column < indent || (column === indent && !isEntry)) break;
    if (column === indent) found.push(firstLine + i);
  }
  return found.length === items.length ? found : undefined;
}
