/**
 * `npm run bench:start`: how long the main job (`npm start` = `harden start`) takes, end to end, as a user
 * runs it: a fresh `node bin/harden.js start` process in a scratch directory, timed from spawn to exit, with
 * the process's peak memory. Prints the median and the range over several runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.argv[2] ?? 5);
const BIN = join(__dirname, '..', 'bin', 'harden.js');

function once(): { seconds: number; peakMiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'harden-start-'));
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'start'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
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
