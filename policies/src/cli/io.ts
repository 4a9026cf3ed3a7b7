import { dirname } from 'node:path';

/**
 * A stream a command writes to. `write` may return false when its buffer is full (a pipe whose reader is
 * slower, as Node's process.stdout is on a pipe); a stream that says so and has `once` is waited on for
 * `drain` (see {@link writeChunks}).
 */
export interface CliOutput {
  write(text: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
  readonly isTTY?: boolean;
}

/** Where a command reads and writes: the process in production, buffers in tests. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Reads all of standard input (for the `-` path). */
  readonly readStdin: () => Promise<Buffer>;
  readonly cwd: string;
}

/**
 * The directory the user ran `harden` in. `npm run <script>` and `npm exec` start scripts in the package root
 * and say where the user was in `INIT_CWD`; relative paths on the command line are the user's, so they resolve
 * from there. Anywhere else (a script that changed directory first, a plain shell) it is the process's own.
 */
export function invocationDirectory(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  const packageJson = env.npm_package_json;
  const startedByNpm = env.INIT_CWD !== undefined && packageJson !== undefined;
  return startedByNpm && dirname(packageJson) === cwd ? env.INIT_CWD! : cwd;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: invocationDirectory(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/**
 * Writes `chunks` in order, waiting for `drain` whenever the stream's buffer is full, so a large report
 * written to a slow pipe is held one chunk at a time rather than queued whole in memory.
 */
export async function writeChunks(stream: CliOutput, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (stream.write(chunk) === false && stream.once) {
      await new Promise<void>((resolve) => stream.once!('drain', resolve));
    }
  }
}
