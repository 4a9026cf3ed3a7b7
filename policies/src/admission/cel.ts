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
 * class, written with the characters themselves (Kubernetes charges a regex by its length, and `\\x{A0}` is
 * six characters where the character is one); RE2's own `\\s` is ASCII only.
 */
export const JS_WHITESPACE = '\t-\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/**
 * CEL string: `message(e)` for the first element `e` of the first of `cases` whose list has one for which
 * `bad(e)` holds (`''` when none does, with several lists; with one, it must have one: messages are only
 * evaluated when the validation failed). The message is built for that one element only, so its cost does
 * not grow with the list.
 */
export function firstMessage(
  cases: readonly {
    readonly list: string;
    readonly bad: (e: string) => string;
    readonly message: (e: string) => string;
  }[],
  variable = 'e',
): string {
  // The message is only evaluated when the validation failed: with one list, it has such an element.
  if (cases.length === 1) {
    const [{ list, bad, message }] = cases as [(typeof cases)[number]];
    return `[${list}.filter(${variable}, ${bad(variable)})[0]].map(${variable}, ${message(variable)})[0]`;
  }
  return cases.reduceRight(
    (otherwise, { list, bad, message }) =>
      `(${list}.exists(${variable}, ${bad(variable)}) ? [${list}.filter(${variable}, ${bad(variable)})[0]].map(${variable}, ${message(variable)})[0] : ${otherwise})`,
    "''",
  );
}

/** `m['k']` when the annotations (or labels) map of `object` holds key `k`, else `fallback`. */
export function metadataEntry(field: 'annotations' | 'labels', name: string, fallback = "''"): string {
  return `(has(object.metadata) && has(object.metadata.${field}) && ${str(name)} in object.metadata.${field} ? object.metadata.${field}[${str(name)}] : ${fallback})`;
}
