import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** The modules of the heavy clients a fresh Node.js process has loaded after requiring `module`. */
function heavyModulesAfter(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `${script}; console.log(JSON.stringify(Object.keys(require.cache).filter((file) => /node_modules\\/(@aws-sdk|@smithy|@kubernetes)\\//.test(file))))`,
    ],
    { cwd: REPO, encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

describe('@eks-hardening/audit start-up', () => {
  it('loads neither the AWS SDK nor the Kubernetes client when harden starts (the built package)', () => {
    expect(heavyModulesAfter("require('./audit/lib/cli/index.js')")).toEqual([]);
    expect(
      heavyModulesAfter(
        "const { discoverExtensions } = require('./policies/lib/cli/index.js'); discoverExtensions(process.cwd()).map((e) => e.commands)",
      ),
    ).toEqual([]);
  });

  it('is found by harden beside the rules', () => {
    const names = execFileSync(
      process.execPath,
      [
        '-e',
        "console.log(require('./policies/lib/cli/index.js').discoverExtensions(process.cwd()).map((e) => e.name).join(','))",
      ],
      { cwd: REPO, encoding: 'utf8' },
    ).trim();
    expect(names).toBe('@eks-hardening/constructs,@eks-hardening/pulumi,@eks-hardening/audit');
  });
});
