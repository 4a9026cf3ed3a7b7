/**
 * Small builders for CEL text, so every admission form writes field guards, literals and messages the same
 * way. CEL in a ValidatingAdmissionPolicy sees `object` as dynamically typed data: selecting a field that is
 * absent is an evaluation error, so every optional field is read behind `has()`.
 *
 * Only the CEL standard library, the extended strings library (`lowerAscii`, `upperAscii`, `indexOf`,
 * `substring`, `split`, `trim`, `join`) and the Kubernetes list library (`indexOf`) are used: all are in
 * Kubernetes 1.30. Optional types (`?.`) and `cel.bind` are not used.
 *
 * @see https://kubernetes.io/docs/reference/using-api/cel/
 */

/** A CEL string literal for `text` (single-quoted, backslashes and quotes escaped). */
export function str(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

/** A CEL list literal of strings. */
export function strList(items: readonly string[]): string {
  return `[${items.map(str).join(', ')}]`;
}

/**
 * `has(root.a) && has(root.a.b)`: true when every field of `keys` below `root` is present. `true` for no keys.
 * Keys must be CEL identifiers (use {@link key} for map keys such as annotations).
 */
export function present(root: string, ...keys: readonly string[]): string {
  if (keys.length === 0) return 'true';
  return keys.map((_, index) => `has(${[root, ...keys.slice(0, index + 1)].join('.')})`).join(' && ');
}

/** `root.a.b` when every step is present, else `fallback`. */
export function orElse(root: string, keys: readonly string[], fallback: string): string {
  if (keys.length === 0) return root;
  return `(${present(root, ...keys)} ? ${[root, ...keys].join('.')} : ${fallback})`;
}

/** `('k' in map ? map['k'] : fallback)`, for map keys that are not identifiers (annotations, labels). */
export function key(map: string, name: string, fallback: string): string {
  return `(${str(name)} in ${map} ? ${map}[${str(name)}] : ${fallback})`;
}

/** `a && b && …` of the non-trivial terms (each parenthesized); `true` for none. */
export function and(...terms: readonly string[]): string {
  const kept = terms.filter((term) => term !== 'true');
  return kept.length === 0 ? 'true' : kept.map((term) => `(${term})`).join(' && ');
}

/** `a || b || …` (each parenthesized); `false` for none. */
export function or(...terms: readonly string[]): string {
  const kept = terms.filter((term) => term !== 'false');
  return kept.length === 0 ? 'false' : kept.map((term) => `(${term})`).join(' || ');
}

/** String concatenation of CEL string expressions. */
export function concat(...parts: readonly string[]): string {
  return parts.join(' + ');
}

/**
 * JavaScript's white space (what `\\s` and `String.prototype.trim` match) as the body of an RE2 character
 * class; RE2's own `\\s` is ASCII only, so patterns the rules write with `\\s` use this.
 */
export const JS_WHITESPACE =
  '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

/** `m['k']` when the annotations (or labels) map of `object` holds key `k`, else `fallback`. */
export function metadataEntry(field: 'annotations' | 'labels', name: string, fallback = "''"): string {
  return `(has(object.metadata) && has(object.metadata.${field}) && ${str(name)} in object.metadata.${field} ? object.metadata.${field}[${str(name)}] : ${fallback})`;
}
