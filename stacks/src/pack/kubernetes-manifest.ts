import type { Manifest } from '@eks-hardening/rules';
import { asRecord, isUnknown } from '@eks-hardening/rules';

/** `kubernetes:<group>/<version>:<Kind>`, the type token of every Kubernetes object `@pulumi/kubernetes` registers. */
const KUBERNETES_TYPE = /^kubernetes:([^:]+)\/([^:/]+):([^:]+)$/;

/**
 * Groups of `@pulumi/kubernetes` component and server-side resources that are not Kubernetes objects:
 * `yaml/v2:ConfigGroup` and `ConfigFile` (their objects are registered as children and checked one by one),
 * `helm.sh/v3:Chart` (likewise) and `helm.sh/v3:Release` or `helm.sh/v4`, `kustomize/v2:Directory`.
 */
const NOT_OBJECT_GROUPS: ReadonlySet<string> = new Set(['yaml', 'helm.sh', 'kustomize']);

/**
 * The Kubernetes object a `kubernetes:*` Pulumi resource stands for, rebuilt from its type token and inputs:
 * `kubernetes:apps/v1:Deployment` is `apps/v1` `Deployment`, `kubernetes:core/v1:Pod` is `v1` `Pod`, custom
 * resources (`kubernetes:cert-manager.io/v1:Certificate`) likewise. A missing or unknown `metadata.name`
 * (Pulumi auto-names it at apply) is filled with the Pulumi resource name. Undefined for resources that are
 * not objects: components, Helm releases, `*List` kinds and server-side-apply `*Patch` resources (a partial
 * object that rules cannot judge on its own).
 */
export function manifestFromResource(
  type: string,
  inputs: Readonly<Record<string, unknown>>,
  resourceName: string,
): Manifest | undefined {
  const match = KUBERNETES_TYPE.exec(type);
  if (!match) return undefined;
  const [, group, version, kind] = match as unknown as [string, string, string, string];
  if (NOT_OBJECT_GROUPS.has(group) || kind.endsWith('Patch') || kind.endsWith('List')) return undefined;
  const apiVersion = group === 'core' ? version : `${group}/${version}`;
  const metadata = asRecord(inputs.metadata) ?? {};
  const name = metadata.name;
  const named =
    typeof name === 'string' && name !== '' && !isUnknown(name)
      ? metadata
      : { ...metadata, name: resourceName };
  return { ...inputs, apiVersion, kind, metadata: named };
}

/** True for the type token of a Kubernetes resource (`kubernetes:*`). */
export function isKubernetesType(type: string): boolean {
  return type.startsWith('kubernetes:');
}
