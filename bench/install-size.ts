/**
 * `npm run bench:install-size`: what each package costs a user on disk. Packs the workspaces, installs each
 * package's tarball into a fresh directory outside the repository (dependencies from the registry at the
 * lockfile's versions), and prints the size of node_modules against cdk8s + cdk8s-plus-28 + constructs alone
 * (the budget of @eks-hardening/constructs is 2x that).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  consumerDirectory,
  npmInstall,
  packWorkspaces,
  REPO,
  remove,
  run,
  treeBytes,
} from '../test/packages/consumer';

const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};
const pinned = (name: string) => `${name}@${lock.packages[`node_modules/${name}`]!.version}`;
const megabytes = (bytes: number) => bytes / 1024 / 1024;

/** Apparent size of the files, and disk usage as `du -sk` reports it (what `du -sh node_modules` shows). */
interface Size {
  readonly bytes: number;
  readonly diskBytes: number;
}

function installedSize(name: string, specs: string[]): Size {
  const dir = consumerDirectory(name, {});
  try {
    npmInstall(dir, specs);
    const modules = join(dir, 'node_modules');
    const du = run('du', ['-sk', modules], dir).stdout;
    return { bytes: treeBytes(modules), diskBytes: Number.parseInt(du, 10) * 1024 };
  } finally {
    remove(dir);
  }
}

function main(): void {
  const tarballs = packWorkspaces();
  try {
    const cdk8s = installedSize('cdk8s-alone', [
      pinned('cdk8s'),
      pinned('cdk8s-plus-28'),
      pinned('constructs'),
    ]);
    const rows: [string, Size][] = [
      ['cdk8s + cdk8s-plus-28 + constructs (reference)', cdk8s],
      ['@eks-hardening/rules', installedSize('rules', [tarballs.rules])],
      [
        '@eks-hardening/constructs + rules (+ cdk8s peers)',
        installedSize('constructs', [tarballs.rules, tarballs.constructs]),
      ],
      [
        '@eks-hardening/pulumi + rules + constructs (+ Pulumi peers)',
        installedSize('pulumi', [
          tarballs.rules,
          tarballs.constructs,
          tarballs.pulumi,
          pinned('@pulumi/pulumi'),
          pinned('@pulumi/aws'),
          pinned('@pulumi/kubernetes'),
        ]),
      ],
    ];
    process.stdout.write(
      `node_modules of a fresh consumer${' '.repeat(34)}files (ratio)     disk, du -sk (ratio)\n`,
    );
    for (const [what, size] of rows) {
      const files = `${megabytes(size.bytes).toFixed(1).padStart(6)} MB (${(size.bytes / cdk8s.bytes).toFixed(2)}x)`;
      const disk = `${megabytes(size.diskBytes).toFixed(1).padStart(6)} MB (${(size.diskBytes / cdk8s.diskBytes).toFixed(2)}x)`;
      process.stdout.write(`  ${what.padEnd(62)} ${files}  ${disk}\n`);
    }
    const constructs = rows[2]![1];
    const ratio = Math.max(constructs.bytes / cdk8s.bytes, constructs.diskBytes / cdk8s.diskBytes);
    process.stdout.write(
      `constructs consumer vs cdk8s alone: at most ${ratio.toFixed(2)}x (budget 2.00x): ${ratio <= 2 ? 'within' : 'OVER'}\n`,
    );
  } finally {
    remove(tarballs.dir);
  }
}

main();
