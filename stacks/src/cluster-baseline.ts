import { type ClusterBaselineChartProps, clusterBaselineManifests } from '@eks-hardening/constructs';
import { DEFAULT_ADMISSION_SETTINGS } from '@eks-hardening/rules';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { componentType } from './component-type';
import { FALCO_NAMESPACE, Falco, falcoNamespaceManifests } from './falco';

/** A Kubernetes object as plain data (what the cdk8s blueprints synthesize). */
export type KubernetesObject = Readonly<Record<string, unknown>>;

/** Kinds other objects may live in or be instances of: they are applied first. */
export const FIRST_KINDS: readonly string[] = ['Namespace', 'CustomResourceDefinition'];

/** `Kind/namespace/name` (or `Kind/name` when cluster-scoped): the identity of an object in a cluster. */
export function objectKey(object: KubernetesObject): string {
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const namespace = typeof metadata.namespace === 'string' ? `${metadata.namespace}/` : '';
  return `${String(object.kind)}/${namespace}${String(metadata.name)}`;
}

/**
 * Checks the objects and splits them into the ones to apply first (namespaces, CRDs) and the rest, so a
 * NetworkPolicy never races the namespace it lives in.
 *
 * @throws Error naming the object (by index) that has no apiVersion, kind or metadata.name, or is listed twice.
 */
export function stageManifests(objects: readonly KubernetesObject[]): {
  first: KubernetesObject[];
  rest: KubernetesObject[];
} {
  const seen = new Set<string>();
  objects.forEach((object, index) => {
    const metadata = object.metadata as Record<string, unknown> | undefined;
    for (const [field, value] of [
      ['apiVersion', object.apiVersion],
      ['kind', object.kind],
      ['metadata.name', metadata?.name],
    ] as const) {
      if (typeof value !== 'string' || value === '') {
        throw new Error(
          `baseline manifest [${index}] (${objectKey(object)}) has no ${field}; every object needs apiVersion, kind and metadata.name`,
        );
      }
    }
    const key = objectKey(object);
    if (seen.has(key)) throw new Error(`baseline manifest [${index}] ${key} is listed twice; keep one`);
    seen.add(key);
  });
  return {
    first: objects.filter((object) => FIRST_KINDS.includes(String(object.kind))),
    rest: objects.filter((object) => !FIRST_KINDS.includes(String(object.kind))),
  };
}

/** Settings of {@link ClusterBaseline}. */
export interface ClusterBaselineArgs {
  /** A Kubernetes provider bound to the cluster, such as {@link ClusterConnection}'s `provider`. */
  readonly provider: k8s.Provider;
  /**
   * The objects to apply.
   * @default the hardened namespaces, admission policies and encrypted StorageClass of
   *   `clusterBaselineManifests()` (`@eks-hardening/constructs`)
   */
  readonly manifests?: readonly KubernetesObject[];
  /**
   * Registries the default manifests' `image-registry-allowlist` admission policy allows (see
   * `baselineRegistryAllowlist`); ignored with `manifests`. @default [] (no registry policy)
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Falco from its pinned Helm chart, in a `falco` namespace of its own (Pod Security `privileged`, with the
   * reason; DNS and HTTPS egress only). The default manifests then leave that namespace out of the admission
   * policies, as they leave out kube-system; `manifests` of your own must do the same.
   * @default undefined (no Falco)
   */
  readonly falco?: { readonly chartVersion?: string };
}

/**
 * The default baseline objects: `clusterBaselineManifests()` with the registry allowlist when one is given, and
 * the Falco namespace exempt from the admission policies when Falco runs (its DaemonSet uses what they deny;
 * its namespace admits nothing else).
 */
export function defaultBaselineManifests(
  args: Pick<ClusterBaselineArgs, 'allowedRegistries' | 'falco'>,
): KubernetesObject[] {
  const admission: NonNullable<ClusterBaselineChartProps['admission']> = {
    ...(args.allowedRegistries?.length ? { allowedRegistries: args.allowedRegistries } : {}),
    ...(args.falco
      ? { exemptNamespaces: [...DEFAULT_ADMISSION_SETTINGS.exemptNamespaces, FALCO_NAMESPACE] }
      : {}),
  };
  return clusterBaselineManifests(Object.keys(admission).length > 0 ? { admission } : {});
}

/**
 * The in-cluster baseline, applied through a Kubernetes provider bound to the cluster (never the ambient
 * kubeconfig). Each object becomes its own typed resource (`yaml.ConfigGroup` expands in-process), so
 * previews, the mock runtime and the policy pack see every planned object and its fields. It belongs in its own
 * stack, run from where the API endpoint is reachable (see `blueprints/baseline`).
 *
 * ```ts
 * const cluster = new ClusterConnection('cluster', { stack: 'acme/eks-hardening/prod' });
 * new ClusterBaseline('baseline', { provider: cluster.provider });
 * ```
 */
export class ClusterBaseline extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;

  constructor(name: string, args: ClusterBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ClusterBaseline'), name, {}, opts);
    const { first, rest } = stageManifests([
      ...(args.manifests ?? defaultBaselineManifests(args)),
      ...(args.falco ? falcoNamespaceManifests() : []),
    ]);
    this.provider = args.provider;
    const group = (suffix: string, objects: KubernetesObject[], after?: k8s.yaml.ConfigGroup) =>
      new k8s.yaml.ConfigGroup(
        `${name}-${suffix}`,
        {
          // A JSON copy, not structuredClone: the objects are JSON data, and Pulumi's serializer tests
          // `instanceof Array`, which arrays cloned in another realm (jest's sandbox) fail.
          objs: objects.map((object) => JSON.parse(JSON.stringify(object)) as KubernetesObject),
          resourcePrefix: name,
          // A component's dependsOn does not reach its children: each object waits for the first stage itself.
          transformations: after
            ? [(_object, options) => (options.dependsOn = after.resources.apply((r) => Object.values(r)))]
            : [],
        },
        { parent: this, provider: this.provider },
      );
    const namespaces = first.length > 0 ? group('namespaces', first) : undefined;
    const objects = rest.length > 0 ? group('objects', rest, namespaces) : undefined;
    if (args.falco) {
      new Falco(
        `${name}-falco`,
        {
          provider: this.provider,
          ...(args.falco.chartVersion ? { chartVersion: args.falco.chartVersion } : {}),
          // Its namespace and NetworkPolicies first: a DaemonSet admitted before them would be refused or open.
          dependsOn: pulumi
            .all([namespaces, objects].flatMap((g) => (g ? [g.resources] : [])))
            .apply((groups) => groups.flatMap((resources) => Object.values(resources))),
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
