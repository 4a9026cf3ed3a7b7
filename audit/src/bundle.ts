import { readFileSync, writeFileSync } from 'node:fs';
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { LaunchTemplateVersion, SecurityGroup } from '@aws-sdk/client-ec2';
import type {
  AccessEntry,
  Addon,
  AssociatedAccessPolicy,
  Cluster,
  Nodegroup,
  PodIdentityAssociation,
} from '@aws-sdk/client-eks';
import type { GetDetectorResponse } from '@aws-sdk/client-guardduty';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { Manifest } from '@eks-hardening/rules';
import { z } from 'zod';

/** The `kind` of an evidence bundle, so a file can tell what it is. */
export const BUNDLE_KIND = 'EksHardeningAuditBundle';

/** The bundle format version this package writes and reads. */
export const BUNDLE_VERSION = 1;

/**
 * Evidence that could not be read: which API call, what it answered, how to grant it, and which inputs of the
 * rules it leaves missing (AWS resources by Pulumi type token, Kubernetes objects by kind). Every rule that
 * reads a missing input reports `unknown`, so the controls depending on it are `unverified`, never `pass`.
 */
export interface EvidenceGap {
  readonly source: 'aws' | 'kubernetes';
  /** What could not be read: `eks:DescribeCluster prod`, `list deployments.apps in all namespaces`. */
  readonly what: string;
  /** What the API answered: `AccessDeniedException: …`, `403 Forbidden: …`, `connect ECONNREFUSED …`. */
  readonly error: string;
  /** How to make it readable. */
  readonly fix: string;
  /** Pulumi type tokens of the AWS resources it leaves unknown (`aws:eks/cluster:Cluster`). */
  readonly resourceTypes?: readonly string[];
  /** Kinds of the Kubernetes objects it leaves unknown (`Deployment`, `KubeletConfiguration`). */
  readonly kinds?: readonly string[];
}

/** A KMS key as read: DescribeKey, GetKeyRotationStatus and GetKeyPolicy (`default`). */
export interface KmsKeyEvidence {
  /** The key id or ARN the cluster, a launch template or a log group names. */
  readonly keyId: string;
  readonly metadata?: KeyMetadata;
  readonly rotationEnabled?: boolean;
  readonly rotationPeriodInDays?: number;
  /** The key policy document (JSON text). */
  readonly policy?: string;
}

/** A GuardDuty detector of the cluster's region (GetDetector, without the response metadata). */
export interface GuardDutyDetectorEvidence {
  readonly detectorId: string;
  readonly detector: Omit<GetDetectorResponse, '$metadata'>;
}

/** An access entry (DescribeAccessEntry) with the access policies associated with it. */
export interface AccessEntryEvidence {
  readonly entry: AccessEntry;
  readonly policies: readonly AssociatedAccessPolicy[];
}

/** The AWS API answers about one EKS cluster, as the APIs return them (no response metadata). */
export interface AwsEvidence {
  /** DescribeCluster `cluster`. */
  readonly cluster?: Cluster;
  readonly accessEntries: readonly AccessEntryEvidence[];
  /** DescribeNodegroup `nodegroup`, one per managed node group. */
  readonly nodegroups: readonly Nodegroup[];
  /**
   * DescribeLaunchTemplateVersions entries: the launch template each node group uses (its own, or the one
   * EKS generated, found through its Auto Scaling group), without `UserData` (bootstrap scripts may hold
   * credentials).
   */
  readonly launchTemplateVersions: readonly LaunchTemplateVersion[];
  /** DescribeAddon `addon`, one per EKS add-on. */
  readonly addons: readonly Addon[];
  /**
   * DescribePodIdentityAssociation `association`, one per association an add-on lists (DescribeAddon names
   * them by ARN only). Absent in bundles written before it was collected.
   */
  readonly podIdentityAssociations?: readonly PodIdentityAssociation[];
  /** DescribeSecurityGroups: the cluster's and the node launch templates' security groups. */
  readonly securityGroups: readonly SecurityGroup[];
  readonly kmsKeys: readonly KmsKeyEvidence[];
  /** DescribeLogGroups: the control-plane log group `/aws/eks/<cluster>/cluster`. */
  readonly logGroups: readonly LogGroup[];
  /** GuardDuty ListDetectors then GetDetector; absent when it could not be read. */
  readonly guardDuty?: { readonly detectors: readonly GuardDutyDetectorEvidence[] };
}

/** A node's running kubelet configuration: what `/api/v1/nodes/<node>/proxy/configz` answered. */
export interface KubeletEvidence {
  readonly node: string;
  readonly kubeletconfig: Readonly<Record<string, unknown>>;
}

/** What the Kubernetes API answered. */
export interface KubernetesEvidence {
  /** `/version` `gitVersion`. */
  readonly serverVersion?: string;
  /**
   * Every object listed, in all namespaces, with `apiVersion` and `kind` set and `managedFields` left out.
   * Secrets keep only their name, namespace and type; Nodes only their name, labels, provider id and node info.
   */
  readonly objects: readonly Manifest[];
  readonly kubelets: readonly KubeletEvidence[];
}

