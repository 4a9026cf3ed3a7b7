/**
 * What `@eks-hardening/constructs` adds to the `harden` command of `@eks-hardening/rules`: `harden import`.
 * `harden` finds this module when the package is installed beside it; it loads cdk8s and the importer only
 * when the command runs.
 */
import type { CliIo, HardenExtension } from '@eks-hardening/rules/cli';
import { Command } from 'commander';

/** Options of `harden import`. */
export interface ImportCommandOptions {
  readonly namespace?: string;
  readonly vpcCidr?: string;
  readonly out?: string;
}

/** `harden import <manifests...>`: existing Deployments and Services as hardened construct code. */
export function importCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('import')
    .description(
      "turn existing Kubernetes manifests (Deployments, StatefulSets, DaemonSets and their Services) into a cdk8s program built with the hardened constructs, and list on stderr what could not be carried over; connections are inferred from *_ADDR-style variables ('service:port')",
    )
    .argument('<paths...>', 'YAML or JSON files or directories (- for stdin)')
    .option('--namespace <name>', 'namespace for objects that name none', 'app')
    .option('--vpc-cidr <cidr>', "the VPC CIDR a load balancer's traffic comes from", '10.0.0.0/16')
    .option('--out <file>', 'write the program to this file instead of stdout')
    .action(async (paths: string[], options: ImportCommandOptions) => {
      const { importAction } = require('./import-action') as typeof import('./import-action');
      setExit(await importAction(paths, options, io));
    });
}

/** The extension `harden` loads from this package. */
export const extension: HardenExtension = {
  name: '@eks-hardening/constructs',
  commands: (io, setExit) => [importCommand(io, setExit)],
};
