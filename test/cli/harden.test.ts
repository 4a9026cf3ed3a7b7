import { version } from '../../package.json';
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
});
