import {
  type DocumentOptions,
  isMap,
  isSeq,
  LineCounter,
  type ParseOptions,
  parseAllDocuments,
  type SchemaOptions,
} from 'yaml';

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
 * are booleans and `0644` is octal, exactly what the API server would receive from kubectl. Timestamps stay
 * strings, as in Kubernetes. Errors carry offsets; positions come from a per-file {@link LineCounter}.
 */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = Object.freeze({
  version: '1.1',
  customTags: (tags) =>
    tags.filter((tag) =>
      typeof tag === 'string' ? tag !== 'timestamp' : tag.tag !== 'tag:yaml.org,2002:timestamp',
    ),
  prettyErrors: false,
});

/**
 * Parses every document of a YAML stream (YAML 1.1 for manifests, see {@link YAML_OPTIONS}; 1.2 for our own
 * files, where `y` must stay a string). Empty documents (nothing, or only comments) are skipped but
 * counted in the index. A document with a syntax error yields its first error (later ones tend to be
 * consequences of it) and no value; the other documents of the file are still returned.
 */
export function parseYamlDocuments(
  text: string,
  version: '1.1' | '1.2' = '1.1',
): { documents: ParsedDocument[]; errors: ParseError[] } {
  const lineCounter = new LineCounter();
  const documents: ParsedDocument[] = [];
  const errors: ParseError[] = [];
  const parsed = parseAllDocuments(text, { ...YAML_OPTIONS, version, lineCounter });
  for (let index = 0; index < parsed.length; index++) {
    const document = parsed[index]!;
    const first = document.errors[0];
    if (first) {
      const { line, col } = lineCounter.linePos(first.pos[0]);
      errors.push({ line, column: col, message: `invalid YAML: ${first.message}; ${yamlFix(first.code)}` });
      continue;
    }
    const contents = document.contents;
    if (contents === null) continue;
    const line = lineCounter.linePos(contents.range?.[0] ?? document.range[0]).line;
    let value: unknown;
    try {
      value = document.toJS();
    } catch (error) {
      errors.push({
        line,
        column: 1,
        message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}; check the anchors and aliases of this document`,
      });
      continue;
    }
    if (value === null || value === undefined) continue;
    const items = isMap(contents) ? contents.get('items', true) : undefined;
    const itemLines = isSeq(items)
      ? items.items.map((item) => lineCounter.linePos((item as { range?: [number] }).range?.[0] ?? 0).line)
      : undefined;
    documents.push(itemLines ? { index, value, line, itemLines } : { index, value, line });
  }
  return { documents, errors };
}

/** How to fix a YAML syntax error, by the parser's error code. */
function yamlFix(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'remove or rename the repeated key';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return 'define the anchor (&name) before the alias (*name) that uses it';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MISSING_CHAR':
      return 'check for a missing colon, quote or bracket near this position';
    default:
      return 'check the indentation and quoting near this position';
  }
}
