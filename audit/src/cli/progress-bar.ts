import type { CliIo } from '@eks-hardening/rules/cli';
import type { CollectProgress } from '../collect';

const WIDTH = 24;

/**
 * A {@link CollectProgress} on stderr: on a terminal, a bar redrawn in place per kind listed and one line per
 * phase read; elsewhere (CI, a pipe) nothing, so logs hold only the findings and what could not be read.
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
      if (!tty) return;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`\r\x1b[2K✔ ${name}: ${summary} (${seconds}s)\n`);
    },
  };
}
