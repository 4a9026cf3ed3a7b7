/** The text of one document of a YAML stream and where it is. */
export interface YamlChunk {
  /** 0-based position of the document in the stream, counting empty documents. */
  readonly index: number;
  /** The document's text, from its `---` marker (when it has one) to the next marker. */
  readonly text: string;
  /** Offset of {@link text} in the stream. */
  readonly start: number;
  /** 1-based line of the chunk's first line in the file. */
  readonly firstLine: number;
  /** 1-based line of the document's first content (not blank, comment, directive or bare `---`). */
  readonly contentLine: number;
}

/**
 * Cuts a YAML stream into its documents at `---` and `...` markers (a marker is three dashes or dots at the
 * start of a line, then a space, a tab or the line end; YAML allows no such line inside a document), in one
 * pass over the text, so each document can be parsed, checked and dropped on its own. Lines before the first
 * marker that hold only comments, directives or blanks are not a document of their own, as in YAML.
 */
export function* splitYamlDocuments(text: string): Generator<YamlChunk> {
  let index = 0;
  let start = 0;
  let startLine = 1;
  // Until a chunk has content (or a `---`), it may be only comments before the next marker: no document.
  let explicit = false;
  let contentLine = 0;
  let line = 1;
  let position = 0;
  const chunk = (end: number): YamlChunk => ({
    index: index++,
    text: text.slice(start, end),
    start,
    firstLine: startLine,
    contentLine: contentLine || startLine,
  });
  while (position < text.length) {
    const lineEnd = text.indexOf('\n', position);
    const next = lineEnd < 0 ? text.length : lineEnd + 1;
    const marker = markerAt(text, position);
    if (marker === '---') {
      if (explicit || contentLine > 0) yield chunk(position);
      start = position;
      startLine = line;
      explicit = true;
      contentLine = hasContentAfterMarker(text, position + 3, next) ? line : 0;
    } else if (marker === '...') {
      if (explicit || contentLine > 0) yield chunk(next);
      start = next;
      startLine = line + 1;
      explicit = false;
      contentLine = 0;
    } else if (contentLine === 0 && isContent(text, position, next)) {
      contentLine = line;
    }
    position = next;
    line++;
  }
  if (explicit || contentLine > 0) yield chunk(text.length);
}

/** `---` or `...` when the line at `position` is a document marker. */
function markerAt(text: string, position: number): '---' | '...' | undefined {
  const first = text.charCodeAt(position);
  if (first !== 0x2d && first !== 0x2e) return undefined;
  if (text.charCodeAt(position + 1) !== first || text.charCodeAt(position + 2) !== first) return undefined;
  const after = text.charCodeAt(position + 3);
  // End of text (NaN), line feed, carriage return, space or tab.
  if (!(Number.isNaN(after) || after === 0x0a || after === 0x0d || after === 0x20 || after === 0x09)) {
    return undefined;
  }
  return first === 0x2d ? '---' : '...';
}

/** True when the line from `position` to `end` holds YAML content (not blank, a comment or a directive). */
function isContent(text: string, position: number, end: number): boolean {
  for (let i = position; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a || code === 0xfeff) continue;
    return code !== 0x23 && !(code === 0x25 && i === position);
  }
  return false;
}

/** True when a `---` line goes on with content (`--- |`, `--- {a: 1}`), not only a comment. */
function hasContentAfterMarker(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a) continue;
    return code !== 0x23;
  }
  return false;
}
