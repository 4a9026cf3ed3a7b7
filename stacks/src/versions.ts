/**
 * Kubernetes versions the stack can create, and the EKS add-on versions pinned for each.
 *
 * Only versions in EKS standard support are offered (the dates are in the calendar of the
 * `eks-version-supported` rule, policies/rules/eks-version-supported.ts, which fails a plan whose version has
 * moved to paid extended support). Drop a version here when it leaves standard support; add the next one with
 * its add-on pins.
 *
 * Add-on pins: `kube-proxy` and `coredns` are the EKS User Guide's "latest version per Kubernetes version"
 * tables (managing-kube-proxy.html, managing-coredns.html; the 2026 snapshot lists 1.35 -> v1.35.3-eksbuild.2
 * and v1.13.2-eksbuild.4, 1.34 -> v1.34.6-eksbuild.2). `vpc-cni`, `eks-pod-identity-agent` and
 * `aws-ebs-csi-driver` have no such table: their pins come from a public AWS CDK (aws-eks-v2) sample's add-on
 * map for 1.30-1.35, whose kube-proxy and coredns entries match the User Guide; they were not checked against
 * the live EKS API (no AWS account here). Re-check with
 * `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` before upgrading, and
 * override any pin with `pulumi config set <addon>Version <version>`.
 */

/** Kubernetes minor versions this stack pins add-ons for. */
export const KUBERNETES_VERSIONS = ['1.34', '1.35'] as const;

/** One of {@link KUBERNETES_VERSIONS}. */
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/** The version a stack gets with no configuration: the newest in EKS standard support. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.35';

/** The EKS add-ons every cluster gets, by their EKS add-on names. */
export const ADDON_NAMES = [
  'vpc-cni',
  'kube-proxy',
  'coredns',
  'eks-pod-identity-agent',
  'aws-ebs-csi-driver',
] as const;

/** One of {@link ADDON_NAMES}. */
export type AddonName = (typeof ADDON_NAMES)[number];

/** EKS add-ons a setting turns on (they cost money or change what leaves the cluster), by their EKS names. */
export const OPTIONAL_ADDON_NAMES = ['amazon-cloudwatch-observability'] as const;

/** One of {@link OPTIONAL_ADDON_NAMES}. */
export type OptionalAddonName = (typeof OPTIONAL_ADDON_NAMES)[number];

/** Any add-on the stack can install. */
export type ClusterAddonName = AddonName | OptionalAddonName;

const SHARED_PINS = {
  'vpc-cni': 'v1.21.1-eksbuild.7',
  coredns: 'v1.13.2-eksbuild.4',
  'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  'aws-ebs-csi-driver': 'v1.58.0-eksbuild.1',
} as const;

/** The pinned add-on versions for each Kubernetes version (see the file comment for the sources). */
export const ADDON_VERSIONS: Readonly<Record<KubernetesVersion, Readonly<Record<AddonName, string>>>> = {
  '1.34': { ...SHARED_PINS, 'kube-proxy': 'v1.34.6-eksbuild.2' },
  '1.35': { ...SHARED_PINS, 'kube-proxy': 'v1.35.3-eksbuild.2' },
};

/**
 * The pinned versions of the optional add-ons. `amazon-cloudwatch-observability` v6.2.0-eksbuild.1 is the
 * release the CloudWatch User Guide names for OpenTelemetry Container Insights
 * (install-CloudWatch-Observability-EKS-addon.html); like the pins above it was not checked against the live
 * EKS API for 1.34 and 1.35: run `aws eks describe-addon-versions --kubernetes-version <v> --addon-name
 * amazon-cloudwatch-observability` first, and override with `cloudwatchObservabilityVersion`.
 */
export const OPTIONAL_ADDON_VERSIONS: Readonly<
  Record<KubernetesVersion, Readonly<Record<OptionalAddonName, string>>>
> = {
  '1.34': { 'amazon-cloudwatch-observability': 'v6.2.0-eksbuild.1' },
  '1.35': { 'amazon-cloudwatch-observability': 'v6.2.0-eksbuild.1' },
};

/** The shape of an EKS add-on version: `v<major>.<minor>.<patch>-eksbuild.<n>`. */
export const ADDON_VERSION_PATTERN = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
