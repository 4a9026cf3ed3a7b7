import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

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
 * @throws OfflineInputError for an unreadable file, invalid YAML, or an encrypted secret (which an offline
 *   run cannot decrypt).
 */
export function readStackConfigFile(file: string): StackConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OfflineInputError(
      code === 'ENOENT'
        ? `stack config ${file} does not exist`
        : `cannot read stack config ${file} (${code})`,
    );
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new OfflineInputError(`stack config ${file} is not valid YAML: ${(error as Error).message}`);
  }
  const entries = (document as { config?: unknown } | null)?.config;
  if (entries === undefined || entries === null) return { config: {} };
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
