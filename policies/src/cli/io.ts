import { dirname } from 'node:path';

/** Where a command reads and writes: the process in production, buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
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
