import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { errorMessage } from '../../error-message';
import type { InputError, InputSource } from './types';

/** The path that stands for standard input. */
export const STDIN_PATH = '-';

/** File name endings read from a directory (a file named on the command line is read whatever its name). */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/**
 * A test of a path below a named directory against `--exclude` globs. Paths are relative to `cwd`, with `/`
 * between segments; a glob with a `/` matches the whole path (`charts/**`, `deploy/*.json`), one without
 * matches the name of any file or directory (`Chart.yaml`, `*.tpl.yaml`, `templates`). Names starting with
 * `.` match too (`dot: true`).
 */
export function excludeMatcher(globs: readonly string[], cwd: string): (absolute: string) => boolean {
  if (globs.length === 0) return () => false;
  const normalized = globs.map((glob) => glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, ''));
  const whole = normalized.filter((glob) => glob.includes('/'));
  const names = normalized.filter((glob) => !glob.includes('/'));
  const matchWhole = whole.length > 0 ? picomatch(whole, { dot: true }) : () => false;
  const matchName = names.length > 0 ? picomatch(names, { dot: true, basename: true }) : () => false;
  return (absolute) => {
    const path = relative(cwd, absolute).split(sep).join('/');
    return matchWhole(path) || matchName(path);
  };
}

/**
 * Expands the paths the user named into the files to read, in order: a file as named, a directory as every
 * `.yaml`/`.yml`/`.json` file below it (recursively, sorted by name, skipping entries whose name starts with
 * `.`, `node_modules` and whatever `excluded` matches, see {@link excludeMatcher}), `-` as standard input. A
 * file named on the command line is read even when a glob matches it. Each file is read once however often
 * it is named. A path that cannot be read is an error; the other paths are still expanded.
 */
export function expandPaths(
  paths: readonly string[],
  cwd: string,
  excluded: (absolute: string) => boolean = () => false,
): { sources: InputSource[]; errors: InputError[]; excluded: number } {
  const sources: InputSource[] = [];
  const errors: InputError[] = [];
  const skipped = { count: 0 };
  const seen = new Set<string>();
  const add = (source: InputSource) => {
    const id = source.absolute ?? STDIN_PATH;
    if (seen.has(id)) return;
    seen.add(id);
    sources.push(source);
  };

  for (const named of paths) {
    if (named === STDIN_PATH) {
      add({ file: STDIN_PATH });
      continue;
    }
    const absolute = resolve(cwd, named);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      errors.push({ file: named, message: unreadable(error) });
      continue;
    }
    if (!isDirectory) {
      add({ file: named, absolute });
      continue;
    }
    const errorsBefore = errors.length;
    const skippedBefore = skipped.count;
    const found = walk(absolute, named, new Set([realpath(absolute)]), add, errors, excluded, skipped);
    if (found === 0 && errors.length === errorsBefore && skipped.count === skippedBefore) {
      errors.push({
        file: named,
        message: `directory has no ${MANIFEST_EXTENSIONS.join(', ')} files to check; name a directory or file that holds Kubernetes manifests`,
      });
    }
  }
  return { sources, errors, excluded: skipped.count };
}

/** Adds every manifest file below `directory` that is not excluded; returns how many it found. */
function walk(
  directory: string,
  named: string,
  visited: Set<string>,
  add: (source: InputSource) => void,
  errors: InputError[],
  excluded: (absolute: string) => boolean,
  skipped: { count: number },
): number {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    errors.push({ file: named, message: unreadable(error) });
    return 0;
  }
  let found = 0;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const absolute = `${directory}${sep}${entry.name}`;
    const file =
      named.endsWith(sep) || named.endsWith('/') ? `${named}${entry.name}` : `${named}${sep}${entry.name}`;
    if (excluded(absolute)) {
      skipped.count++;
      continue;
    }
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(absolute);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        errors.push({ file, message: unreadable(error) });
        continue;
      }
    }
    if (isDirectory) {
      // A symbolic link back up the tree would loop forever; each real directory is walked once.
      const real = realpath(absolute);
      if (visited.has(real)) continue;
      visited.add(real);
      found += walk(absolute, file, visited, add, errors, excluded, skipped);
    } else if (isFile && hasManifestExtension(entry.name)) {
      add({ file, absolute });
      found++;
    }
  }
  return found;
}

/** True when the name ends with one of {@link MANIFEST_EXTENSIONS} (any case). */
export function hasManifestExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Says why a path could not be read, and what to do about it. */
export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory; check the path (use - to read standard input)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; make the file readable or run as a user who can read it';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ELOOP':
      return 'too many levels of symbolic links; point the path at a real file';
    default:
      return `cannot be read (${errorMessage(error)})`;
  }
}
