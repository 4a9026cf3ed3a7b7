import * as pulumi from '@pulumi/pulumi';
import { type AwsCredentials, awsCredentialsFromConfig } from './aws-credentials';
import { BASELINE_CONFIG_KEYS } from './baseline-keys';
import { configFromPulumi, StackConfigError } from './config';
import { bool, list, matching, show } from './config-fields';
import { FALCO_CHART_VERSION } from './falco';

export { BASELINE_CONFIG_KEYS } from './baseline-keys';

/** The project name of this repository's cluster program (Pulumi.yaml at the root). */
export const CLUSTER_PROJECT = 'eks-hardening';
/** The project name of this repository's baseline program (blueprints/baseline/Pulumi.yaml). */
export const BASELINE_PROJECT = 'eks-hardening-baseline';

/** The validated settings of the baseline program. */
export interface BaselineSettings {
  /**
   * The cluster stack whose outputs the baseline reads, `<organization>/<project>/<stack>`.
   * @default `<this organization>/eks-hardening/<this stack's name>`: the same-named stack of the cluster project
   */
  readonly clusterStack: string;
  /** Where the baseline's tokens start from (this stack's `aws:profile`); they assume the cluster's admin role. */
  readonly credentials: AwsCredentials;
  /**
   * Generate the `image-registry-allowlist` admission policy, allowing the cluster stack's ECR registry
   * (its `ecrRegistry` output) and {@link allowedRegistries}. Opt-in: most clusters also run public images
   * (Helm charts, operators) that would be warned about, and in `enforce` mode denied, until mirrored into ECR
   * or listed. kube-system, where the EKS add-ons run, stays exempt. @default false
   */
  readonly enforceRegistryAllowlist: boolean;
  /** Registries (or registry/repository prefixes) allowed besides the cluster's ECR registry. @default [] */
  readonly allowedRegistries: readonly string[];
  /**
   * Falco, from its pinned Helm chart, as a runtime detector beside (or instead of) GuardDuty Runtime
   * Monitoring: `falco` turns it on, `falcoChartVersion` moves the pin. Opt-in: it runs a privileged-level
   * DaemonSet (100m CPU and 512Mi memory requested per node) whose alerts someone must read, and GuardDuty
   * already covers the same ground when the cluster stack enables it.
   * @default undefined (no Falco)
   */
  readonly falco?: { readonly chartVersion: string };
}

/**
 * The registries the baseline's admission policy allows: none (no policy) unless `enforceRegistryAllowlist`,
 * then the cluster stack's ECR registry and the listed ones. Pure.
 */
export function baselineRegistryAllowlist(
  settings: Pick<BaselineSettings, 'enforceRegistryAllowlist' | 'allowedRegistries'>,
  clusterRegistry: string | undefined,
): string[] {
  if (!settings.enforceRegistryAllowlist) return [];
  return [...new Set([...(clusterRegistry ? [clusterRegistry] : []), ...settings.allowedRegistries])];
}

/** Where the baseline runs, for the default cluster stack. */
export interface BaselineContext {
  readonly organization: string;
  readonly stack: string;
}

const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const CHART_VERSION = /^\d+\.\d+\.\d+$/;

/**
 * Validates the baseline program's settings (keys without the project prefix, plus the stack's `aws:*` keys)
 * and fills in the default cluster stack. Pure.
 *
 * @throws StackConfigError naming every bad key.
 */
export function loadBaselineConfig(
  settings: Readonly<Record<string, string>>,
  aws: Readonly<Record<string, string>>,
  context: BaselineContext,
): BaselineSettings {
  const issues = Object.keys(settings)
    .filter((key) => !(BASELINE_CONFIG_KEYS as readonly string[]).includes(key))
    .map((key) => ({
      key,
      message: `unknown config key ${key}; the baseline reads ${BASELINE_CONFIG_KEYS.join(', ')} (cluster settings belong in the cluster stack)`,
    }));
  const clusterStack = settings.clusterStack ?? `${context.organization}/${CLUSTER_PROJECT}/${context.stack}`;
  if (!STACK_NAME.test(clusterStack)) {
    issues.push({
      key: 'clusterStack',
      message: `config 'clusterStack' must name the cluster stack as <organization>/<project>/<stack>, e.g. acme/${CLUSTER_PROJECT}/prod (a local backend's organization is 'organization'); got ${show(clusterStack)}`,
    });
  }
  const enforce = bool('enforceRegistryAllowlist').safeParse(settings.enforceRegistryAllowlist ?? 'false');
  if (!enforce.success)
    issues.push({ key: 'enforceRegistryAllowlist', message: enforce.error.issues[0]!.message });
  const registries = list('allowedRegistries', (i) =>
    matching(
      `allowedRegistries[${i}]`,
      /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9._/-]+)?$/,
      'a registry or registry/repository prefix such as public.ecr.aws/eks-distro',
    ),
  ).safeParse(settings.allowedRegistries ?? []);
  if (!registries.success) {
    for (const issue of registries.error.issues)
      issues.push({ key: 'allowedRegistries', message: issue.message });
  } else if (registries.data.length > 0 && enforce.success && !enforce.data) {
    issues.push({
      key: 'allowedRegistries',
      message: `config 'allowedRegistries' has no effect while enforceRegistryAllowlist is false; got ${show(registries.data)}; set enforceRegistryAllowlist to true or remove the list`,
    });
  }
  const falco = bool('falco').safeParse(settings.falco ?? 'false');
  if (!falco.success) issues.push({ key: 'falco', message: falco.error.issues[0]!.message });
  const falcoOn = falco.success && falco.data;
  const chartVersion = settings.falcoChartVersion;
  if (chartVersion !== undefined && !CHART_VERSION.test(chartVersion)) {
    issues.push({
      key: 'falcoChartVersion',
      message: `config 'falcoChartVersion' must be an exact chart version <major>.<minor>.<patch> such as ${FALCO_CHART_VERSION} (no ranges, so the DaemonSet changes only when you change it); got ${show(chartVersion)}`,
    });
  } else if (chartVersion !== undefined && !falcoOn) {
    issues.push({
      key: 'falcoChartVersion',
      message: `config 'falcoChartVersion' is set but falco is not true, so no Falco is installed; set falco to true or remove falcoChartVersion`,
    });
  }
  let credentials: AwsCredentials = {};
  try {
    credentials = awsCredentialsFromConfig(aws);
  } catch (error) {
    if (!(error instanceof StackConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0) throw new StackConfigError(issues, 'baseline stack configuration');
  return {
    clusterStack,
    credentials,
    enforceRegistryAllowlist: enforce.success && enforce.data,
    allowedRegistries: registries.success ? registries.data : [],
    ...(falcoOn ? { falco: { chartVersion: chartVersion ?? FALCO_CHART_VERSION } } : {}),
  };
}

/** {@link loadBaselineConfig} over the running program's configuration. */
export function readBaselineConfig(project: string = pulumi.getProject()): BaselineSettings {
  return loadBaselineConfig(configFromPulumi(project), pulumi.runtime.allConfig(), {
    organization: pulumi.getOrganization(),
    stack: pulumi.getStack(),
  });
}
