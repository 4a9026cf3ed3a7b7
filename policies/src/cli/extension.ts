import type { Command } from 'commander';
import type { CliIo } from './io';
import type { ScorecardPart } from './scorecard/sources';

/** What `harden scorecard --program` asks an extension to score. */
export interface ProgramScoreRequest {
  /** A Pulumi program: a module, or a project directory. */
  readonly program: string;
  /** A Pulumi stack config file for the program. */
  readonly stackConfig?: string;
  /** A `--policy-pack-config` JSON file for the planned resources. */
  readonly policyPackConfig?: string;
}

/** A scored program, or why it could not be scored (bad input: exit 2). */
export type ProgramScore =
  | { readonly subject: string; readonly part: ScorecardPart }
  | { readonly error: string };

/**
 * What a package adds to `harden`: commands, and Pulumi programs as a scorecard source. `@eks-hardening/pulumi`
 * and `@eks-hardening/constructs` provide one (their `cli` export); `harden` loads each when its package is
 * installed beside it.
 */
export interface HardenExtension {
  /** The package providing it, for messages. */
  readonly name: string;
  /** Commands added to `harden`. */
  readonly commands?: (io: CliIo, setExit: (code: number) => void) => Command[];
  /** Plans and scores a Pulumi program (`harden scorecard --program`). */
  readonly scoreProgram?: (request: ProgramScoreRequest, io: CliIo) => Promise<ProgramScore>;
}

/** The module of `@eks-hardening/pulumi` that extends `harden`. */
export const PULUMI_EXTENSION = '@eks-hardening/pulumi/cli';

/** The module of `@eks-hardening/constructs` that extends `harden` (`harden import`). */
export const CONSTRUCTS_EXTENSION = '@eks-hardening/constructs/cli';
/** The module of `@eks-hardening/audit` that extends `harden` (`audit`, `collect`). */
export const AUDIT_EXTENSION = '@eks-hardening/audit/cli';

/**
 * The modules of this project's packages that extend `harden` (each exports `extension`), in the order their
 * commands appear. A package that is not installed is simply absent.
 */
export const KNOWN_EXTENSIONS: readonly string[] = [CONSTRUCTS_EXTENSION, PULUMI_EXTENSION, AUDIT_EXTENSION];

/** The message for a command or option that needs `@eks-hardening/pulumi`, which is not installed. */
export function needsPulumiPackage(what: string): string {
  return needsPackage(what, 'plans Pulumi programs', '@eks-hardening/pulumi');
}

/** The message for a command or option that needs `@eks-hardening/audit`, which is not installed. */
export function needsAuditPackage(what: string): string {
  return needsPackage(
    what,
    'reads running clusters through the AWS and Kubernetes APIs',
    '@eks-hardening/audit',
  );
}

function needsPackage(what: string, does: string, pkg: string): string {
  return `${what} ${does} and needs the package ${pkg}, which is not installed here; install it beside @eks-hardening/rules (npm install --save-dev ${pkg}) and run again`;
}

/**
 * The extensions installed beside `harden`: each of {@link KNOWN_EXTENSIONS} resolved from the working
 * directory (the user's project) or, failing that, from this package's own location. An extension module
 * loads nothing heavy until one of its commands runs.
 */
export function discoverExtensions(
  cwd: string,
  modules: readonly string[] = KNOWN_EXTENSIONS,
): HardenExtension[] {
  return modules.flatMap((id) => {
    const file = resolveFrom(id, [cwd, __dirname]);
    return file ? [(require(file) as { extension: HardenExtension }).extension] : [];
  });
}

function resolveFrom(id: string, directories: readonly string[]): string | undefined {
  for (const directory of directories) {
    try {
      return require.resolve(id, { paths: [directory] });
    } catch {
      // not installed where this directory resolves packages; try the next
    }
  }
  return undefined;
}
