import type { AwsClients } from './aws/clients';
import { AWS_TYPES } from './aws/resource-inputs';
import {
  type AuditBundle,
  type AwsEvidence,
  BUNDLE_KIND,
  BUNDLE_VERSION,
  type BundleTarget,
  type EvidenceGap,
  type KubernetesEvidence,
} from './bundle';
import { kindsToRead } from './kubernetes/kinds';
import type { KubeApi, KubeconfigOptions, KubeTarget } from './kubernetes/kube-api';
import { version } from './version';

/** What to read, and (for tests and embedders) the clients to read it with. */
export interface CollectRequest extends KubeconfigOptions {
  /** The EKS cluster name; the default is the one the kubeconfig context names. */
  readonly clusterName?: string;
  /** Its region; the default is the context's, then the AWS SDK's (AWS_REGION, the profile). */
  readonly region?: string;
  /** AWS clients to use instead of read-only clients for the region. */
  readonly awsClients?: AwsClients;
  /** A Kubernetes API to use instead of the kubeconfig's. */
  readonly kubernetes?: { readonly api: KubeApi; readonly target: KubeTarget };
}

/** Progress of a collection: a phase starts, advances, ends. */
export interface CollectProgress {
  phase(name: string): void;
  advance(done: number, total: number, step: string): void;
  finish(summary: string): void;
}

const SILENT: CollectProgress = { phase() {}, advance() {}, finish() {} };

/**
 * Reads a running cluster, read-only, into an evidence bundle: the Kubernetes API through the kubeconfig
 * context, then the AWS APIs of the EKS cluster it names (or `clusterName`). What cannot be read is in the
 * bundle's `gaps`; this never throws for an unreadable cluster.
 */
export async function collectEvidence(
  request: CollectRequest,
  progress: CollectProgress = SILENT,
): Promise<AuditBundle> {
  const gaps: EvidenceGap[] = [];
  const { collectKubernetes } =
    require('./kubernetes/collect-kubernetes') as typeof import('./kubernetes/collect-kubernetes');
  let kubernetes: KubernetesEvidence = { objects: [], kubelets: [] };
  let kubeTarget: KubeTarget | undefined = request.kubernetes?.target;
  let api = request.kubernetes?.api;
  if (!api) {
    const { openKubeApi, KubeconfigError } =
      require('./kubernetes/kube-api') as typeof import('./kubernetes/kube-api');
    try {
      ({ api, target: kubeTarget } = await openKubeApi(request));
    } catch (error) {
      if (!(error instanceof KubeconfigError)) throw error;
      gaps.push({
        source: 'kubernetes',
        what: 'the Kubernetes API (no usable kubeconfig)',
        error: error.message,
        fix: 'run `aws eks update-kubeconfig --name <cluster> --region <region>`, or pass --kubeconfig and --context',
        kinds: [...kindsToRead().map((entry) => entry.kind), 'KubeletConfiguration'],
      });
    }
  }
  if (api) {
    progress.phase(`Kubernetes API ${kubeTarget?.server ?? ''}`.trim());
    const read = await collectKubernetes(api, (done, total, step) => progress.advance(done, total, step));
    kubernetes = read.evidence;
    gaps.push(...read.gaps);
    progress.finish(
      `${read.evidence.objects.length} objects, ${read.evidence.kubelets.length} kubelet configurations`,
    );
  }

  const clusterName = request.clusterName ?? kubeTarget?.clusterName;
  const region = request.region ?? kubeTarget?.region;
  let aws: AwsEvidence = emptyAws();
  if (clusterName === undefined) {
    gaps.push({
      source: 'aws',
      what: 'the AWS APIs of the cluster (no EKS cluster named)',
      error: 'the kubeconfig context names no EKS cluster and --cluster was not given',
      fix: 'pass --cluster <name> and --region <region>',
      resourceTypes: Object.values(AWS_TYPES),
    });
  } else {
    const { collectAws } = require('./aws/collect-aws') as typeof import('./aws/collect-aws');
    const clients =
      request.awsClients ??
      (require('./aws/clients') as typeof import('./aws/clients')).createAwsClients(region);
    progress.phase(`AWS APIs of EKS cluster ${clusterName}${region ? ` in ${region}` : ''}`);
    const read = await collectAws(clients, clusterName, (step) => progress.advance(0, 0, step));
    aws = read.evidence;
    gaps.push(...read.gaps);
    progress.finish(
      `${aws.cluster ? 'the cluster' : 'no cluster'}, ${aws.nodegroups.length} node groups, ${aws.addons.length} add-ons`,
    );
  }

  const target: BundleTarget = {
    ...(clusterName !== undefined ? { clusterName } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(kubeTarget ? { context: kubeTarget.context, server: kubeTarget.server } : {}),
  };
  return {
    kind: BUNDLE_KIND,
    version: BUNDLE_VERSION,
    collectedAt: new Date().toISOString(),
    tool: { name: 'harden', version },
    target,
    aws,
    kubernetes,
    gaps,
  };
}

function emptyAws(): AwsEvidence {
  return {
    accessEntries: [],
    nodegroups: [],
    launchTemplateVersions: [],
    addons: [],
    securityGroups: [],
    kmsKeys: [],
    logGroups: [],
  };
}
