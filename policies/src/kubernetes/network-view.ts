import type { Manifest } from '../engine/types';
import { asRecord, kindOf } from './object';
import { TEMPLATE_PATHS } from './pod-template';

/** Kinds the network rules read nearly whole; they are small, so they are kept as they are. */
const WHOLE: ReadonlySet<string> = new Set(['Namespace', 'NetworkPolicy', 'Service']);

/**
 * What the NetworkPolicy rules (`namespace-default-deny`, `network-policy-reachability`) read of an object,
 * as their `retain`: Namespaces, NetworkPolicies, Services and kinds without a pod template as they are; of a
 * pod-bearing object its apiVersion, kind, name, namespace and labels, and of its pod template the labels and
 * each container's name, ports and restartPolicy (a sidecar's ports listen too). Values are shared, not
 * copied, so a value not known yet is still not known, and a malformed one is as malformed.
 */
export function networkView(manifest: Manifest): Manifest {
  const kind = kindOf(manifest);
  // Own keys only: a kind such as `constructor` or `toString` has no pod template.
  const steps = Object.hasOwn(TEMPLATE_PATHS, kind) ? TEMPLATE_PATHS[kind] : undefined;
  if (WHOLE.has(kind) || !steps) return manifest;
  const view: Record<string, unknown> = {};
  copy(manifest, view, ['apiVersion', 'kind']);
  if ('metadata' in manifest) view.metadata = metadataView(manifest.metadata);
  // The path down to the pod template, with nothing beside it.
  let source: unknown = manifest;
  let target = view;
  for (const step of steps) {
    source = asRecord(source)?.[step];
    if (asRecord(source) === undefined) {
      if (source !== undefined) target[step] = source;
      return view;
    }
    const next: Record<string, unknown> = {};
    target[step] = next;
    target = next;
  }
  const template = asRecord(source)!;
  if (steps.length > 0 && 'metadata' in template) target.metadata = metadataView(template.metadata);
  if ('spec' in template) target.spec = podSpecView(template.spec);
  return view;
}

/** Name, namespace and labels of an object or pod template. */
function metadataView(metadata: unknown): unknown {
  const record = asRecord(metadata);
  if (!record) return metadata;
  const view: Record<string, unknown> = {};
  copy(record, view, ['name', 'namespace', 'labels']);
  return view;
}

/** The containers and sidecars of a pod spec, each with its name, ports and restartPolicy. */
function podSpecView(spec: unknown): unknown {
  const record = asRecord(spec);
  if (!record) return spec;
  const view: Record<string, unknown> = {};
  for (const list of ['containers', 'initContainers'] as const) {
    if (!(list in record)) continue;
    const containers = record[list];
    view[list] = Array.isArray(containers)
      ? containers.map((container) => {
          const entry = asRecord(container);
          if (!entry) return container;
          const kept: Record<string, unknown> = {};
          copy(entry, kept, ['name', 'ports', 'restartPolicy']);
          return kept;
        })
      : containers;
  }
  return view;
}

function copy(from: Readonly<Record<string, unknown>>, to: Record<string, unknown>, keys: readonly string[]) {
  for (const key of keys) if (key in from) to[key] = from[key];
}
