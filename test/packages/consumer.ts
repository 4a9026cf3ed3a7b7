/**
 * What a user of the packages does, outside this repository: pack the workspaces into tarballs, install them
 * into a fresh directory from those tarballs (everything else from the registry), and run commands there with
 * the Node.js running the tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const REPO = join(__dirname, '..', '..');

/** What a command printed and returned. */
export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a user's shell whose `node` (and `npm`'s node) is the one running the tests. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
  };
  // Nothing of jest's or npm's own run may leak into the user's commands.
  for (const key of Object.keys(env)) {
    if (key.startsWith('npm_') || key === 'INIT_CWD' || key === 'NODE_OPTIONS' || key.startsWith('JEST'))
      delete env[key];
  }
  return env;
}

/** Runs a command the way a user types it in `cwd`. Throws with its output when it fails and `check` is on. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  options: { check?: boolean } = {},
): Ran {
  const result = spawnSync(command, [...args], {
    cwd,
    env: userEnv(),
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ran = { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  if ((options.check ?? true) && ran.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${cwd} exited ${ran.status ?? result.error?.message}\n${ran.stdout}\n${ran.stderr}`,
    );
  }
  return ran;
}

/** The tarballs `npm pack --workspaces` writes (prepack builds each package). */
export interface Tarballs {
  readonly dir: string;
  readonly rules: string;
  readonly constructs: string;
  readonly pulumi: string;
  readonly audit: string;
}

/** Packs every workspace with `npm pack --workspaces`, as CI and a release do. */
export function packWorkspaces(): Tarballs {
  const dir = mkdtempSync(join(tmpdir(), 'eks-hardening-tarballs-'));
  run('npm', ['pack', '--workspaces', '--pack-destination', dir], REPO);
  const files = readdirSync(dir);
  const find = (name: string) => {
    const file = files.find((candidate) => candidate.startsWith(`eks-hardening-${name}-`));
    if (!file) throw new Error(`npm pack --workspaces wrote no ${name} tarball; wrote ${files.join(', ')}`);
    return join(dir, file);
  };
  return {
    dir,
    rules: find('rules'),
    constructs: find('constructs'),
    pulumi: find('pulumi'),
    audit: find('audit'),
  };
}

/** A fresh project directory outside the repository, with a package.json and the given files. */
export function consumerDirectory(name: string, files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true }, null, 2)}\n`,
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/**
 * `npm install` in a consumer directory. Install scripts are skipped (`@pulumi/kubernetes`'s downloads a
 * provider plugin with the Pulumi CLI, which an offline preview does not need).
 */
export function npmInstall(dir: string, specs: readonly string[], options: { dev?: boolean } = {}): void {
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      ...(options.dev ? ['--save-dev'] : []),
      ...specs,
    ],
    dir,
  );
}

/** Size of a directory tree in bytes (files only, as `du --apparent-size` counts them). */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(at);
    else if (entry.isFile()) total += statSync(at).size;
  }
  return total;
}

/** The README's example marked `<!-- example: <id> -->` (the fenced block right after the marker). */
export function readmeExample(id: string): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const marker = `<!-- example: ${id} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at + marker.length));
  if (!block) throw new Error(`README.md has no fenced block after ${marker}`);
  return block[1]!;
}

/** The shell commands of a README example block (comments and blank lines dropped), as argv arrays. */
export function commandsOf(block: string): string[][] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/));
}

/** Removes a directory tree. */
export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
