import { closest, EKS_VERSION_CALENDAR, eksSupportStatus } from '@eks-hardening/rules';
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { BASELINE_CONFIG_KEYS } from './baseline-keys';
import { BOTTLEROCKET_AMI_TYPES, isBottlerocket, KERNEL_LOCKDOWN_MODES } from './bottlerocket';
import {
  addonVersion,
  bool,
  ecrRepositoryName,
  instanceType,
  int,
  list,
  matching,
  maxUnavailable,
  oneOf,
  oneOfValues,
  privateAccessCidr,
  publicCidr,
  securityGroupId,
  show,
  vpcCidr,
} from './config-fields';
import { type MaxUnavailable, toMaxUnavailable } from './node-updates';
import {
  ADDON_VERSIONS,
  type ClusterAddonName,
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_VERSIONS,
  type KubernetesVersion,
  OPTIONAL_ADDON_VERSIONS,
} from './versions';

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
/** What EKS does when standard support ends: `STANDARD` upgrades the cluster, `EXTENDED` bills extended support. */
export const SUPPORT_TYPES = ['STANDARD', 'EXTENDED'] as const;
/** `one-per-az` survives the loss of a zone; `single` saves two NAT gateways. */
export const NAT_GATEWAY_MODES = ['one-per-az', 'single'] as const;
/**
 * EKS-optimized AMI types for managed nodes: Amazon Linux 2023, or Bottlerocket (SELinux enforcing, a
 * dm-verity read-only root, no shell; see bottlerocket.ts for the settings the stack adds).
 */
export const NODE_AMI_TYPES = [
  'AL2023_x86_64_STANDARD',
  'AL2023_ARM_64_STANDARD',
  ...BOTTLEROCKET_AMI_TYPES,
] as const;
/** How EKS add-ons that call AWS get their IAM role. */
export const ADDON_IDENTITIES = ['pod-identity', 'irsa'] as const;
/**
 * The GuardDuty feature that watches the nodes at run time: `RUNTIME_MONITORING` (EKS, ECS and EC2; the current
 * feature) or `EKS_RUNTIME_MONITORING` (the older EKS-only one) - GuardDuty refuses both on one detector - or
 * `DISABLED` to leave runtime monitoring as it is on the detector.
 */
export const GUARDDUTY_RUNTIME_FEATURES = [
  'RUNTIME_MONITORING',
  'EKS_RUNTIME_MONITORING',
  'DISABLED',
] as const;
/** The AWS partitions the stack supports (aws-cn and aws-us-gov are refused, see {@link checkPartition}). */
export const SUPPORTED_PARTITIONS = ['aws'] as const;

/** Where the cluster's network comes from. */
export type NetworkConfig =
  | {
      readonly mode: 'create';
      /** RFC 1918 block between /16 and /20, split into three private and three public subnets. */
      readonly vpcCidr: string;
      /** Three zone names; when absent, the region's first three available zones. */
      readonly availabilityZones?: readonly string[];
      readonly natGateways: (typeof NAT_GATEWAY_MODES)[number];
      /** No NAT gateways: nodes reach AWS through VPC endpoints only (private-egress.ts). @default false */
      readonly privateEgress: boolean;
    }
  | { readonly mode: 'existing'; readonly vpcId: string; readonly privateSubnetIds: readonly string[] };

