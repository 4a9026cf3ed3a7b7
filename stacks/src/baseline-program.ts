import type * as pulumi from '@pulumi/pulumi';
import { type BaselineSettings, baselineRegistryAllowlist } from './baseline-config';
import { ClusterBaseline, type KubernetesObject } from './cluster-baseline';
import { ClusterConnection } from './cluster-connection';

/** The names this repository's baseline program gives its components. */
export const BASELINE_COMPONENT_NAMES = { connection: 'cluster', baseline: 'baseline' } as const;

/**
 * This repository's baseline program (`blueprints/baseline`) over validated settings: the connection to the
 * cluster stack, and the baseline applied through it, its registry allowlist (when enforced) holding the
 * cluster stack's ECR registry. Returns the stack outputs.
 */
export async function runBaselineProgram(
  settings: BaselineSettings,
  options: { readonly manifests?: readonly KubernetesObject[] } = {},
): Promise<{ clusterName: pulumi.Output<string> }> {
  const connection = new ClusterConnection(BASELINE_COMPONENT_NAMES.connection, {
    stack: settings.clusterStack,
    credentials: settings.credentials,
  });
  const registry = settings.enforceRegistryAllowlist ? await connection.ecrRegistry() : undefined;
  const allowedRegistries = baselineRegistryAllowlist(settings, registry);
  new ClusterBaseline(BASELINE_COMPONENT_NAMES.baseline, {
    provider: connection.provider,
    ...(options.manifests ? { manifests: options.manifests } : {}),
    ...(allowedRegistries.length > 0 ? { allowedRegistries } : {}),
    ...(settings.falco ? { falco: settings.falco } : {}),
  });
  return { clusterName: connection.clusterName };
}
