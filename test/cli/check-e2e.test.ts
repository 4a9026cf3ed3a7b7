import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PLAIN_CONFIG_MAP, privilegedDeployment, writeTree } from '../fixtures/manifest-files';

/** The built executable of @eks-hardening/rules (test/global-setup.js builds it). */
const BIN = join(__dirname, '..', '..', 'policies', 'bin', 'harden.js');

/** Runs the real executable, as a shell or CI job would. */
function harden(args: string[], options: { cwd: string; input?: string }) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the built harden executable: check', () => {
  it('reads manifests piped on stdin and exits 1 on findings', () => {
    const tree = writeTree({});
    try {
      const run = harden(['check', '-', '--format', 'json', '--profile', 'pss-baseline'], {
        cwd: tree.dir,
        input: privilegedDeployment('piped'),
      });
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).findings).toContainEqual(
        expect.objectContaining({ file: '-', rule: 'pss-privileged' }),
      );
    } finally {
      tree.remove();
    }
  });

  it('exits 0 on clean input and 2 on an unreadable path, naming it', () => {
    const tree = writeTree({ 'settings.yaml': PLAIN_CONFIG_MAP });
    try {
      expect(harden(['check', 'settings.yaml', '--profile', 'pss-restricted'], { cwd: tree.dir }).code).toBe(
        0,
      );
      const missing = harden(['check', 'settings.yaml', 'nope.yaml'], { cwd: tree.dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('harden: error: nope.yaml: no such file or directory');
    } finally {
      tree.remove();
    }
  });
});

describe('the built harden executable: reading a pipe', () => {
  // `harden check <(helm template ...)` names a pipe, which can be read only once: a second read to decode
  // strictly would find it empty (or block), and the objects would be lost.
  const onPosix = process.platform === 'win32' ? it.skip : it;
  const throughPipe = (printf: string) =>
    spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' check --format json <(printf '${printf}')`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
  const pod = (name: string) =>
    `apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: ${name}\\nspec:\\n  containers: [{name: a, image: nginx, securityContext: {privileged: true}}]\\n`;

  onPosix('reports the bad bytes of a piped manifest, with their line', () => {
    const run = throughPipe(pod('caf\\351'));
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).errors).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringContaining('not valid UTF-8') }),
    ]);
  });

  onPosix('checks a piped manifest that writes U+FFFD', () => {
    const run = throughPipe(pod('caf\\357\\277\\275'));
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings).toContainEqual(
      expect.objectContaining({ name: 'caf\uFFFD', rule: 'pss-privileged' }),
    );
  });
});

describe('the built harden executable: output into a closed pipe', () => {
  it('ends quietly with its exit code when the reader stops early (`harden controls | head -1`)', async () => {
    const child = spawn(process.execPath, [BIN, 'controls', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
