import { parse, TomlError } from 'smol-toml';
import { errorMessage } from '../error-message';

/**
 * Reads Bottlerocket user data: the TOML settings document EC2 hands a Bottlerocket instance, as the flat
 * map of dotted setting names (`settings.kernel.lockdown`) to values that rules look settings up in.
 *
 * The TOML is read by smol-toml, a complete TOML 1.0 parser: a document Bottlerocket would refuse (a key
 * defined twice, a string left open) is reported as unreadable with its line, never guessed at.
 *
 * @see https://bottlerocket.dev/en/os/1.34.x/api/settings/
 * @see https://toml.io/en/v1.0.0
 */

/**
 * A setting's value: a TOML string, number, boolean, date, array, or a table inside an array (tables
 * elsewhere are flattened into dotted names).
 */
export type SettingValue =
  | string
  | number
  | boolean
  | Date
  | readonly SettingValue[]
  | { readonly [key: string]: SettingValue };

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
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    // smol-toml's message is a headline, then the lines around the error: the headline says what is wrong.
    const message = errorMessage(error);
    const reason = message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    return {
      error: error instanceof TomlError ? `line ${error.line}, column ${error.column}: ${reason}` : reason,
    };
  }
  const settings = new Map<string, SettingValue>();
  flatten(document, '', settings);
  return { settings };
}

/** Sets every value below `table` in `settings` under its dotted name; tables are walked, not stored. */
function flatten(table: Record<string, unknown>, prefix: string, settings: Map<string, SettingValue>): void {
  for (const [key, value] of Object.entries(table)) {
    const name = `${prefix}${key}`;
    if (isTable(value)) flatten(value, `${name}.`, settings);
    else settings.set(name, value as SettingValue);
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
