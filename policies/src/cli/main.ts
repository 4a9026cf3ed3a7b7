import { Command, CommanderError } from 'commander';
import { errorMessage } from '../error-message';
import { version } from '../version';
import { admissionCommand } from './commands/admission';
import { checkCommand } from './commands/check';
import { controlsCommand } from './commands/controls';
import { scorecardCommand } from './commands/scorecard';
import { EXIT, EXIT_CODES_HELP } from './exit-codes';
import { discoverExtensions, type HardenExtension, needsAuditPackage, needsPulumiPackage } from './extension';
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
  for (const stub of MISSING_PACKAGE_STUBS) {
    if (!added.some((command) => command.name() === stub.name))
      commands.push(missingPackageStub(stub, io, setExit));
  }
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

/** Commands of the other packages, listed even when they are not installed, with what to install. */
const MISSING_PACKAGE_STUBS: readonly {
  name: string;
  description: string;
  message: (what: string) => string;
}[] = [
  {
    name: 'preview',
    description: 'plan a Pulumi program offline and run the policy pack on it (needs @eks-hardening/pulumi)',
    message: needsPulumiPackage,
  },
  {
    name: 'audit',
    description:
      'score a running EKS cluster through the AWS and Kubernetes APIs (needs @eks-hardening/audit)',
    message: needsAuditPackage,
  },
  {
    name: 'collect',
    description: 'read a running EKS cluster into an evidence bundle (needs @eks-hardening/audit)',
    message: needsAuditPackage,
  },
];

/** A command of a package that is not installed: says what to install. */
function missingPackageStub(
  stub: (typeof MISSING_PACKAGE_STUBS)[number],
  io: CliIo,
  setExit: (code: number) => void,
): Command {
  return new Command(stub.name)
    .description(stub.description)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      io.stderr.write(`harden ${stub.name}: ${stub.message(`harden ${stub.name}`)}\n`);
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
    io.stderr.write(`harden: ${errorMessage(error)}\n`);
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
