import { join } from 'node:path';
import { version } from '../../policies/package.json';
import { invocationDirectory } from '../../policies/src/cli/io';
import { runCli } from '../fixtures/cli';

describe('harden', () => {
  it('prints its version with --version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('documents the exit codes in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 +success/);
    expect(result.stdout).toMatch(/1 +findings/);
    expect(result.stdout).toMatch(/2 +usage or input error/);
  });

  it('documents the exit codes in the help of every command', async () => {
    for (const command of ['controls', 'docs']) {
      const result = await runCli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Exit codes:');
    }
  });

  it('rejects an unknown command with exit code 2 and names it', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('rejects an unknown option with exit code 2 and names it', async () => {
    const result = await runCli(['controls', '--colour']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--colour'");
  });

  it('rejects a format that does not exist, listing the allowed ones', async () => {
    const result = await runCli(['controls', '--format', 'xml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are table, json/);
  });

  it('prints usage and exits 2 when run without a command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Usage: harden');
  });

  describe('without @eks-hardening/pulumi installed', () => {
    it('keeps preview in --help and says what to install when it runs', async () => {
      expect((await runCli(['--help'], { extensions: [] })).stdout).toContain('preview');
      const result = await runCli(['preview', '--stack-config', 'Pulumi.dev.yaml'], { extensions: [] });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'harden preview plans Pulumi programs and needs the package @eks-hardening/pulumi',
      );
      expect(result.stderr).toContain('npm install --save-dev @eks-hardening/pulumi');
    });

    it('refuses scorecard --program, naming the package', async () => {
      const result = await runCli(['scorecard', '--program', '.'], { extensions: [] });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        '--program plans Pulumi programs and needs the package @eks-hardening/pulumi',
      );
    });
  });
});

describe('without @eks-hardening/audit installed', () => {
  test.each([['audit'], ['collect']])(
    'keeps %s in --help and says what to install when it runs',
    async (command) => {
      expect((await runCli(['--help'], { extensions: [] })).stdout).toMatch(new RegExp(`\\n  ${command} `));
      const result = await runCli([command, '--cluster', 'prod'], { extensions: [] });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `harden ${command}: harden ${command} reads running clusters through the AWS and Kubernetes APIs and needs the package @eks-hardening/audit`,
      );
      expect(result.stderr).toContain('npm install --save-dev @eks-hardening/audit');
    },
  );
});

describe('the directory harden resolves paths from', () => {
  const root = join('/work', 'app');
  const npmRun = { INIT_CWD: join(root, 'k8s'), npm_package_json: join(root, 'package.json') };

  it('is where the user ran `npm run harden`, not the package root npm starts scripts in', () => {
    expect(invocationDirectory(npmRun, root)).toBe(join(root, 'k8s'));
  });

  it('is the process directory for npx in a subdirectory, a script that changed directory, or a shell', () => {
    expect(invocationDirectory(npmRun, join(root, 'k8s'))).toBe(join(root, 'k8s'));
    expect(invocationDirectory(npmRun, join(root, 'other'))).toBe(join(root, 'other'));
    expect(invocationDirectory({}, join(root, 'other'))).toBe(join(root, 'other'));
  });
});
