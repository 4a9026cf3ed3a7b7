import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as semver from 'semver';
import { REPO } from './consumer';

/**
 * `engines` tells the truth: every Node.js version a package claims is one that every package it installs
 * (dependencies and peers, transitively, as the lockfile records them) supports too, and the tests run on a
 * claimed version.
 */
interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly dev?: boolean;
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  /** Set on a workspace's link: `resolved` is the workspace's own entry. */
  readonly link?: boolean;
  readonly resolved?: string;
}
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
  packages: Readonly<Record<string, LockEntry>>;
};
const WORKSPACES = ['policies', 'constructs', 'stacks', 'audit'] as const;

/** The lockfile entry a package at `from` resolves `name` to, as Node resolution walks up node_modules. */
function resolveEntry(from: string, name: string): [string, LockEntry] | undefined {
  let dir = from;
  for (;;) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    const entry = lock.packages[key];
    if (entry) return [key, entry];
    if (dir === '') return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent < 0 ? '' : dir.slice(0, parent);
  }
}

/** Every installed package a workspace's published dependencies and peers bring, with its engines range. */
function installedClosure(workspace: string): Map<string, string | undefined> {
  const seen = new Map<string, string | undefined>();
  const visit = (key: string, entry: LockEntry) => {
    for (const name of Object.keys({ ...entry.dependencies, ...entry.peerDependencies })) {
      const found = resolveEntry(key, name);
      if (!found || seen.has(found[0])) continue;
      const [at, resolved] = found;
      const target =
        'link' in resolved ? lock.packages[(resolved as { resolved: string }).resolved]! : resolved;
      seen.set(at, target.engines?.node);
      visit(at, target);
    }
  };
  visit(workspace, lock.packages[workspace]!);
  return seen;
}

const claimOf = (dir: string) =>
  (JSON.parse(readFileSync(join(REPO, dir, 'package.json'), 'utf8')) as { engines?: { node?: string } })
    .engines?.node;

describe('engines', () => {
  it.each(WORKSPACES)('%s claims only Node.js versions its whole dependency tree supports', (workspace) => {
    const claim = claimOf(workspace);
    expect(claim).toMatch(/^>=22(\.\d+)*$/);
    const unsupported = [...installedClosure(workspace)]
      .filter(([, range]) => range !== undefined && !semver.subset(claim!, range))
      .map(([at, range]) => `${at} supports ${range}`);
    expect(unsupported).toEqual([]);
  });

  it('claims for the repository only versions every installed package supports, dev tools included', () => {
    const claim = claimOf('.')!;
    const unsupported = Object.entries(lock.packages)
      .filter(([key, entry]) => key.includes('node_modules/') && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(claim, entry.engines!.node!))
      .map(([key, entry]) => `${key} supports ${entry.engines!.node}`);
    expect(unsupported).toEqual([]);
  });

  it('runs these tests on a version every package claims', () => {
    for (const dir of ['.', ...WORKSPACES]) {
      expect({ dir, satisfied: semver.satisfies(process.version, claimOf(dir)!) }).toEqual({
        dir,
        satisfied: true,
      });
    }
  });
});
