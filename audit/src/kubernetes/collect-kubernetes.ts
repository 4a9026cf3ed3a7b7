import { asRecord, KUBELET_CONFIGURATION_KIND, type Manifest } from '@eks-hardening/rules';
import type { EvidenceGap, KubeletEvidence, KubernetesEvidence } from '../bundle';
import { kindsToRead, type WantedKind } from './kinds';
import type { KubeAnswer, KubeApi } from './kube-api';

/** What {@link collectKubernetes} read, and what it could not. */
export interface KubernetesCollection {
  readonly evidence: KubernetesEvidence;
  readonly gaps: readonly EvidenceGap[];
}

/** Progress of a collection: `done` of `total` steps, the one now running named. */
export type KubernetesProgress = (done: number, total: number, step: string) => void;

/** Items per list page (the API server's `limit`; the rest follows with `continue`). */
export const PAGE_SIZE = 500;

/** How many nodes' kubelet configurations are fetched at once. */
const CONFIGZ_CONCURRENCY = 8;

/** The ClusterRole file that grants every read, for messages. */
const CLUSTER_ROLE = 'permissions/cluster-role.yaml of @eks-hardening/audit';

/** A resource of the API, as discovery lists it. */
interface ServedResource {
  readonly kind: string;
  /** `deployments`. */
  readonly plural: string;
  /** `apps/v1`, or `v1` for the core group. */
  readonly groupVersion: string;
  readonly namespaced: boolean;
}

/**
 * Reads, with GET requests only, every object of the kinds the rules examine in all namespaces (discovered
 * through `/api` and `/apis`, listed page by page with `limit` and `continue`), and each node's running kubelet
 * configuration through the API server proxy (`/api/v1/nodes/<node>/proxy/configz`). Secret data never leaves
 * this function. A kind the API refuses leaves a gap naming it; an unreachable API server one gap for all.
 */
export async function collectKubernetes(
  api: KubeApi,
  onProgress: KubernetesProgress = () => {},
): Promise<KubernetesCollection> {
  const wanted = kindsToRead();
  const allKinds = [...wanted.map((entry) => entry.kind), KUBELET_CONFIGURATION_KIND];
  const gaps: EvidenceGap[] = [];
  const unreachable = (what: string, answer: Extract<KubeAnswer, { ok: false }>): KubernetesCollection => ({
    evidence: { objects: [], kubelets: [] },
    gaps: [
      {
        source: 'kubernetes',
        what,
        error: answer.error,
        fix:
          answer.status === 401
            ? 'the API server rejected the credentials: refresh them (aws eks update-kubeconfig --name <cluster>) or pass --context'
            : 'make the API server reachable from here (a private endpoint needs a host inside the VPC or a VPN) or pass --context',
        kinds: allKinds,
      },
    ],
  });

  const version = await api.get('/version');
  if (!version.ok && (version.status === undefined || version.status === 401)) {
    return unreachable('the Kubernetes API server', version);
  }
  const discovered = await discover(api, wanted);
  if ('failed' in discovered) return unreachable(discovered.failed.what, discovered.failed.answer);

  const total = wanted.length + 1;
  const objects: Manifest[] = [];
  let step = 0;
  for (const entry of wanted) {
    onProgress(step++, total, entry.kind);
    const resource = discovered.resources.get(entry.kind);
    if (!resource) continue; // not served by this API server, so none exist
    const listed = await listAll(api, resource);
    if ('error' in listed) {
      gaps.push({
        source: 'kubernetes',
        what: `list ${resourceName(resource)}${resource.namespaced ? ' in all namespaces' : ''}`,
        error: listed.error,
        fix: listed.error.startsWith('403')
          ? `grant get and list on ${resourceName(resource)} to the identity harden runs as (${CLUSTER_ROLE})`
          : 'run it again; if it keeps failing, check the API server’s health',
        kinds: [entry.kind],
      });
      continue;
    }
    objects.push(...listed.items.map((item) => stored(item, resource)));
  }

  onProgress(step, total, 'kubelet configuration of each node');
  const nodeKindRead = !gaps.some((gap) => gap.kinds?.includes('Node'));
  const kubelets = nodeKindRead ? await readKubelets(api, objects, gaps) : [];
  if (!nodeKindRead) {
    gaps.push({
      source: 'kubernetes',
      what: 'the kubelet configuration of the nodes (the nodes could not be listed)',
      error: 'nodes were not listed',
      fix: `grant list on nodes and get on nodes/proxy (${CLUSTER_ROLE})`,
      kinds: [KUBELET_CONFIGURATION_KIND],
    });
  }
  onProgress(total, total, 'done');
  const serverVersion = version.ok ? asRecord(version.body)?.gitVersion : undefined;
  return {
    evidence: {
      ...(typeof serverVersion === 'string' ? { serverVersion } : {}),
      objects,
      kubelets,
    },
    gaps,
  };
}

