/**
 * What `@eks-hardening/audit` adds to the `harden` command of `@eks-hardening/rules`: `harden audit` and
 * `harden collect`. `harden` finds this module when the package is installed beside it; the AWS SDK and the
 * Kubernetes client load only when one of these commands runs.
 */
import type { CliIo, HardenExtension } from '@eks-hardening/rules/cli';
import { Command, InvalidArgumentError, Option } from 'commander';

/** Options both commands take: where the cluster is. */
export interface TargetOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly cluster?: string;
  readonly region?: string;
}

/** Options of `harden audit`. */
export interface AuditOptions extends TargetOptions {
  readonly from?: string;
  readonly config?: string;
  readonly pssVersion?: string;
  readonly allowPublicCidr: readonly string[];
  readonly out: string;
}

/** Options of `harden collect`. */
export interface CollectOptions extends TargetOptions {
  readonly out: string;
}

function withTarget(command: Command): Command {
  return command
    .option('--context <name>', 'kubeconfig context of the cluster (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option(
      '--cluster <name>',
      'EKS cluster name for the AWS APIs (default: the one the context names, as aws eks update-kubeconfig writes it)',
    )
    .option(
      '--region <region>',
      "the cluster's AWS region (default: the context's, then AWS_REGION or the profile's)",
    );
}

/** `harden audit`: scores a running cluster, or a bundle offline, with every rule. */
export function auditCommand(io: CliIo, setExit: (code: number) => void): Command {
  return withTarget(
    new Command('audit').description(
      'score a running EKS cluster, built with any tool, read-only through the Kubernetes and AWS APIs (or an evidence bundle with --from): text findings, and the scorecard as JSON, SARIF and HTML',
    ),
  )
    .option('--from <bundle>', 'score an evidence bundle written by `harden collect`, offline')
    .option('--config <file>', 'harden check configuration: exemptions, pssVersion, allowedRegistries, …')
    .option('--pss-version <version>', "Pod Security Standards version: 'latest' or 'v1.N'")
    .addOption(
      new Option('--allow-public-cidr <cidr>', 'a CIDR the EKS public endpoint may be open to (repeatable)')
        .argParser((value: string, previous: string[] = []) => {
          if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(value)) {
            throw new InvalidArgumentError(`'${value}' is not a CIDR block such as 203.0.113.0/24`);
          }
          return [...previous, value];
        })
        .default([]),
    )
    .addOption(new Option('--out <dir>', 'where to write scorecard.{json,sarif,html}').default('dist/audit'))
    .action(async (opts: AuditOptions) => {
      const { auditAction } = require('./actions') as typeof import('./actions');
      setExit(await auditAction(opts, io));
    });
}

/** `harden collect`: writes the evidence of a running cluster to one JSON bundle. */
export function collectCommand(io: CliIo, setExit: (code: number) => void): Command {
  return withTarget(
    new Command('collect').description(
      'read a running EKS cluster, read-only, into one JSON evidence bundle (no Secret data) that `harden audit --from` scores offline',
    ),
  )
    .addOption(new Option('--out <file>', 'the bundle to write').default('eks-evidence.json'))
    .action(async (opts: CollectOptions) => {
      const { collectAction } = require('./actions') as typeof import('./actions');
      setExit(await collectAction(opts, io));
    });
}

/** The extension `harden` loads from this package. */
export const extension: HardenExtension = {
  name: '@eks-hardening/audit',
  commands: (io, setExit) => [auditCommand(io, setExit), collectCommand(io, setExit)],
};
