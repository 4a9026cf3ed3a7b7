import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

/**
 * `pulumi policy publish` uploads the policy pack folder alone and the service installs only what its
 * package.json declares, so the built pack may load nothing outside the folder and no package the folder does
 * not declare. (The packed-and-installed pack is run over gRPC in test/packages/.)
 */
const STACKS_DIR = path.join(__dirname, '../../stacks');
const PACK_DIR = path.join(STACKS_DIR, 'policy-pack');
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const manifest = readJson<{ main: string; version: string; dependencies: Record<string, string> }>(
  path.join(PACK_DIR, 'package.json'),
);

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) return builtFiles(at);
    return entry.name.endsWith('.js') ? [at] : [];
  });
}

/** Every module a compiled CommonJS file requires. */
function requires(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/require\(['"]([^'"]+)['"]\)/g)].map((match) => match[1]!);
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

/** The version the repository installs of a package: its lockfile entry (or its workspace's version). */
function installedVersion(name: string): string | undefined {
  const lock = readJson<{ packages: Record<string, { version?: string }> }>(
    path.join(__dirname, '../../package-lock.json'),
  );
  const entry = lock.packages[`node_modules/${name}`];
  if (entry?.version) return entry.version;
  const workspace = Object.entries(lock.packages).find(
    ([key, value]) => !key.startsWith('node_modules/') && (value as { name?: string }).name === name,
  );
  return workspace?.[1].version;
}

describe('the policy pack folder', () => {
  it('is a Node.js policy pack whose entry is built and whose version is the package version', () => {
    expect(readFileSync(path.join(PACK_DIR, 'PulumiPolicy.yaml'), 'utf8')).toMatch(/^runtime: nodejs$/m);
    expect(manifest.main).toBe('lib/index.js');
    expect(existsSync(path.join(PACK_DIR, manifest.main))).toBe(true);
    expect(manifest.version).toBe(
      readJson<{ version: string }>(path.join(STACKS_DIR, 'package.json')).version,
    );
  });

  it('loads nothing from outside the folder', () => {
    const escaping = builtFiles(path.join(PACK_DIR, 'lib')).flatMap((file) =>
      requires(file)
        .filter((specifier) => specifier.startsWith('.'))
        .filter((specifier) =>
          path.relative(PACK_DIR, path.resolve(path.dirname(file), specifier)).startsWith('..'),
        )
        .map((specifier) => `${path.relative(PACK_DIR, file)} requires '${specifier}'`),
    );
    expect(escaping).toEqual([]);
  });

  it('declares every package it loads, at the version the repository installs', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const used = new Set(
      builtFiles(path.join(PACK_DIR, 'lib'))
        .flatMap(requires)
        .filter((specifier) => !specifier.startsWith('.') && !builtins.has(specifier))
        .map(packageName),
    );
    expect([...used].sort()).toEqual(['@eks-hardening/rules', '@pulumi/policy']);
    for (const name of used)
      expect({ name, declared: manifest.dependencies[name] }).toEqual({ name, declared: expect.any(String) });
    for (const [name, version] of Object.entries(manifest.dependencies))
      expect({ name, version }).toEqual({ name, version: installedVersion(name) });
  });
});
