import { Command, CommanderError } from 'commander';
import { version } from '../package.json';
import { checkCommand } from './commands/check';
import { controlsCommand } from './commands/controls';
import { docsCommand } from './commands/docs';
import { previewCommand } from './commands/preview';
import { scorecardCommand } from './commands/scorecard';
import { startCommand } from './commands/start';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';
import { type CliIo, processIo } from './io';

/** Builds the `harden` program; each command reports its exit code through `setExit`. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('harden')
    .description(
      'Hardening blueprint for Kubernetes on AWS EKS: controls, checks, offline preview and scorecard.',
    )
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  for (const command of [
    controlsCommand(io, setExit),
    docsCommand(io, setExit),
    checkCommand(io, setExit),
    previewCommand(io, setExit),
    scorecardCommand(io, setExit),
    startCommand(io, setExit),
  ]) {
    program.addCommand(command.addHelpText('after', EXIT_CODES_HELP));
  }
  program.addHelpText('after', EXIT_CODES_HELP);
  // Subcommands inherit the error handling: unknown options exit 2 instead of commander's 1.
  for (const command of program.commands) {
    command
      .exitOverride()
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
      })
      .showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

/** Runs `harden` with `argv` (without node and script) and resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr.write(`harden: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
}

/** Entry point of `bin/harden.js`. */
export function main(): void {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `harden: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = EXIT.usage;
    },
  );
}
