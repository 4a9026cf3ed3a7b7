import { extension as audit } from '@eks-hardening/audit/cli';
import { extension as constructs } from '@eks-hardening/constructs/cli';
import { extension as pulumi } from '@eks-hardening/pulumi/cli';
import type { HardenExtension } from '@eks-hardening/rules/cli';
import { docsCommand } from './docs';
import { startCommand } from './start';

/** The commands only this repository has: the main job and the generated docs. */
export const repositoryCommands: HardenExtension = {
  name: 'eks-hardening-blueprint (this repository)',
  commands: (io, setExit) => [docsCommand(io, setExit), startCommand(io, setExit)],
};

/** What `harden` runs with in this repository: every package's commands and the repository's own. */
export const REPOSITORY_EXTENSIONS: readonly HardenExtension[] = [
  constructs,
  pulumi,
  audit,
  repositoryCommands,
];
