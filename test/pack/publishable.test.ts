import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

/**
 * `pulumi policy publish` uploads the policies/ folder alone and the service installs only what
 * policies/package.json declares, so the pack's code may import nothing outside the folder and no package
 * the folder does not declare.
 */
const PACK_DIR = path.join(__dirname, '../../policies');
const manifest = JSON.parse(readFileSync(path.join(PACK_DIR, 'package.json'), 'utf8')) as {
  main: string;
  version: string;
  dependencies: Record<string, string>;
};
const rootManifest = JSON.parse(readFileSync(path.join(PACK_DIR, '../package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(at);
    return entry.name.endsWith('.ts') ? [at] : [];
  });
}

/** Every module specifier a file loads at runtime (type-only imports are erased and left out). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const match of text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm))
    specifiers.push(match[1]!);
  for (const match of text.matchAll(/^\s*export\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm))
    specifiers.push(match[1]!);
  for (const match of text.matchAll(/require\('([^']+)'\)/g)) specifiers.push(match[1]!);
  return specifiers;
}

const packageName = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

describe('the policy pack folder', () => {
  it('is a Node.js policy pack whose entry is index.ts and whose version is semver', () => {
    expect(readFileSync(path.join(PACK_DIR, 'PulumiPolicy.yaml'), 'utf8')).toMatch(/^runtime: nodejs$/m);
    expect(manifest.main).toBe('index.ts');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('imports nothing from outside policies/', () => {
    const escaping = sources(PACK_DIR).flatMap((file) =>
      runtimeImports(file)
        .filter((specifier) => specifier.startsWith('.'))
        .filter((specifier) =>
          path.relative(PACK_DIR, path.resolve(path.dirname(file), specifier)).startsWith('..'),
        )
        .map((specifier) => `${path.relative(PACK_DIR, file)} imports '${specifier}'`),
    );
    expect(escaping).toEqual([]);
  });

  it('declares every package it loads, at the version the repository installs', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const used = new Set(
      sources(PACK_DIR)
        .flatMap(runtimeImports)
        .filter((specifier) => !specifier.startsWith('.') && !builtins.has(specifier))
        .map(packageName),
    );
    for (const name of used)
      expect({ name, declared: manifest.dependencies[name] }).toEqual({ name, declared: expect.any(String) });
    const installed = { ...rootManifest.devDependencies, ...rootManifest.dependencies };
    for (const [name, version] of Object.entries(manifest.dependencies))
      expect({ name, version }).toEqual({ name, version: installed[name] });
  });
});
