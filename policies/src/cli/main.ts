import { Command, CommanderError } from 'commander';
import { version } from '../version';
import { admissionCommand } from './commands/admission';
import { checkCommand } from './commands/check';
import { controlsCommand } from './commands/controls';
import { scorecardCommand } from './commands/scorecard';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';
import { discoverExtensions, type HardenExtension, needsPulumiPackage } from './extension';
import { type CliIo, processIo } from './io';

/**
 * Builds the `harden` program with the commands of this package and of the given extensions; each command
 * reports its exit code through `setExit`.
 */
export function buildProgram(
  io: CliIo,
  setExit: (code: number) => void,
  extensions: readonly HardenExtension[] = [],
): Command {
  const program = new Command('harden')
    .description(
      'Hardening blueprint for Kubernetes on AWS EKS: controls, checks, offline preview and scorecard.',
    )
    .version(version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  const added = extensions.flatMap((extension) => extension.commands?.(io, setExit) ?? []);
  const commands = [
    controlsCommand(io, setExit),
    checkCommand(io, setExit),
    scorecardCommand(io, setExit, extensions),
    admissionCommand(io, setExit),
    ...added,
  ];
  if (!added.some((command) => command.name() === 'preview')) commands.push(previewStub(io, setExit));
  for (const command of commands) {
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

/** `harden preview` without `@eks-hardening/pulumi`: says what to install. */
function previewStub(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('preview')
    .description('plan a Pulumi program offline and run the policy pack on it (needs @eks-hardening/pulumi)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      io.stderr.write(`harden preview: ${needsPulumiPackage('harden preview')}\n`);
      setExit(EXIT.usage);
    });
}

/**
 * Runs `harden` with `argv` (without node and script) and resolves to the exit code. `extensions` default to
 * those installed beside this package (see {@link discoverExtensions}).
 */
export async function run(
  argv: readonly string[],
  io: CliIo = processIo(),
  extensions: readonly HardenExtension[] = discoverExtensions(io.cwd),
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    extensions,
  );
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

/** Entry point of `bin/harden.js` (and of programs that extend `harden`, with their extensions). */
export function main(extensions?: readonly HardenExtension[]): void {
  // A reader that stops early (`harden check . | head`) closes the pipe: that ends the output, not in a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? EXIT.ok);
    });
  }
  const io = processIo();
  run(process.argv.slice(2), io, extensions ?? discoverExtensions(io.cwd)).then(
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
