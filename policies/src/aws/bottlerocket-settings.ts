/**
 * Reads Bottlerocket user data: the TOML settings document EC2 hands a Bottlerocket instance, as the flat
 * map of dotted setting names (`settings.kernel.lockdown`) to values that rules look settings up in.
 *
 * It reads the TOML Bottlerocket user data is written in: `[table]` headers, `key = value` lines with bare,
 * quoted and dotted keys, basic and literal strings, booleans, numbers, one-line arrays and inline tables.
 * Anything else (multi-line strings or arrays, arrays of tables) is reported as unreadable, never guessed.
 *
 * @see https://bottlerocket.dev/en/os/1.34.x/api/settings/
 * @see https://toml.io/en/v1.0.0
 */

/** A setting's value: what the subset of TOML above can hold. */
export type SettingValue = string | number | boolean | readonly SettingValue[];

/** The settings of a user data document, or why it could not be read. */
export type BottlerocketSettings =
  | { readonly settings: ReadonlyMap<string, SettingValue> }
  | { readonly error: string };

/**
 * The text of a launch template's `userData`: EC2 takes it base64-encoded, so a value that decodes to
 * readable text is decoded; anything else is taken as written.
 */
export function userDataText(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (compact.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: text is printable, tabs and newlines aside
    if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded)) return decoded;
  }
  return value;
}

/** True when a document reads as Bottlerocket settings: TOML that sets something under `settings.`. */
export function isBottlerocketUserData(text: string): boolean {
  return /^\s*(\[\s*settings[.\]]|settings\.)/m.test(text);
}

/** Parses Bottlerocket TOML settings into a map of dotted names to values. */
export function readBottlerocketSettings(text: string): BottlerocketSettings {
  const settings = new Map<string, SettingValue>();
  let table: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const where = `line ${index + 1}`;
    if (line.startsWith('[[')) return { error: `${where}: arrays of tables are not read` };
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) return { error: `${where}: a table header must end with ]` };
      const keys = parseKey(line.slice(1, -1));
      if (!keys) return { error: `${where}: cannot read the table name ${line}` };
      table = keys;
      continue;
    }
    const entry = parseEntry(line);
    if ('error' in entry) return { error: `${where}: ${entry.error}` };
    for (const [key, value] of entry.values) settings.set([...table, ...key].join('.'), value);
  }
  return { settings };
}

type Entry = { readonly values: [string[], SettingValue][] } | { readonly error: string };

function parseEntry(text: string): Entry {
  const equals = findOutsideQuotes(text, '=');
  if (equals < 0) return { error: `expected key = value, got ${text}` };
  const key = parseKey(text.slice(0, equals));
  if (!key) return { error: `cannot read the key ${text.slice(0, equals).trim()}` };
  const value = text.slice(equals + 1).trim();
  if (value.startsWith('{')) {
    if (!value.endsWith('}')) return { error: 'an inline table must end on its line' };
    const values: [string[], SettingValue][] = [];
    for (const part of splitOutsideQuotes(value.slice(1, -1), ',')) {
      if (part.trim() === '') continue;
      const inner = parseEntry(part.trim());
      if ('error' in inner) return inner;
      for (const [k, v] of inner.values) values.push([[...key, ...k], v]);
    }
    return { values };
  }
  const parsed = parseValue(value);
  return parsed === undefined ? { error: `cannot read the value ${value}` } : { values: [[key, parsed]] };
}

function parseValue(text: string): SettingValue | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^[+-]?\d[\d_]*(\.\d+)?$/.test(text)) return Number(text.replace(/_/g, ''));
  if (text.startsWith('"""') || text.startsWith("'''")) return undefined;
  if (text.startsWith('"') || text.startsWith("'")) return parseString(text);
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) return undefined;
    const items = splitOutsideQuotes(text.slice(1, -1), ',').map((item) => item.trim());
    const values = items.filter((item) => item !== '').map(parseValue);
    return values.every((item) => item !== undefined) ? (values as SettingValue[]) : undefined;
  }
  return undefined;
}

function parseString(text: string): string | undefined {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote) return undefined;
  const body = text.slice(1, -1);
  if (quote === "'") return body.includes("'") ? undefined : body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/** A bare, quoted or dotted key as its parts, or undefined. */
function parseKey(text: string): string[] | undefined {
  const parts = splitOutsideQuotes(text, '.').map((part) => part.trim());
  const keys = parts.map((part) =>
    /^[A-Za-z0-9_-]+$/.test(part)
      ? part
      : part.startsWith('"') || part.startsWith("'")
        ? parseString(part)
        : undefined,
  );
  return keys.length > 0 && keys.every((key) => key !== undefined && key !== '')
    ? (keys as string[])
    : undefined;
}

function stripComment(line: string): string {
  const hash = findOutsideQuotes(line, '#');
  return hash < 0 ? line : line.slice(0, hash);
}

/** Index of the first `char` outside quoted strings (and brackets, for separators), or -1. */
function findOutsideQuotes(text: string, char: string): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === char && (depth === 0 || char === '#')) return i;
  }
  return -1;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let at = findOutsideQuotes(rest, separator); at >= 0; at = findOutsideQuotes(rest, separator)) {
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}