/** The validated stack configuration. Every field has an embedded default (see {@link loadConfig}). */
export interface StackConfig {
  /** EKS cluster name; the control-plane log group is `/aws/eks/<clusterName>/cluster`. @default 'hardened-eks' */
  readonly clusterName: string;
  /** Kubernetes minor version, one of {@link KUBERNETES_VERSIONS}. @default '1.35' */
  readonly kubernetesVersion: KubernetesVersion;
  /** @default 'STANDARD' */
  readonly supportType: (typeof SUPPORT_TYPES)[number];
  /** Open the public API endpoint (private access stays on). @default false */
  readonly endpointPublicAccess: boolean;
  /** Internet CIDRs allowed to the public endpoint; required when it is open. @default [] */
  readonly publicAccessCidrs: readonly string[];
  /**
   * Private CIDRs (inside the VPC or a connected network) admitted to the private endpoint on 443, by an
   * ingress rule on the cluster security group each. @default [] (only the nodes reach the API)
   */
  readonly privateAccessCidrs: readonly string[];
  /** Security groups (bastion, VPN, CI runner, deployment agent) admitted to the private endpoint on 443. @default [] */
  readonly privateAccessSecurityGroupIds: readonly string[];
  /**
   * IAM roles given cluster admin through access entries; when empty, the stack creates one admin role that
   * IAM principals of the account may assume (if their IAM policies allow it). @default []
   */
  readonly clusterAdminRoleArns: readonly string[];
  /**
   * IAM principals that alone administer the KMS keys. Empty: every key policy delegates to the account's IAM
   * policies (the `arn:<partition>:iam::<account>:root` statement of the AWS default key policy). @default []
   */
  readonly kmsKeyAdministratorArns: readonly string[];
  /** EKS deletion protection on the cluster, and Pulumi `protect` on the cluster and its KMS keys. @default true */
  readonly deletionProtection: boolean;
  /** Retention of the control-plane and flow-log groups, in days. @default 365 */
  readonly logRetentionDays: number;
  /** @default { mode: 'create', vpcCidr: '10.0.0.0/16', natGateways: 'one-per-az' } */
  readonly network: NetworkConfig;
  readonly nodes: {
    /** @default ['m6i.large'] */
    readonly instanceTypes: readonly string[];
    /** @default 'AL2023_x86_64_STANDARD' */
    readonly amiType: (typeof NODE_AMI_TYPES)[number];
    /** @default 3 */
    readonly desiredSize: number;
    /** @default 3 */
    readonly minSize: number;
    /** @default 6 */
    readonly maxSize: number;
    /** Root volume size (encrypted gp3). @default 50 */
    readonly diskSizeGib: number;
    /** Nodes a managed-node-group update may take down at once. @default { count: 1 } */
    readonly maxUnavailable: MaxUnavailable;
    /** EKS node auto repair (replace or reboot nodes whose health checks fail). @default true */
    readonly autoRepair: boolean;
    /** Bottlerocket's `settings.kernel.lockdown` (Bottlerocket AMI types only). @default 'integrity' */
    readonly kernelLockdown: (typeof KERNEL_LOCKDOWN_MODES)[number];
  };
  readonly addons: {
    /**
     * Every add-on's version, the optional ones' too (installed or not).
     * @default the pins of {@link ADDON_VERSIONS} and {@link OPTIONAL_ADDON_VERSIONS} for the Kubernetes version
     */
    readonly versions: Readonly<Record<ClusterAddonName, string>>;
    /** @default 'pod-identity' */
    readonly identity: (typeof ADDON_IDENTITIES)[number];
    /** Install `amazon-cloudwatch-observability` (container logs and metrics) with its own role. @default false */
    readonly observability: boolean;
  };
  /**
   * GuardDuty EKS audit-log and runtime monitoring; `detectorId` adopts the region's detector. Opt-in (GuardDuty
   * bills per account and region); once enabled, runtime monitoring with the GuardDuty-managed agent is on.
   * @default { enabled: false, runtimeFeature: 'RUNTIME_MONITORING' }
   */
  readonly guardDuty: {
    readonly enabled: boolean;
    readonly detectorId?: string;
    readonly runtimeFeature: (typeof GUARDDUTY_RUNTIME_FEATURES)[number];
  };
  /** ECR repositories the stack creates, and Amazon Inspector enhanced scanning (see {@link ContainerRegistrySettings}). */
  readonly containerRegistry: ContainerRegistrySettings;
}

/** The ECR repositories of the stack and how their images are kept and scanned. */
export interface ContainerRegistrySettings {
  /** Repository names (immutable tags, scan on push, KMS, lifecycle policy). @default [] */
  readonly repositories: readonly string[];
  /** Days after which untagged images expire. @default 14 */
  readonly untaggedExpiryDays: number;
  /** How many images each repository keeps; older ones expire. @default 100 */
  readonly keepImages: number;
  /** Amazon Inspector enhanced (continuous) scanning for the registry. @default false */
  readonly enhancedScanning: boolean;
}

/**
 * Settings of {@link HardenedEksCluster}: the same keys, types and embedded defaults as the stack
 * configuration of this repository's program (`pulumi config set <key> <value>`). Every field is optional;
 * omitted fields take the hardened default. Validated before any resource is created.
 */
