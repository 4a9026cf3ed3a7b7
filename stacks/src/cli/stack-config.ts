import { readFileSync } from 'node:fs';
import { closest } from '@eks-hardening/rules';
import { parseDocument } from 'yaml';

/** A file given to an offline command cannot be used; the message names the file and the problem. */
export class OfflineInputError extends Error {
  override readonly name = 'OfflineInputError';
}

/**
 * The text of a file an offline command was given (`what` names it in messages, e.g. `stack config`).
 *
 * @throws OfflineInputError naming the file: missing, or unreadable with the system's reason.
 */
export function readInputFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OfflineInputError(
      code === 'ENOENT' ? `${what} ${file} does not exist` : `cannot read ${what} ${file} (${code})`,
    );
  }
}

/** The top-level keys of a Pulumi stack config file. */
const STACK_FILE_KEYS: readonly string[] = [
  'config',
  'secretsprovider',
  'encryptedkey',
  'encryptionsalt',
  'environment',
];

/** A Pulumi stack config file (`Pulumi.<stack>.yaml`), as the language host passes it to a program. */
export interface StackConfigFile {
  /** Every `<namespace>:<key>` setting, valued as `pulumi config` stores it (text; JSON for lists and maps). */
  readonly config: Readonly<Record<string, string>>;
  /** `aws:region`, when set. */
  readonly region?: string;
}

/**
 * Reads a stack config file the way Pulumi reads it for a program: plain values as text, structured values
 * (lists, maps) as JSON.
 *
 * @throws OfflineInputError for a missing or unreadable file, invalid YAML (every error, whole), a file
 *   without a top-level `config:` or with unknown top-level keys, or an encrypted secret (which an offline
 *   run cannot decrypt).
 */
export function readStackConfigFile(file: string): StackConfigFile {
  const text = readInputFile(file, 'stack config');
  const parsed = parseDocument(text, { prettyErrors: true });
  if (parsed.errors.length > 0) {
    // Every error, each with its line, column and the lines around it, as the parser prints them.
    const errors = parsed.errors.map((error) => error.message.trimEnd()).join('\n\n');
    throw new OfflineInputError(`stack config ${file} is not valid YAML:\n${errors}`);
  }
  const document: unknown = parsed.toJS();
  if (
    document === null ||
    document === undefined ||
    typeof document !== 'object' ||
    Array.isArray(document)
  ) {
    throw new OfflineInputError(
      `stack config ${file} has no top-level 'config:' mapping; a stack config file looks like 'config:' followed by indented '<project>:<key>: <value>' lines`,
    );
  }
  const top = document as Record<string, unknown>;
  const unknownKeys = Object.keys(top).filter((key) => !STACK_FILE_KEYS.includes(key));
  if (unknownKeys.length > 0) {
    const described = unknownKeys
      .map((key) => {
        const suggestion = closest(key, STACK_FILE_KEYS);
        return `'${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : key.includes(':') ? ' (a setting: indent it under config:)' : ''}`;
      })
      .join(', ');
    throw new OfflineInputError(
      `stack config ${file}: unknown top-level key ${described}; a stack config file holds ${STACK_FILE_KEYS.join(', ')}, with the settings under config:`,
    );
  }
  const entries = top.config;
  if (entries === undefined) {
    throw new OfflineInputError(
      `stack config ${file} has no top-level 'config:' mapping, so it sets nothing; put the settings under config:, for example 'config:' then '  eks-hardening:clusterName: prod'`,
    );
  }
  if (entries === null) return { config: {} };
  if (typeof entries !== 'object' || Array.isArray(entries)) {
    throw new OfflineInputError(`${file}: 'config' must be a mapping of '<project>:<key>' to values`);
  }
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value === 'object' && value !== null && 'secure' in value) {
      throw new OfflineInputError(
        `${file}: '${key}' is an encrypted secret, which an offline preview cannot decrypt; remove it or give a plain value`,
      );
    }
    config[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const region = config['aws:region'];
  return region ? { config, region } : { config };
}

/** The settings of one project in a stack config, keyed without the `<project>:` prefix. */
export function projectSettings(
  config: Readonly<Record<string, string>>,
  project: string,
): Record<string, string> {
  const prefix = `${project}:`;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}