/** `deployments.apps`, `pods`: a resource as RBAC and error messages name it. */
function resourceName(resource: ServedResource): string {
  const slash = resource.groupVersion.indexOf('/');
  return slash < 0 ? resource.plural : `${resource.plural}.${resource.groupVersion.slice(0, slash)}`;
}

/** The resource serving each wanted kind, in its group's preferred version. */
async function discover(
  api: KubeApi,
  wanted: readonly WantedKind[],
): Promise<
  | { resources: Map<string, ServedResource> }
  | { failed: { what: string; answer: Extract<KubeAnswer, { ok: false }> } }
> {
  const groupVersions: string[] = ['v1'];
  const groups = await api.get('/apis');
  if (!groups.ok) return { failed: { what: 'API discovery (/apis)', answer: groups } };
  const anyGroup = wanted.some((entry) => entry.group === undefined);
  const groupsWanted = new Set(wanted.map((entry) => entry.group).filter((group) => group));
  for (const raw of asArrayOf(asRecord(groups.body)?.groups)) {
    const name = raw.name;
    const preferred = asRecord(raw.preferredVersion)?.groupVersion;
    if (typeof name === 'string' && typeof preferred === 'string' && (anyGroup || groupsWanted.has(name))) {
      groupVersions.push(preferred);
    }
  }
  const resources = new Map<string, ServedResource>();
  for (const groupVersion of groupVersions) {
    const answer = await api.get(groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`);
    if (!answer.ok) {
      if (groupVersion === 'v1') return { failed: { what: 'API discovery (/api/v1)', answer } };
      continue; // an aggregated API that is down serves none of the kinds we read
    }
    const group = groupVersion.includes('/') ? groupVersion.slice(0, groupVersion.indexOf('/')) : '';
    for (const raw of asArrayOf(asRecord(answer.body)?.resources)) {
      const { kind, name } = raw;
      if (typeof kind !== 'string' || typeof name !== 'string' || name.includes('/')) continue;
      const entry = wanted.find((candidate) => candidate.kind === kind);
      if (!entry || resources.has(kind) || (entry.group !== undefined && entry.group !== group)) continue;
      resources.set(kind, { kind, plural: name, groupVersion, namespaced: raw.namespaced !== false });
    }
  }
  return { resources };
}

/** Every item of a resource in all namespaces, following `continue`; restarts once when a token expires. */
async function listAll(
  api: KubeApi,
  resource: ServedResource,
): Promise<{ items: Readonly<Record<string, unknown>>[] } | { error: string }> {
  const base = `${resource.groupVersion === 'v1' ? '/api/v1' : `/apis/${resource.groupVersion}`}/${resource.plural}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    const items: Readonly<Record<string, unknown>>[] = [];
    let token: string | undefined;
    let expired = false;
    do {
      const query = `?limit=${PAGE_SIZE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const answer = await api.get(`${base}${query}`);
      if (!answer.ok) {
        // 410 Gone: the continue token expired while paging; start over with a fresh list.
        if (answer.status === 410 && token) {
          expired = true;
          break;
        }
        return { error: answer.error };
      }
      const list = asRecord(answer.body);
      items.push(...asArrayOf(list?.items));
      const next = asRecord(list?.metadata)?.continue;
      token = typeof next === 'string' && next !== '' ? next : undefined;
    } while (token);
    if (!expired) return { items };
  }
  return { error: '410 Gone: the list changed faster than it could be paged twice' };
}

/**
 * An item as the bundle keeps it: `apiVersion` and `kind` set (list items carry neither), `managedFields` left
 * out; a Secret reduced to its name, namespace and type; a Node to what identifies it.
 */
function stored(item: Readonly<Record<string, unknown>>, resource: ServedResource): Manifest {
  const header = { apiVersion: resource.groupVersion, kind: resource.kind };
  const { managedFields: _managedFields, ...metadata } = asRecord(item.metadata) ?? {};
  if (resource.kind === 'Secret') {
    return {
      ...header,
      metadata: pick(metadata, ['name', 'namespace', 'uid', 'creationTimestamp']),
      type: item.type,
    };
  }
  if (resource.kind === 'Node') {
    return {
      ...header,
      metadata: pick(metadata, ['name', 'uid', 'labels', 'creationTimestamp']),
      spec: pick(asRecord(item.spec) ?? {}, ['providerID']),
      status: pick(asRecord(item.status) ?? {}, ['nodeInfo']),
    };
  }
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...rest } = item;
  return { ...header, metadata, ...rest };
}

/** The running kubelet configuration of every node, except Fargate's, whose kubelet AWS runs. */
async function readKubelets(
  api: KubeApi,
  objects: readonly Manifest[],
  gaps: EvidenceGap[],
): Promise<KubeletEvidence[]> {
  const nodes = objects
    .filter((object) => object.kind === 'Node')
    .map((node) => asRecord(node.metadata) ?? {})
    .filter((metadata) => asRecord(metadata.labels)?.['eks.amazonaws.com/compute-type'] !== 'fargate')
    .flatMap((metadata) => (typeof metadata.name === 'string' ? [metadata.name] : []));
  const kubelets: KubeletEvidence[] = [];
  let forbidden: string | undefined;
  let next = 0;
  const worker = async () => {
    while (next < nodes.length && forbidden === undefined) {
      const node = nodes[next++]!;
      const answer = await api.get(`/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`);
      const config = answer.ok ? asRecord(asRecord(answer.body)?.kubeletconfig) : undefined;
      if (config) {
        kubelets.push({ node, kubeletconfig: config });
      } else if (!answer.ok && answer.status === 403) {
        forbidden = answer.error;
      } else {
        gaps.push({
          source: 'kubernetes',
          what: `the kubelet configuration of node ${node} (/api/v1/nodes/${node}/proxy/configz)`,
          error: answer.ok ? 'the answer has no kubeletconfig' : answer.error,
          fix: 'check that the node is Ready and its kubelet reachable from the control plane (port 10250)',
          kinds: [KUBELET_CONFIGURATION_KIND],
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONFIGZ_CONCURRENCY, nodes.length) }, worker));
  if (forbidden !== undefined) {
    gaps.push({
      source: 'kubernetes',
      what: 'the kubelet configuration of the nodes (get nodes/proxy)',
      error: forbidden,
      fix: `grant get on nodes/proxy to the identity harden runs as (${CLUSTER_ROLE})`,
      kinds: [KUBELET_CONFIGURATION_KIND],
    });
    return [];
  }
  return kubelets.sort((a, b) => a.node.localeCompare(b.node));
}

function asArrayOf(value: unknown): Readonly<Record<string, unknown>>[] {
  return Array.isArray(value) ? value.flatMap((item) => (asRecord(item) ? [asRecord(item)!] : [])) : [];
}

function pick(record: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]));
}