export interface HardenedEksClusterArgs {
  /** EKS cluster name; the control-plane log group is `/aws/eks/<clusterName>/cluster`. @default 'hardened-eks' */
  readonly clusterName?: string;
  /** Kubernetes minor version, one of {@link KUBERNETES_VERSIONS}. @default '1.35' */
  readonly kubernetesVersion?: KubernetesVersion;
  /** What EKS does at the end of standard support. @default 'STANDARD' */
  readonly supportType?: (typeof SUPPORT_TYPES)[number];
  /** Open the public API endpoint (private access stays on). @default false */
  readonly endpointPublicAccess?: boolean;
  /** Internet CIDRs allowed to the public endpoint; required when it is open, never 0.0.0.0/0. @default [] */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Private CIDRs (the VPC, a peered VPC, a VPN or Direct Connect network) admitted to the private API
   * endpoint on 443 through the cluster security group: where a runner applies the in-cluster baseline.
   * RFC 1918 or 100.64.0.0/10 only. @default [] (only the nodes reach the API)
   */
  readonly privateAccessCidrs?: readonly string[];
  /**
   * Security groups (a bastion, VPN endpoint, CI runner or Pulumi deployment agent in the VPC or a peered VPC)
   * admitted to the private API endpoint on 443 through the cluster security group. @default []
   */
  readonly privateAccessSecurityGroupIds?: readonly string[];
  /** IAM roles given cluster admin through access entries. @default [] (the stack creates an admin role) */
  readonly clusterAdminRoleArns?: readonly string[];
  /** IAM principals that alone administer the KMS keys. @default [] (the account's IAM policies decide) */
  readonly kmsKeyAdministratorArns?: readonly string[];
  /** EKS deletion protection, and Pulumi `protect` on the cluster and its KMS keys. @default true */
  readonly deletionProtection?: boolean;
  /** Retention of the control-plane and flow-log groups, in days ({@link LOG_RETENTION_DAYS}). @default 365 */
  readonly logRetentionDays?: (typeof LOG_RETENTION_DAYS)[number];
  /** Block of the VPC the cluster creates: RFC 1918, /16 to /20. @default '10.0.0.0/16' */
  readonly vpcCidr?: string;
  /** Three zone names for the created VPC. @default the region's first three available zones */
  readonly availabilityZones?: readonly string[];
  /** NAT gateways of the created VPC. @default 'one-per-az' */
  readonly natGateways?: (typeof NAT_GATEWAY_MODES)[number];
  /** An existing VPC to use instead of creating one (with `privateSubnetIds`). @default undefined */
  readonly vpcId?: string;
  /** At least two private subnets of `vpcId`, in different zones. @default undefined */
  readonly privateSubnetIds?: readonly string[];
  /** @default ['m6i.large'] */
  readonly nodeInstanceTypes?: readonly string[];
  /**
   * The node image: Amazon Linux 2023, or Bottlerocket (`BOTTLEROCKET_x86_64`, `BOTTLEROCKET_ARM_64`), which
   * the stack configures with no admin container and kernel lockdown. @default 'AL2023_x86_64_STANDARD'
   */
  readonly nodeAmiType?: (typeof NODE_AMI_TYPES)[number];
  /** @default 3 */
  readonly nodeDesiredSize?: number;
  /** @default 3 */
  readonly nodeMinSize?: number;
  /** @default 6 */
  readonly nodeMaxSize?: number;
  /** Root volume size of each node (encrypted gp3), in GiB. @default 50 */
  readonly nodeDiskSizeGib?: number;
  /**
   * Nodes a managed-node-group update (new AMI release, launch template version or Kubernetes version) may
   * replace at once: a count (1-100, below nodeMinSize unless it is 1) or a percentage such as '33%' (1-50%).
   * @default 1 (one node at a time: slowest, least capacity lost)
   */
  readonly nodeMaxUnavailable?: number | string;
  /**
   * EKS node auto repair: nodes whose kubelet, runtime, disk or network stays unhealthy are rebooted or
   * replaced. No charge. @default true
   */
  readonly nodeAutoRepair?: boolean;
  /**
   * Bottlerocket's kernel lockdown mode: `integrity` (no unsigned modules, no writes to kernel memory) or
   * `confidentiality` (also no reads of kernel memory; some eBPF and tracing tools stop working). Only with a
   * Bottlerocket nodeAmiType. @default 'integrity'
   */
  readonly nodeKernelLockdown?: (typeof KERNEL_LOCKDOWN_MODES)[number];
  /**
   * No NAT gateways: nodes reach ECR, S3, STS, EC2, CloudWatch and EKS Auth through VPC endpoints, and their
   * security group allows egress only to the VPC and to S3. Opt-in: 7 interface endpoints in 3 zones cost
   * about $153/month (plus $0.01/GB), against about $99/month (plus $0.045/GB) for three NAT gateways, and
   * workloads lose the internet. Only when the stack creates the VPC. @default false
   */
  readonly privateEgress?: boolean;
  /** @default the pin of {@link ADDON_VERSIONS} for the Kubernetes version */
  readonly vpcCniVersion?: string;
  /** @default the pin of {@link ADDON_VERSIONS} for the Kubernetes version */
  readonly kubeProxyVersion?: string;
  /** @default the pin of {@link ADDON_VERSIONS} for the Kubernetes version */
  readonly corednsVersion?: string;
  /** @default the pin of {@link ADDON_VERSIONS} for the Kubernetes version */
  readonly podIdentityAgentVersion?: string;
  /** @default the pin of {@link ADDON_VERSIONS} for the Kubernetes version */
  readonly ebsCsiDriverVersion?: string;
  /** How add-ons that call AWS get their IAM role. @default 'pod-identity' */
  readonly addonIdentity?: (typeof ADDON_IDENTITIES)[number];
  /**
   * The `amazon-cloudwatch-observability` add-on: the CloudWatch agent and Fluent Bit on every node, shipping
   * container logs and Container Insights metrics to CloudWatch, with its own role (managed policy
   * `CloudWatchAgentServerPolicy`, through `addonIdentity`). Opt-in because it bills per use: CloudWatch Logs
   * ingestion (about $0.50 per GB in us-east-1) and storage, plus Container Insights metrics per observation
   * (see https://aws.amazon.com/cloudwatch/pricing/). @default false
   */
  readonly observability?: boolean;
  /** @default the pin of {@link OPTIONAL_ADDON_VERSIONS} for the Kubernetes version (only with `observability`) */
  readonly cloudwatchObservabilityVersion?: string;
  /**
   * GuardDuty EKS audit-log monitoring and Runtime Monitoring for the region's detector. With it, runtime
   * monitoring is on (`guardDutyRuntimeMonitoring`) and GuardDuty manages its agent: it installs the
   * `aws-guardduty-agent` add-on and, in the cluster's VPC, the `guardduty-data` interface endpoint and its
   * security group itself, so private nodes report without internet access. Opt-in because GuardDuty bills per
   * account and region: audit-log events analysed, monitored vCPU-hours of the nodes, and the foundational
   * CloudTrail, flow-log and DNS analysis a detector always runs (30-day free trial; see
   * https://aws.amazon.com/guardduty/pricing/). @default false
   */
  readonly guardDuty?: boolean;
  /** The region's existing GuardDuty detector, to reuse instead of creating one. @default undefined */
  readonly guardDutyDetectorId?: string;
  /** The one GuardDuty runtime-monitoring feature to enable ({@link GUARDDUTY_RUNTIME_FEATURES}). @default 'RUNTIME_MONITORING' */
  readonly guardDutyRuntimeMonitoring?: (typeof GUARDDUTY_RUNTIME_FEATURES)[number];
  /**
   * ECR repositories to create (names such as `team/api`), each with immutable tags, scan on push, a
   * customer-managed KMS key and a lifecycle policy. Opt-in: repositories belong to applications, and each
   * stored GB costs $0.10 a month. @default []
   */
  readonly ecrRepositories?: readonly string[];
  /**
   * Days after which an untagged image expires: long enough to roll back a build pushed by digest, short enough
   * that orphaned layers of multi-arch and cache pushes do not pile up. @default 14
   */
  readonly ecrUntaggedExpiryDays?: number;
  /**
   * Images each repository keeps, newest first; older ones expire. 100 keeps months of daily releases while
   * bounding storage and what can still be pulled; an image a pod still runs expires too when 100 newer ones
   * are pushed, so raise it for repositories with frequent pushes. @default 100
   */
  readonly ecrKeepImages?: number;
  /**
   * Amazon Inspector enhanced scanning for the account's ECR registry in this region: OS and language packages,
   * continuous re-scans for `ecrRepositories`, scan on push for every other repository. Opt-in because Inspector
   * bills each image (about $0.09 per image scanned and $0.01 per re-scan) and the setting is the whole
   * registry's: it replaces the registry's scanning configuration. @default false
   */
  readonly inspectorEnhancedScanning?: boolean;
}

