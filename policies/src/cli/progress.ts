import type { CliIo } from './io';

/** Reports the steps of a long command: a live line on a TTY, one plain line per step otherwise. */
export interface Progress {
  /** Runs `work` as step `title`, reporting its start, end and duration. */
  step<T>(title: string, work: () => Promise<T> | T, describe?: (result: T) => string): Promise<T>;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A {@link Progress} writing to `io.stderr` (stdout stays clean for machine-readable output). */
export function progressReporter(io: CliIo, total: number): Progress {
  const stream = io.stderr;
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let index = 0;
  return {
    async step(title, work, describe) {
      index++;
      const label = `[${index}/${total}] ${title}`;
      const started = performance.now();
      let frame = 0;
      const timer = tty
        ? setInterval(() => stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}`), 80)
        : undefined;
      if (!tty) stream.write(`${label}…\n`);
      try {
        const result = await work();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const detail = describe ? `: ${describe(result)}` : '';
        stream.write(
          tty ? `\r\x1b[2K✔ ${label}${detail} (${seconds}s)\n` : `  done${detail} (${seconds}s)\n`,
        );
        return result;
      } catch (error) {
        stream.write(tty ? `\r\x1b[2K✖ ${label}\n` : '  failed\n');
        throw error;
      } finally {
        if (timer) clearInterval(timer);
      }
    },
  };
}
