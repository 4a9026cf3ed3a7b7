import type { CliIo } from '@eks-hardening/rules/cli';
import type { CollectProgress } from '../collect';

const WIDTH = 24;

/**
 * A {@link CollectProgress} on stderr: on a terminal, a bar redrawn in place per kind listed; elsewhere (CI,
 * a pipe) one line per phase, so logs stay readable.
 */
export function progressBar(io: Pick<CliIo, 'stderr'>): CollectProgress {
  const stream = io.stderr;
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let name = '';
  let started = 0;
  return {
    phase(phase) {
      name = phase;
      started = performance.now();
      if (!tty) stream.write(`reading ${phase}…\n`);
    },
    advance(done, total, step) {
      if (!tty) return;
      const bar =
        total > 0
          ? `[${'█'.repeat(Math.round((done / total) * WIDTH)).padEnd(WIDTH, '░')}] ${done}/${total} `
          : '';
      stream.write(`\r\x1b[2K  ${name} ${bar}${step}`);
    },
    finish(summary) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(
        tty ? `\r\x1b[2K✔ ${name}: ${summary} (${seconds}s)\n` : `  read ${summary} (${seconds}s)\n`,
      );
    },
  };
}