/** One problem with one configuration key. */
export interface ConfigIssue {
  /** The key as `pulumi config set` takes it, with an index for list items: `publicAccessCidrs[1]`. */
  readonly key: string;
  readonly message: string;
}

/** Thrown by {@link loadConfig}: every problem found, each naming the key, the bad value and what is allowed. */
export class StackConfigError extends Error {
  constructor(
    readonly issues: readonly ConfigIssue[],
    /** What was being configured, e.g. `HardenedEksCluster 'prod'`. */
    subject = 'stack configuration',
  ) {
    super(`invalid ${subject}:\n${issues.map((issue) => `  - ${issue.message}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

/**
 * `kubernetesVersion`, with a hint for YAML's trap: an unquoted `1.20` or `1.30` is the number 1.2 or 1.3,
 * which Pulumi stores as the text '1.2'.
 */
const kubernetesVersion = z.unknown().transform((value, context): KubernetesVersion => {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string' && (KUBERNETES_VERSIONS as readonly string[]).includes(text)) {
    return text as KubernetesVersion;
  }
  const padded = typeof text === 'string' && /^1\.\d$/.test(text) ? `${text}0` : undefined;
  const hint = padded
    ? `; YAML reads an unquoted ${padded} as the number ${text}: quote it ('${padded}')`
    : '';
  context.addIssue({
    code: 'custom',
    message: `config 'kubernetesVersion' must be one of ${oneOf(KUBERNETES_VERSIONS)}; got ${show(value)}${hint}`,
  });
  return z.NEVER;
});

const rawSchema = z
  .object({
    clusterName: matching(
      'clusterName',
      /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
      'an EKS cluster name (1-100 letters, digits, - and _, starting with a letter or digit)',
    ).default('hardened-eks'),
    kubernetesVersion: kubernetesVersion.default(DEFAULT_KUBERNETES_VERSION),
    supportType: oneOfValues('supportType', SUPPORT_TYPES).default('STANDARD'),
    endpointPublicAccess: bool('endpointPublicAccess').default(false),
    publicAccessCidrs: list('publicAccessCidrs', (i) => publicCidr(`publicAccessCidrs[${i}]`)).default([]),
    privateAccessCidrs: list('privateAccessCidrs', (i) =>
      privateAccessCidr(`privateAccessCidrs[${i}]`),
    ).default([]),
    privateAccessSecurityGroupIds: list('privateAccessSecurityGroupIds', (i) =>
      securityGroupId(`privateAccessSecurityGroupIds[${i}]`),
    ).default([]),
    clusterAdminRoleArns: list('clusterAdminRoleArns', (i) =>
      matching(
        `clusterAdminRoleArns[${i}]`,
        /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/,
        'an IAM role ARN such as arn:aws:iam::111122223333:role/platform-admin',
      ),
    ).default([]),
    kmsKeyAdministratorArns: list('kmsKeyAdministratorArns', (i) =>
      matching(
        `kmsKeyAdministratorArns[${i}]`,
        /^arn:aws:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/,
        'an IAM role or user ARN such as arn:aws:iam::111122223333:role/key-admin',
      ),
    ).default([]),
    deletionProtection: bool('deletionProtection').default(true),
    logRetentionDays: z
      .preprocess(
        (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
        z.unknown(),
      )
      .refine((value) => (LOG_RETENTION_DAYS as readonly unknown[]).includes(value), {
        error: (issue) =>
          `config 'logRetentionDays' must be a retention CloudWatch Logs accepts (${oneOf(LOG_RETENTION_DAYS)}); got ${show(issue.input)}`,
      })
      .transform((value) => value as number)
      .default(365),
    vpcCidr: vpcCidr.default('10.0.0.0/16'),
    availabilityZones: list('availabilityZones', (i) =>
      matching(
        `availabilityZones[${i}]`,
        /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/,
        'an availability zone name such as us-east-1a',
      ),
    ).optional(),
    natGateways: oneOfValues('natGateways', NAT_GATEWAY_MODES).default('one-per-az'),
    vpcId: matching(
      'vpcId',
      /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/,
      'a VPC id such as vpc-0123456789abcdef0',
    ).optional(),
    privateSubnetIds: list('privateSubnetIds', (i) =>
      matching(
        `privateSubnetIds[${i}]`,
        /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/,
        'a subnet id such as subnet-0123456789abcdef0',
      ),
    ).optional(),
    nodeInstanceTypes: list('nodeInstanceTypes', instanceType).default(['m6i.large']),
    nodeAmiType: oneOfValues('nodeAmiType', NODE_AMI_TYPES).default('AL2023_x86_64_STANDARD'),
    nodeDesiredSize: int('nodeDesiredSize', 1, 450).default(3),
    nodeMinSize: int('nodeMinSize', 1, 450).default(3),
    nodeMaxSize: int('nodeMaxSize', 1, 450).default(6),
    nodeDiskSizeGib: int('nodeDiskSizeGib', 20, 16384).default(50),
    nodeMaxUnavailable: maxUnavailable('nodeMaxUnavailable').default(1),
    nodeAutoRepair: bool('nodeAutoRepair').default(true),
    nodeKernelLockdown: oneOfValues('nodeKernelLockdown', KERNEL_LOCKDOWN_MODES).default('integrity'),
    privateEgress: bool('privateEgress').default(false),
    vpcCniVersion: addonVersion('vpcCniVersion'),
    kubeProxyVersion: addonVersion('kubeProxyVersion'),
    corednsVersion: addonVersion('corednsVersion'),
    podIdentityAgentVersion: addonVersion('podIdentityAgentVersion'),
    ebsCsiDriverVersion: addonVersion('ebsCsiDriverVersion'),
    addonIdentity: oneOfValues('addonIdentity', ADDON_IDENTITIES).default('pod-identity'),
    observability: bool('observability').default(false),
    cloudwatchObservabilityVersion: addonVersion('cloudwatchObservabilityVersion'),
    guardDuty: bool('guardDuty').default(false),
    guardDutyDetectorId: matching(
      'guardDutyDetectorId',
      /^[0-9a-f]{32}$/,
      'a GuardDuty detector id (32 hex characters)',
    ).optional(),
    guardDutyRuntimeMonitoring: oneOfValues(
      'guardDutyRuntimeMonitoring',
      GUARDDUTY_RUNTIME_FEATURES,
    ).optional(),
    ecrRepositories: list('ecrRepositories', (i) => ecrRepositoryName(`ecrRepositories[${i}]`)).default([]),
    ecrUntaggedExpiryDays: int('ecrUntaggedExpiryDays', 1, 365).default(14),
    ecrKeepImages: int('ecrKeepImages', 1, 10000).default(100),
    inspectorEnhancedScanning: bool('inspectorEnhancedScanning').default(false),
  })
  .strict();

/** The configuration keys the stack reads, as `pulumi config set <key>` takes them. */
export const CONFIG_KEYS: readonly (keyof HardenedEksClusterArgs)[] = Object.keys(
  rawSchema.shape,
) as (keyof HardenedEksClusterArgs)[];

// The schema and the typed settings name the same keys: a key added to one and not the other fails to compile.
type SchemaKey = keyof typeof rawSchema.shape;
const _sameKeys: [
  Exclude<SchemaKey, keyof HardenedEksClusterArgs>,
  Exclude<keyof HardenedEksClusterArgs, SchemaKey>,
] = [undefined as never, undefined as never];
void _sameKeys;

const ADDON_KEYS: Readonly<Record<ClusterAddonName, keyof z.output<typeof rawSchema>>> = {
  'vpc-cni': 'vpcCniVersion',
  'kube-proxy': 'kubeProxyVersion',
  coredns: 'corednsVersion',
  'eks-pod-identity-agent': 'podIdentityAgentVersion',
  'aws-ebs-csi-driver': 'ebsCsiDriverVersion',
  'amazon-cloudwatch-observability': 'cloudwatchObservabilityVersion',
};

/** What {@link loadConfig} judges against besides the settings. */
export interface LoadConfigOptions {
  /** The day the version support is judged on. @default now */
  readonly today?: Date;
}

/**
 * Validates raw configuration (values as `pulumi config` stores them: strings, or JSON for lists) and fills
 * in the embedded defaults. Pure: tests and the offline preview call it with a plain object.
 *
 * @throws StackConfigError listing every problem, before any resource exists.
 */
export function loadConfig(
  settings: HardenedEksClusterArgs | Readonly<Record<string, unknown>> = {},
  options: LoadConfigOptions = {},
): StackConfig {
  const raw = settings as Readonly<Record<string, unknown>>;
  const parsed = rawSchema.safeParse(raw);
  if (!parsed.success) throw new StackConfigError(parsed.error.issues.flatMap(toIssues));
  const c = parsed.data;
  const issues: ConfigIssue[] = [];
  const fail = (key: string, message: string) => issues.push({ key, message: `config '${key}': ${message}` });
  const given = (key: string) => raw[key] !== undefined;

  if (c.endpointPublicAccess && c.publicAccessCidrs.length === 0) {
    fail(
      'publicAccessCidrs',
      'must list at least one CIDR while endpointPublicAccess is true (EKS would otherwise allow 0.0.0.0/0); got []',
    );
  }
  if (!c.endpointPublicAccess && c.publicAccessCidrs.length > 0) {
    fail(
      'publicAccessCidrs',
      `has no effect while endpointPublicAccess is false; got ${show(c.publicAccessCidrs)}; set endpointPublicAccess to true or remove the list`,
    );
  }
  if (c.vpcId === undefined && c.privateSubnetIds !== undefined)
    fail('vpcId', 'is required with privateSubnetIds (bring-your-own VPC); set both or neither');
  if (c.vpcId !== undefined) {
    if (c.privateSubnetIds === undefined || c.privateSubnetIds.length < 2) {
      fail(
        'privateSubnetIds',
        `must list at least two private subnets in different availability zones of ${c.vpcId}; got ${show(c.privateSubnetIds ?? [])}`,
      );
    }
    for (const key of ['vpcCidr', 'availabilityZones', 'natGateways']) {
      if (given(key))
        fail(key, `applies only when the stack creates the VPC; remove it, or remove vpcId (got ${c.vpcId})`);
    }
  }
  if (c.availabilityZones !== undefined && c.availabilityZones.length !== 3) {
    fail('availabilityZones', `must list exactly three zones; got ${show(c.availabilityZones)}`);
  }
  if (c.nodeMinSize > c.nodeMaxSize) {
    fail(
      given('nodeMinSize') || !given('nodeMaxSize') ? 'nodeMinSize' : 'nodeMaxSize',
      given('nodeMinSize') || !given('nodeMaxSize')
        ? `must not exceed nodeMaxSize; got nodeMinSize ${c.nodeMinSize}, nodeMaxSize ${c.nodeMaxSize}; lower nodeMinSize or raise nodeMaxSize`
        : `must be at least nodeMinSize; got nodeMaxSize ${c.nodeMaxSize}, nodeMinSize ${c.nodeMinSize}; raise nodeMaxSize or lower nodeMinSize`,
    );
  } else if (!(c.nodeMinSize <= c.nodeDesiredSize && c.nodeDesiredSize <= c.nodeMaxSize)) {
    fail(
      'nodeDesiredSize',
      `must lie between nodeMinSize and nodeMaxSize; got min ${c.nodeMinSize}, desired ${c.nodeDesiredSize}, max ${c.nodeMaxSize}`,
    );
  }
  if (c.privateEgress && c.vpcId !== undefined) {
    fail(
      'vpcId',
      `cannot be combined with privateEgress: the stack would have to own the VPC's route tables and endpoints; remove privateEgress and create the endpoints in your VPC, or remove vpcId (got ${c.vpcId})`,
    );
  } else if (c.privateEgress && given('natGateways')) {
    fail(
      'natGateways',
      `cannot be combined with privateEgress, which creates no NAT gateways; remove natGateways, or set privateEgress to false (got ${show(c.natGateways)})`,
    );
  }
  if (given('nodeKernelLockdown') && !isBottlerocket(c.nodeAmiType)) {
    fail(
      'nodeKernelLockdown',
      `is a Bottlerocket setting but nodeAmiType is ${c.nodeAmiType}; set nodeAmiType to ${oneOf(BOTTLEROCKET_AMI_TYPES)} or remove nodeKernelLockdown (got ${show(c.nodeKernelLockdown)})`,
    );
  }
  const unavailable = toMaxUnavailable(c.nodeMaxUnavailable);
  if ('count' in unavailable && unavailable.count > 1 && unavailable.count >= c.nodeMinSize) {
    fail(
      'nodeMaxUnavailable',
      `${unavailable.count} would let an update take down every node of a ${c.nodeMinSize}-node group at once; use a count below nodeMinSize (${c.nodeMinSize}) or a percentage such as '33%'`,
    );
  }
  const arm = c.nodeAmiType.includes('ARM');
  c.nodeInstanceTypes.forEach((type, index) => {
    if (isGraviton(type) !== arm) {
      fail(
        `nodeInstanceTypes[${index}]`,
        `'${type}' is ${arm ? 'x86_64' : 'arm64 (Graviton)'} but nodeAmiType is ${c.nodeAmiType}; use ${arm ? 'a Graviton type such as m7g.large' : 'an x86_64 type such as m6i.large'} or change nodeAmiType`,
      );
    }
  });
  if (c.guardDutyDetectorId !== undefined && !c.guardDuty) {
    fail(
      'guardDutyDetectorId',
      'is set but guardDuty is false; set guardDuty to true or remove the detector id',
    );
  }
  if (c.cloudwatchObservabilityVersion !== undefined && !c.observability) {
    fail(
      'cloudwatchObservabilityVersion',
      'is set but observability is false, so no CloudWatch Observability add-on is installed; set observability to true or remove cloudwatchObservabilityVersion',
    );
  }
  if (c.guardDutyRuntimeMonitoring !== undefined && !c.guardDuty) {
    fail(
      'guardDutyRuntimeMonitoring',
      'is set but guardDuty is false; set guardDuty to true or remove guardDutyRuntimeMonitoring',
    );
  }
  if (c.ecrRepositories.length === 0) {
    for (const key of ['ecrUntaggedExpiryDays', 'ecrKeepImages']) {
      if (given(key))
        fail(
          key,
          'applies only to the repositories of ecrRepositories, which is empty; list them or remove the key',
        );
    }
  }
  const drift = versionDrift(c.kubernetesVersion, c.supportType, options.today ?? new Date());
  if (drift) fail('kubernetesVersion', drift);
  if (issues.length > 0) throw new StackConfigError(issues);

  const pins = { ...ADDON_VERSIONS[c.kubernetesVersion], ...OPTIONAL_ADDON_VERSIONS[c.kubernetesVersion] };
  const versions = Object.fromEntries(
    (Object.keys(pins) as ClusterAddonName[]).map((addon) => [
      addon,
      (c[ADDON_KEYS[addon]] as string | undefined) ?? pins[addon],
    ]),
  ) as Record<ClusterAddonName, string>;
  return {
    clusterName: c.clusterName,
    kubernetesVersion: c.kubernetesVersion,
    supportType: c.supportType,
    endpointPublicAccess: c.endpointPublicAccess,
    publicAccessCidrs: c.publicAccessCidrs,
    privateAccessCidrs: c.privateAccessCidrs,
    privateAccessSecurityGroupIds: c.privateAccessSecurityGroupIds,
    clusterAdminRoleArns: c.clusterAdminRoleArns,
    kmsKeyAdministratorArns: c.kmsKeyAdministratorArns,
    deletionProtection: c.deletionProtection,
    logRetentionDays: c.logRetentionDays,
    network:
      c.vpcId !== undefined
        ? { mode: 'existing', vpcId: c.vpcId, privateSubnetIds: c.privateSubnetIds ?? [] }
        : {
            mode: 'create',
            vpcCidr: c.vpcCidr,
            natGateways: c.natGateways,
            privateEgress: c.privateEgress,
            ...(c.availabilityZones ? { availabilityZones: c.availabilityZones } : {}),
          },
    nodes: {
      instanceTypes: c.nodeInstanceTypes,
      amiType: c.nodeAmiType,
      desiredSize: c.nodeDesiredSize,
      minSize: c.nodeMinSize,
      maxSize: c.nodeMaxSize,
      diskSizeGib: c.nodeDiskSizeGib,
      maxUnavailable: unavailable,
      autoRepair: c.nodeAutoRepair,
      kernelLockdown: c.nodeKernelLockdown,
    },
    addons: { versions, identity: c.addonIdentity, observability: c.observability },
    guardDuty: {
      enabled: c.guardDuty,
      ...(c.guardDutyDetectorId ? { detectorId: c.guardDutyDetectorId } : {}),
      runtimeFeature: c.guardDutyRuntimeMonitoring ?? 'RUNTIME_MONITORING',
    },
    containerRegistry: {
      repositories: c.ecrRepositories,
      untaggedExpiryDays: c.ecrUntaggedExpiryDays,
      keepImages: c.ecrKeepImages,
      enhancedScanning: c.inspectorEnhancedScanning,
    },
  };
}

/**
 * Why a pinned version would make a later `up` try to downgrade the cluster, or undefined. At the end of
 * standard support EKS upgrades a `STANDARD` cluster itself (and an `EXTENDED` one at the end of extended
 * support); the program still asks for the old version, and EKS refuses downgrades, so every later `up` fails
 * half-way. Reported at preview instead, with both ways out and the cost of each.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
 */
export function versionDrift(
  version: KubernetesVersion,
  supportType: (typeof SUPPORT_TYPES)[number],
  today: Date,
): string | undefined {
  const status = eksSupportStatus(version, today);
  const known = EKS_VERSION_CALENDAR.find((entry) => entry.version === version);
  const next = `1.${Number(version.split('.')[1]) + 1}`;
  const bump = `set kubernetesVersion to '${next}' (one minor version at a time, after reading its upgrade notes)`;
  if (status === 'standard' || !known) return undefined;
  if (status === 'extended' && supportType === 'STANDARD') {
    return `'${version}' left EKS standard support on ${known.endOfStandardSupport}, and with supportType STANDARD EKS upgrades the control plane itself, so the next up would try to downgrade it; ${bump}, or set supportType to EXTENDED to stay on '${version}' until ${known.endOfExtendedSupport} (extended support bills $0.60 per cluster hour instead of $0.10)`;
  }
  if (status === 'extended') return undefined;
  return `'${version}' left EKS extended support on ${known.endOfExtendedSupport} and EKS upgrades such clusters itself, so the next up would try to downgrade it; ${bump}`;
}

/**
 * The AWS partition of a region name: `cn-*` is aws-cn, `us-gov-*` aws-us-gov, `us-iso*`/`eu-isoe-*` the
 * isolated ones, anything else aws.
 */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  return 'aws';
}

/**
 * Refuses partitions other than `aws`: in aws-cn and aws-us-gov the EKS cluster role's trust principal, EKS
 * Pod Identity (not offered in the China regions), the IRSA audience and several managed policy names
 * differ, and none of that is modelled or tested here. No half support.
 *
 * @throws StackConfigError naming the partition, where it came from and what to do.
 */
export function checkPartition(partition: string, source: string): void {
  if ((SUPPORTED_PARTITIONS as readonly string[]).includes(partition)) return;
  throw new StackConfigError([
    {
      key: 'aws:region',
      message: `${source} is in the ${partition} partition, which this stack does not support (the cluster role's trust principal, EKS Pod Identity, which the China regions lack, and the IRSA audience differ there and are untested); deploy to a region of the aws partition`,
    },
  ]);
}

/** True for AWS Graviton (arm64) instance families such as m7g, c6gn, t4g, r8gd and a1. */
export function isGraviton(instanceType: string): boolean {
  return /^([a-z]+\d+g[a-z]*|a1)\./.test(instanceType);
}

/**
 * This project's settings from the running Pulumi program (`pulumi config set <key> <value>`), keyed without
 * the project prefix, for {@link loadConfig}. Keys of other namespaces (`aws:region`) are not included.
 */
export function configFromPulumi(project: string = pulumi.getProject()): Record<string, string> {
  const prefix = `${project}:`;
  return Object.fromEntries(
    Object.entries(pulumi.runtime.allConfig())
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

/**
 * The stack's settings for {@link HardenedEksCluster}, read from `pulumi config` (`<project>:<key>`): each set
 * key converted from the text Pulumi stores (`'true'`, `'3'`, JSON lists) to its type. Keys not set stay
 * unset, so the component applies its defaults.
 *
 * @throws StackConfigError listing every key that is unknown or not of its type.
 */
export function readStackConfig(project: string = pulumi.getProject()): HardenedEksClusterArgs {
  return parseSettings(configFromPulumi(project));
}

/**
 * Converts raw settings (strings as `pulumi config` stores them, or typed values) to typed settings, keeping
 * only the keys given.
 *
 * @throws StackConfigError listing every key that is unknown or not of its type.
 */
export function parseSettings(raw: Readonly<Record<string, unknown>>): HardenedEksClusterArgs {
  const schema = rawSchema.partial();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StackConfigError(parsed.error.issues.flatMap(toIssues));
  return Object.fromEntries(
    Object.entries(parsed.data).filter(([key]) => raw[key] !== undefined),
  ) as HardenedEksClusterArgs;
}

/** Keys earlier versions read, with what replaces them. */
const REMOVED_KEYS: Readonly<Record<string, string>> = {
  deployBaseline:
    'is no longer read: the cluster stack never applies Kubernetes objects (its endpoint is private); remove the key and apply the in-cluster baseline with the project in blueprints/baseline (docs/RUNNING-FOR-REAL.md)',
  grantDeployerAdmin:
    'is no longer read: whoever runs `pulumi up` is never written into the cluster; remove the key, and list your admin roles in clusterAdminRoleArns or assume the admin role the stack creates, as the kubeconfig output does',
  createAutoScalingServiceLinkedRole:
    'is no longer read: the node-volume key matches the EC2 Auto Scaling service-linked role by aws:PrincipalArn, so the role need not exist first, and the node group creates it; remove the key',
};

function toIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const [head, index] = issue.path;
  const key =
    head === undefined ? '' : index === undefined ? String(head) : `${String(head)}[${String(index)}]`;
  if (issue.code === 'unrecognized_keys') {
    const removed = issue.keys.filter((name) => name in REMOVED_KEYS);
    const baseline = issue.keys.filter((name) => (BASELINE_CONFIG_KEYS as readonly string[]).includes(name));
    const unknown = issue.keys.filter((name) => !(name in REMOVED_KEYS) && !baseline.includes(name));
    const keys = unknown.join(', ');
    const suggestions = unknown
      .map((name) => [name, closest(name, CONFIG_KEYS)] as const)
      .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
      .map(([name, suggestion]) => `'${name}': did you mean '${suggestion}'?`);
    const hint = suggestions.length > 0 ? ` (${suggestions.join('; ')})` : '';
    return [
      ...removed.map((name) => ({ key: name, message: `config '${name}' ${REMOVED_KEYS[name]}` })),
      ...baseline.map((name) => ({
        key: name,
        message: `config '${name}' belongs to the baseline stack (blueprints/baseline, project eks-hardening-baseline), which applies in-cluster objects; remove it here and set it there: cd blueprints/baseline && pulumi config set ${name} <value>`,
      })),
      ...(unknown.length > 0
        ? [
            {
              key: keys,
              message: `unknown config key ${keys}${hint}; the stack reads ${CONFIG_KEYS.join(', ')}`,
            },
          ]
        : []),
    ];
  }
  return [
    {
      key,
      message: issue.message.startsWith('config ') ? issue.message : `config '${key}': ${issue.message}`,
    },
  ];
}
