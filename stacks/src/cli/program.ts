import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { planProgram, type StackPlan } from '../testing/plan';
import { OfflineInputError } from './stack-config';

/** A Pulumi program found on disk: its entry module and the project it belongs to. */
export interface ProgramLocation {
  /** Absolute path of the module Pulumi would run. */
  readonly main: string;
  /** The project name (`name` in Pulumi.yaml), which prefixes its config keys; absent without a Pulumi.yaml. */
  readonly project?: string;
}

/**
 * Finds the program a path names: a module file, or a project directory whose Pulumi.yaml `main` (or
 * package.json `main`, or `index.ts`/`index.js`) is the entry, as the Pulumi CLI resolves it.
 *
 * @throws OfflineInputError naming the path and what was looked for.
 */
export function locateProgram(path: string, cwd: string): ProgramLocation {
  const at = resolve(cwd, path);
  if (!existsSync(at)) throw new OfflineInputError(`--program ${path}: no such file or directory (${at})`);
  if (!statSync(at).isDirectory()) return { main: at, ...projectOf(dirname(at)) };
  const project = projectOf(at);
  const candidates = [project.main, packageMain(at), 'index.ts', 'index.js'].filter(
    (candidate): candidate is string => candidate !== undefined,
  );
  for (const candidate of candidates) {
    const file = resolve(at, candidate);
    if (existsSync(file) && statSync(file).isFile()) return { main: file, ...nameOf(project) };
    if (existsSync(join(file, 'index.ts'))) return { main: join(file, 'index.ts'), ...nameOf(project) };
    if (existsSync(join(file, 'index.js'))) return { main: join(file, 'index.js'), ...nameOf(project) };
  }
  throw new OfflineInputError(
    `--program ${path}: found no program in ${at} (looked for Pulumi.yaml 'main', package.json 'main', index.ts, index.js)`,
  );
}

/**
 * Plans a program module under the mock runtime, with `config` as its stack configuration
 * (`<project>:<key>` → value). A TypeScript program is loaded through the TypeScript loader Pulumi itself uses
 * (`@pulumi/pulumi`'s ts-node, transpile-only) unless a loader is already registered.
 */
export function planProgramModule(
  location: ProgramLocation,
  config: Readonly<Record<string, string>> = {},
  environment: { region?: string } = {},
): Promise<StackPlan> {
  if (/\.[cm]?ts$/.test(extname(location.main))) registerTypeScript(dirname(location.main));
  return planProgram(
    async () => {
      // A Pulumi program registers its resources when its modules run; its exports are the stack outputs. Its
      // own modules are run afresh each time, so planning a program twice in one process plans it twice.
      forgetModulesUnder(dirname(location.main));
      const exported = require(location.main) as Record<string, unknown> & { default?: unknown };
      const outputs = typeof exported.default === 'function' ? await exported.default() : exported;
      return { ...(outputs as Record<string, unknown>) };
    },
    {
      ...(location.project ? { project: location.project } : {}),
      config,
      ...(environment.region ? { environment: { region: environment.region } } : {}),
    },
  );
}

/** Drops the program's own modules (not its dependencies in node_modules) from the require cache. */
function forgetModulesUnder(dir: string): void {
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(prefix) && !file.slice(prefix.length).split(sep).includes('node_modules')) {
      delete require.cache[file];
    }
  }
}

function projectOf(dir: string): { main?: string; project?: string } {
  const file = join(dir, 'Pulumi.yaml');
  if (!existsSync(file)) return {};
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OfflineInputError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const { name, main } = (document ?? {}) as { name?: unknown; main?: unknown };
  return {
    ...(typeof name === 'string' ? { project: name } : {}),
    ...(typeof main === 'string' ? { main } : {}),
  };
}

function nameOf(project: { project?: string }): { project?: string } {
  return project.project ? { project: project.project } : {};
}

function packageMain(dir: string): string | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const main = (JSON.parse(readFileSync(file, 'utf8')) as { main?: unknown }).main;
    return typeof main === 'string' ? main : undefined;
  } catch {
    return undefined;
  }
}

/** Registers Pulumi's vendored ts-node for `.ts` modules, as `pulumi up` does for a TypeScript program. */
function registerTypeScript(programDir: string): void {
  // Already loadable (a loader such as tsx or ts-node is registered, or a test runner transforms modules).
  if (typeof require.extensions !== 'object' || require.extensions['.ts']) return;
  const pulumiDir = dirname(require.resolve('@pulumi/pulumi/package.json'));
  const tsutils = require(join(pulumiDir, 'tsutils.js')) as {
    typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
    loadTypeScriptCompilerOptions(path: string): Record<string, unknown>;
  };
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const tsconfig = join(programDir, 'tsconfig.json');
  (require(tsnodeRequire) as { register(options: Record<string, unknown>): void }).register({
    transpileOnly: true,
    compiler: typescriptRequire,
    skipProject: !existsSync(tsconfig),
    ...(existsSync(tsconfig) ? { project: tsconfig } : {}),
    compilerOptions: {
      target: 'ES2020',
      module: 'commonjs',
      moduleResolution: 'node',
      ...(existsSync(tsconfig) ? tsutils.loadTypeScriptCompilerOptions(tsconfig) : {}),
    },
  });
}
