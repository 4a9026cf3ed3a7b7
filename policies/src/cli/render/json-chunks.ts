/** Items rendered per chunk: large enough to keep writes few, small enough to keep memory flat. */
const CHUNK_ITEMS = 512;

const PLACEHOLDER = '\u0000harden-array\u0000';

/**
 * `JSON.stringify(document, null, 2)` with one large array (`document` holds {@link arraySlot} where the
 * array goes) rendered lazily in chunks, so no copy of every item and no single string of the whole output is
 * ever held. The concatenated chunks equal the plain `JSON.stringify` output.
 */
export function* prettyJsonChunks<T>(
  document: unknown,
  items: readonly T[],
  render: (item: T, index: number) => unknown,
  /**
   * Writes one item as `JSON.stringify(render(item), null, 2)` would, each line after the first starting with
   * `indent`: a faster path for large reports, which must give the same text.
   */
  renderText?: (item: T, indent: string, index: number) => string,
): Generator<string> {
  const text = JSON.stringify(document, null, 2);
  const marker = JSON.stringify(PLACEHOLDER);
  const at = text.indexOf(marker);
  if (at < 0) throw new Error('prettyJsonChunks: the document has no array slot');
  const head = text.slice(0, at);
  const tail = text.slice(at + marker.length);
  if (items.length === 0) {
    yield `${head}[]${tail}\n`;
    return;
  }
  const indent = head.slice(head.lastIndexOf('\n') + 1).match(/^ */)![0];
  const itemIndent = `${indent}  `;
  yield `${head}[\n`;
  for (let start = 0; start < items.length; start += CHUNK_ITEMS) {
    const end = Math.min(items.length, start + CHUNK_ITEMS);
    const parts: string[] = [];
    for (let i = start; i < end; i++) {
      const json = renderText
        ? renderText(items[i]!, itemIndent, i)
        : JSON.stringify(render(items[i]!, i), null, 2).replace(/\n/g, `\n${itemIndent}`);
      parts.push(`${itemIndent}${json}${i === items.length - 1 ? '' : ','}`);
    }
    yield `${parts.join('\n')}\n`;
  }
  yield `${indent}]${tail}\n`;
}

/** The value to put where {@link prettyJsonChunks} renders its array. */
export const arraySlot: unknown = PLACEHOLDER;