/** Where the evidence came from. */
export interface BundleTarget {
  readonly clusterName?: string;
  readonly region?: string;
  /** The kubeconfig context the Kubernetes API was read through. */
  readonly context?: string;
  /** The API server URL. */
  readonly server?: string;
}

/**
 * Everything `harden collect` read from a cluster, in one JSON document that `harden audit --from` scores
 * offline: the raw API answers (the mapping to rule inputs happens when scoring, so a newer `harden` scores an
 * older bundle with its own rules), and what could not be read.
 */
export interface AuditBundle {
  readonly kind: typeof BUNDLE_KIND;
  readonly version: typeof BUNDLE_VERSION;
  /** ISO time the reading finished. */
  readonly collectedAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly target: BundleTarget;
  readonly aws: AwsEvidence;
  readonly kubernetes: KubernetesEvidence;
  readonly gaps: readonly EvidenceGap[];
}

const apiObject = z.looseObject({});
const list = z.array(apiObject);

const bundleSchema = z.strictObject({
  kind: z.literal(BUNDLE_KIND),
  version: z.literal(BUNDLE_VERSION),
  collectedAt: z.string(),
  tool: z.looseObject({ name: z.string(), version: z.string() }),
  target: z.strictObject({
    clusterName: z.string().optional(),
    region: z.string().optional(),
    context: z.string().optional(),
    server: z.string().optional(),
  }),
  aws: z.strictObject({
    cluster: apiObject.optional(),
    accessEntries: z.array(z.strictObject({ entry: apiObject, policies: list })),
    nodegroups: list,
    launchTemplateVersions: list,
    addons: list,
    podIdentityAssociations: list.optional(),
    securityGroups: list,
    kmsKeys: z.array(
      z.strictObject({
        keyId: z.string(),
        metadata: apiObject.optional(),
        rotationEnabled: z.boolean().optional(),
        rotationPeriodInDays: z.number().optional(),
        policy: z.string().optional(),
      }),
    ),
    logGroups: list,
    guardDuty: z
      .strictObject({ detectors: z.array(z.strictObject({ detectorId: z.string(), detector: apiObject })) })
      .optional(),
  }),
  kubernetes: z.strictObject({
    serverVersion: z.string().optional(),
    objects: list,
    kubelets: z.array(z.strictObject({ node: z.string(), kubeletconfig: apiObject })),
  }),
  gaps: z.array(
    z.strictObject({
      source: z.enum(['aws', 'kubernetes']),
      what: z.string(),
      error: z.string(),
      fix: z.string(),
      resourceTypes: z.array(z.string()).optional(),
      kinds: z.array(z.string()).optional(),
    }),
  ),
});

/** A bundle file that cannot be scored: every problem, each naming the field. */
export class BundleError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join('\n'));
    this.name = 'BundleError';
  }
}

/**
 * Checks that `value` is an evidence bundle this version reads; throws {@link BundleError} naming each bad
 * field (`aws.nodegroups[2]: expected an object`) otherwise.
 */
export function parseBundle(value: unknown, file: string): AuditBundle {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof value !== 'object' || value === null || kind !== BUNDLE_KIND) {
    throw new BundleError(file, [
      `is not an evidence bundle (its kind is not '${BUNDLE_KIND}'); write one with \`harden collect\``,
    ]);
  }
  const version = (value as { version?: unknown }).version;
  if (version !== BUNDLE_VERSION) {
    throw new BundleError(file, [
      `is a bundle of format version ${JSON.stringify(version)}; this harden reads version ${BUNDLE_VERSION}, so collect it again with this harden`,
    ]);
  }
  const result = bundleSchema.safeParse(value);
  if (!result.success) {
    throw new BundleError(
      file,
      result.error.issues.map((issue) => `${fieldPath(issue.path) || 'bundle'}: ${issue.message}`),
    );
  }
  return value as AuditBundle;
}

/** Reads and checks a bundle file (see {@link parseBundle}). */
export function readBundle(file: string): AuditBundle {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleError(file, [
      code === 'ENOENT' ? 'no such file; write it with `harden collect --out <file>`' : String(error),
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BundleError(file, [`is not valid JSON (${(error as Error).message})`]);
  }
  return parseBundle(parsed, file);
}

/** Writes a bundle as indented JSON. */
export function writeBundle(bundle: AuditBundle, file: string): void {
  writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
}

/**
 * The bundle as plain JSON data, exactly as `harden audit --from` would read it back from its file (SDK dates
 * become strings, undefined fields disappear): the live audit scores this, so it decides as an offline one.
 */
export function asStoredBundle(bundle: AuditBundle): AuditBundle {
  return JSON.parse(JSON.stringify(bundle)) as AuditBundle;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text ? `${text}.${String(segment)}` : String(segment);
  }, '');
}
