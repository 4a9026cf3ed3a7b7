import { ApiObject, type ApiObjectMetadata, Chart, type GroupVersionKind, JsonPatch } from 'cdk8s';
import { IntOrString, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';

/** A generated cdk8s L1 class (`KubeDeployment`, `ExternalSecret`, ...): its GVK and its JSON serializer. */
export interface L1Class<Props> {
  readonly GVK: GroupVersionKind;
  manifest(props: Props): any;
}

/**
 * The TypeScript field names the generated L1 converters rename in JSON (cdk8s-plus-28's imports/k8s.js,
 * every `'<json>': obj.<ts>` pair whose names differ).
 */
const L1_RENAMES: Readonly<Record<string, string>> = {
  clusterIp: 'clusterIP',
  datasetUuid: 'datasetUUID',
  diskUri: 'diskURI',
  externalId: 'externalID',
  hostIp: 'hostIP',
  hostIpc: 'hostIPC',
  hostPid: 'hostPID',
  insecureSkipTlsVerify: 'insecureSkipTLSVerify',
  loadBalancerIp: 'loadBalancerIP',
  nodeId: 'nodeID',
  nonResourceUrLs: 'nonResourceURLs',
  pdId: 'pdID',
  podCidr: 'podCIDR',
  podCidRs: 'podCIDRs',
  providerId: 'providerID',
  setHostnameAsFqdn: 'setHostnameAsFQDN',
  storagePolicyId: 'storagePolicyID',
  targetCpuUtilizationPercentage: 'targetCPUUtilizationPercentage',
  targetWwNs: 'targetWWNs',
  volumeId: 'volumeID',
};

/** Fields whose value is a free-form map (user keys, never renamed). */
const MAP_FIELDS: ReadonlySet<string> = new Set([
  'annotations',
  'labels',
  'matchLabels',
  'selector',
  'nodeSelector',
  'requests',
  'limits',
  'hard',
  'data',
  'parameters',
  'default',
  'defaultRequest',
  'max',
  'min',
]);

/**
 * What the generated L1 converters (`KubeX.manifest()`) produce, in one pass: undefined fields dropped,
 * `Quantity` and `IntOrString` unwrapped, the fields of {@link L1_RENAMES} renamed. The generated converters
 * rebuild every object level with a spread per key, which made them half of our synthesis time; a test
 * checks this function against `manifest()` for every object the constructs and blueprints make.
 */
export function l1Json(value: unknown, isMap = false): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Quantity || value instanceof IntOrString) return value.value;
  if (Array.isArray(value)) return value.map((item) => l1Json(item));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    out[isMap ? key : (L1_RENAMES[key] ?? key)] = l1Json(field, !isMap && MAP_FIELDS.has(key));
  }
  return out;
}

/** The annotation an object changed by JSON patches after construction carries: the `op path` of each. */
export const PATCHED_ANNOTATION = 'eks-hardening.io/patched-after-construction';

/** The ApiObjectMetadataDefinition methods that change metadata after construction. */
const METADATA_MUTATORS = ['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'] as const;

/**
 * One Kubernetes object built from the typed props of a generated L1 class (cdk8s-plus-28's
 * `imports/k8s`, or our `imports/`), rendered as that class's `manifest()` renders it.
 *
 * Why not an instance of the L1 class itself: every value our constructs write is plain data known at
 * construction, yet an L1 instance walks every field again at synth (cdk8s's resolver chain, then a
 * key-sorting copy, then the generated converter), metadata included. Measured on 1,000 hardened Deployments
 * (five objects each) that made synthesis 2x slower than cdk8s-plus-28's single Deployment (see
 * bench/synth.ts). This class keeps the L1 types and skips the generic resolve pass: the body is rendered by
 * {@link l1Json} (equal to the L1's `manifest()`, in one pass), and the metadata is written directly (sorted keys, empty fields dropped, as
 * cdk8s writes it) unless it was changed through `metadata.add*()`, in which case cdk8s renders it.
 * Consequently custom App resolvers and `Lazy` values are not supported inside these objects.
 * {@link addJsonPatch} still applies.
 */
export class L1Object<Props> extends ApiObject {
  private readonly l1: L1Class<Props>;
  private readonly body: Props;
  private readonly initialMetadata: ApiObjectMetadata;
  private readonly jsonPatches: JsonPatch[] = [];
  private metadataChanged = false;

  constructor(
    scope: Construct,
    id: string,
    l1: L1Class<Props>,
    props: NoInfer<Omit<NonNullable<Props>, 'metadata'>> & { readonly metadata: ApiObjectMetadata },
  ) {
    super(scope, id, { ...l1.GVK, metadata: props.metadata });
    this.l1 = l1;
    this.body = { ...props, metadata: undefined } as unknown as Props;
    this.initialMetadata = props.metadata;
    const metadata = this.metadata as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of METADATA_MUTATORS) {
      const original = metadata[method]!;
      metadata[method] = (...args: unknown[]) => {
        this.metadataChanged = true;
        return original.apply(this.metadata, args);
      };
    }
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.jsonPatches.push(...ops);
  }

  /** True once a JSON patch changed this object after construction (an escape hatch). */
  get patched(): boolean {
    return this.jsonPatches.length > 0;
  }

  /**
   * The JSON patches applied after construction, as `op path` (values left out), in order: what an escape
   * hatch changed.
   */
  get jsonPatchOps(): string[] {
    return this.jsonPatches.map((patch) => {
      const { op, path } = (patch as unknown as { operation: { op: string; path: string } }).operation;
      return `${op} ${path}`;
    });
  }

  /**
   * The object as Kubernetes JSON: a fresh copy on every call. A patched object says so in the annotation
   * {@link PATCHED_ANNOTATION}, so every rule, report and reviewer sees that it is not what the construct made.
   */
  override toJson(): any {
    const body = l1Json(this.body) as Record<string, unknown>;
    const metadata = this.metadataChanged ? this.metadata.toJson() : this.plainMetadata();
    const json = { apiVersion: this.apiVersion, kind: this.kind, metadata, ...body };
    if (this.jsonPatches.length === 0) return json;
    const patched = JsonPatch.apply(json, ...this.jsonPatches);
    patched.metadata = {
      ...patched.metadata,
      annotations: { ...patched.metadata?.annotations, [PATCHED_ANNOTATION]: this.jsonPatchOps.join(', ') },
    };
    return patched;
  }

  /** The body as the L1 class's own `manifest()` renders it (what {@link l1Json} must equal). */
  l1Manifest(): Record<string, unknown> {
    const {
      apiVersion: _apiVersion,
      kind: _kind,
      metadata: _metadata,
      ...body
    } = this.l1.manifest(this.body);
    return body;
  }

  /** What `metadata.toJson()` returns for unchanged metadata (see ApiObject's constructor), without resolving. */
  private plainMetadata(): Record<string, unknown> {
    const given = this.initialMetadata;
    const chart = Chart.of(this);
    const labels = sortedNonEmpty({ ...chart.labels, ...given.labels });
    const annotations = sortedNonEmpty({ ...given.annotations });
    const namespace = given.namespace ?? chart.namespace;
    return {
      ...(annotations ? { annotations } : {}),
      ...(labels ? { labels } : {}),
      name: this.name,
      ...(namespace !== undefined ? { namespace } : {}),
    };
  }
}

function sortedNonEmpty(map: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const keys = Object.keys(map).filter((key) => map[key] !== undefined && map[key] !== null);
  if (keys.length === 0) return undefined;
  const sorted: Record<string, string> = {};
  for (const key of keys.sort()) sorted[key] = map[key]!;
  return sorted;
}
