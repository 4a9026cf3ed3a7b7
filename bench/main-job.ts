/**
 * `npm run bench:start`: how long the main job (`npm start` = `harden start`) takes, end to end, as a user
 * runs it: a fresh process running this repository's `harden start` (through tsx's CommonJS hook, as `npm start` does) in a
 * scratch directory, timed from spawn to exit, with the process's peak memory. Prints the median and the range
 * over several runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.argv[2] ?? 5);
const ROOT = join(__dirname, '..');
/** `npm start` is `node -r tsx/cjs cli/main.ts start`, with the repository's tsconfig (package paths). */
const COMMAND = ['-r', require.resolve('tsx/cjs'), join(ROOT, 'cli', 'main.ts'), 'start'];

function once(): { seconds: number; peakMiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'harden-start-'));
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...COMMAND], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`harden start exited ${result.status}:\n${result.stderr}`);
    const peakKiB = Number(result.stderr.trim().split('\n').at(-1));
    return { seconds, peakMiB: peakKiB / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs = Array.from({ length: RUNS }, once).sort((a, b) => a.seconds - b.seconds);
const median = runs[Math.floor(runs.length / 2)]!;
console.log(`harden start (npm start), ${RUNS} runs, fresh process each:`);
console.log(
  `  median ${median.seconds.toFixed(2)} s  (min ${runs[0]!.seconds.toFixed(2)} s, max ${runs.at(-1)!.seconds.toFixed(2)} s)`,
);
console.log(`  peak RSS ${Math.max(...runs.map((run) => run.peakMiB)).toFixed(0)} MiB`);
