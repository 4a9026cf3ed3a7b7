import { resolve } from 'node:path';
import { controls, type PssVersion, parsePssVersion } from '@eks-hardening/rules';
import {
  buildScorecard,
  type CheckConfig,
  type CliIo,
  DEFAULT_CHECK_CONFIG,
  EXIT,
  readCheckConfig,
  renderScorecardSummary,
  scorecardExitCode,
  writeScorecard,
} from '@eks-hardening/rules/cli';
import { type AuditBundle, asStoredBundle, BundleError, readBundle, writeBundle } from '../bundle';
import { collectEvidence } from '../collect';
import { auditBundle, rulesMissing } from '../evaluate';
import { renderAuditText, renderGaps } from '../render-text';
import { version } from '../version';
import type { AuditOptions, CollectOptions, TargetOptions } from './index';
import { progressBar } from './progress-bar';

/** Runs `harden audit`; resolves to its exit code (as `harden check`: 2 when evidence that rules need was not read, else 1 on a failing control, else 0). */
export async function auditAction(opts: AuditOptions, io: CliIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`harden audit: ${message}\n`);
    return EXIT.usage;
  };
  if (opts.from !== undefined && hasTarget(opts)) {
    return fail(
      '--from scores a bundle offline; leave out --context, --kubeconfig, --cluster and --region, or leave out --from to read the cluster',
    );
  }
  let config: CheckConfig = DEFAULT_CHECK_CONFIG;
  if (opts.config !== undefined) {
    const read = readCheckConfig(opts.config, io.cwd);
    if ('errors' in read) {
      return fail(
        read.errors.map((error) => `${error.file ?? opts.config}: ${error.message}`).join('\nharden audit: '),
      );
    }
    config = read.config;
  }
  let pssVersion: PssVersion | undefined = config.pssVersion;
  if (opts.pssVersion !== undefined) {
    try {
      pssVersion = parsePssVersion(opts.pssVersion);
    } catch (error) {
      return fail(`--pss-version: ${(error as Error).message}`);
    }
  }

  let bundle: AuditBundle;
  if (opts.from !== undefined) {
    try {
      bundle = readBundle(resolve(io.cwd, opts.from));
    } catch (error) {
      if (error instanceof BundleError)
        return fail(error.problems.map((p) => `${opts.from}: ${p}`).join('\nharden audit: '));
      throw error;
    }
  } else {
    bundle = asStoredBundle(await collectEvidence(collectRequest(opts, io), progressBar(io)));
  }

  const result = auditBundle(bundle, {
    ...(pssVersion ? { pssVersion } : {}),
    allowedRegistries: config.allowedRegistries ?? [],
    requireImageDigest: config.requireImageDigest ?? false,
    allowedPublicCidrs: opts.allowPublicCidr,
    exemptions: config.exemptions,
    allowAnnotationExemptions: config.allowAnnotationExemptions,
  });
  const card = buildScorecard(
    controls,
    { subject: result.subject, ...result.part },
    { name: 'harden', version },
  );
  const files = writeScorecard(card, resolve(io.cwd, opts.out), io.cwd);
  io.stderr.write(renderGaps(result, 'audit'));
  io.stdout.write(renderAuditText(result));
  io.stdout.write(renderScorecardSummary(card, files, io.cwd));
  if (result.gaps.some((scored) => scored.rules.length > 0)) return EXIT.usage;
  return scorecardExitCode(card);
}

/** Runs `harden collect`; resolves to 2 when evidence that rules need was not read, else 0. */
export async function collectAction(opts: CollectOptions, io: CliIo): Promise<number> {
  const bundle = await collectEvidence(collectRequest(opts, io), progressBar(io));
  const file = resolve(io.cwd, opts.out);
  writeBundle(bundle, file);
  const scored = bundle.gaps.map((gap) => ({ gap, rules: rulesMissing(gap).map((rule) => rule.id) }));
  io.stderr.write(renderGaps({ gaps: scored }, 'collect'));
  io.stdout.write(
    `wrote ${opts.out}: ${bundle.kubernetes.objects.length} Kubernetes objects, ${bundle.kubernetes.kubelets.length} kubelet configurations, ${bundle.aws.cluster ? 'the EKS cluster' : 'no EKS cluster'} with ${bundle.aws.nodegroups.length} node groups and ${bundle.aws.addons.length} add-ons; ${bundle.gaps.length === 0 ? 'everything was readable' : `${bundle.gaps.length} thing${bundle.gaps.length === 1 ? '' : 's'} could not be read (see stderr)`}\nscore it offline: harden audit --from ${opts.out}\n`,
  );
  return scored.some((entry) => entry.rules.length > 0) ? EXIT.usage : EXIT.ok;
}

function hasTarget(opts: TargetOptions): boolean {
  return [opts.context, opts.kubeconfig, opts.cluster, opts.region].some((value) => value !== undefined);
}

function collectRequest(opts: TargetOptions, io: CliIo) {
  return {
    ...(opts.kubeconfig !== undefined ? { kubeconfig: resolve(io.cwd, opts.kubeconfig) } : {}),
    ...(opts.context !== undefined ? { context: opts.context } : {}),
    ...(opts.cluster !== undefined ? { clusterName: opts.cluster } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
  };
}
