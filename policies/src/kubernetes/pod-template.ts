import type { Manifest } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { isLookalike } from './built-in-kinds';
import { LastEntry } from './last-entry';
import { asArray, asRecord, asString, kindOf, valueAt } from './object';

/**
 * The kinds that carry a pod spec, as Pod Security Admission's `DefaultPodSpecExtractor` reads them.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/admission/admission.go
 */
export const POD_BEARING_KINDS: readonly string[] = Object.freeze([
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'Job',
  'CronJob',
]);

/** Where each pod-bearing kind keeps its pod template (the object holding `metadata` and `spec`). */
export const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The container lists of a pod spec, in the order PSA's `visitContainers` walks them. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** One of {@link CONTAINER_LISTS}. */
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** The pod an object describes: its spec and metadata, and where they sit in the object. */
export interface PodSpecRef {
  /** The pod spec. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Path of the spec in the object: `spec`, `template.spec`, `spec.template.spec` or `spec.jobTemplate.spec.template.spec`. */
  readonly path: string;
  /** The pod's metadata (the template's, for controllers); `{}` when unset. Seccomp and AppArmor annotations live here. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Path of that metadata in the object, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
}

/**
 * The pod spec and metadata of a pod-bearing object, read as PSA's extractor reads them: a Pod's own `spec`,
 * a PodTemplate's `template`, a CronJob's `spec.jobTemplate.spec.template`, every other controller's
 * `spec.template`. Undefined for other kinds and when the spec is missing or not an object (PSA would
 * evaluate an empty spec, which every check admits). Never throws on malformed input.
 */
export function podSpecOf(manifest: Manifest): PodSpecRef | undefined {
  // Every pod rule asks for the pod of the same object; it is read once per object (and per kind, should a
  // caller change an object's kind in place).
  const cached = POD_SPECS.get(manifest);
  const kind = kindOf(manifest);
  if (cached && cached.kind === kind) return cached.pod;
  const pod = readPodSpec(manifest);
  POD_SPECS.set(manifest, { kind, pod });
  return pod;
}

/** {@link podSpecOf} of the object the rules are reading. */
const POD_SPECS = new LastEntry<object, { readonly kind: string; readonly pod: PodSpecRef | undefined }>();

/** Every container list of the pod the rules are reading (see {@link containersOf}). */
const CONTAINERS = new LastEntry<PodSpecRef, readonly ContainerRef[]>();

/** Per pod-bearing kind, the steps down to its template and where the pod's spec and metadata sit. */
const TEMPLATES: ReadonlyMap<
  string,
  { readonly steps: readonly string[]; readonly specPath: string; readonly metadataPath: string }
> = new Map(
  Object.entries(TEMPLATE_PATHS).map(([kind, steps]) => {
    const prefix = steps.length === 0 ? '' : `${steps.join('.')}.`;
    return [kind, { steps, specPath: `${prefix}spec`, metadataPath: `${prefix}metadata` }];
  }),
);

function readPodSpec(manifest: Manifest): PodSpecRef | undefined {
  const template = TEMPLATES.get(kindOf(manifest));
  if (!template) return undefined;
  let value: unknown = manifest;
  for (const step of template.steps) value = asRecord(value)?.[step];
  const record = asRecord(value);
  const spec = asRecord(record?.spec);
  if (!record || !spec) return undefined;
  return new TemplatePod(spec, record, template.specPath, template.metadataPath);
}

/**
 * Where the containers of a built-in pod-bearing object belong (`spec.template.spec.containers`), when none
 * are there: the spec, its `containers` list or the list's entries are missing, as an indentation slip leaves
 * them. The API server refuses such an object, while PSA, reading an empty pod spec, admits it, so every pod
 * rule passes it; a caller warns instead. Undefined when there is a container, for other kinds, and when a
 * step is not known yet.
 */
export function missingContainersPath(manifest: Manifest): string | undefined {
  const template = TEMPLATES.get(kindOf(manifest));
  if (!template || isLookalike(manifest)) return undefined;
  const containers = valueAt(manifest, ...template.steps, 'spec', 'containers');
  if (isUnknown(containers) || (Array.isArray(containers) && containers.length > 0)) return undefined;
  return `${template.specPath}.containers`;
}

/** The pod of a pod template: one class, so the rules meet one shape of pod. */
class TemplatePod implements PodSpecRef {
  constructor(
    readonly spec: Readonly<Record<string, unknown>>,
    private readonly template: Readonly<Record<string, unknown>>,
    readonly path: string,
    readonly metadataPath: string,
  ) {}

  /** Read on use, so a rule that never looks at metadata never reads a value that is not known yet. */
  get metadata(): Readonly<Record<string, unknown>> {
    return asRecord(this.template.metadata) ?? {};
  }
}

/** One container of a pod spec, with where it sits. */
export interface ContainerRef {
  /** The container (`{}` for a `null` entry, which the API decodes to an empty container). */
  readonly container: Readonly<Record<string, unknown>>;
  /** `containers[i].name`, or `''` when unset. */
  readonly name: string;
  /** Path of the container in the object, e.g. `spec.template.spec.initContainers[0]`. */
  readonly path: string;
  readonly list: ContainerList;
  readonly index: number;
}

/**
 * Every container of the pod, init containers first, then containers, then ephemeral containers (PSA's
 * order). Entries that are neither objects nor `null` are skipped: the API server rejects them, and a value
 * not known yet is left to the adapter, which reports a rule that read it as unknown.
 */
export function containersOf(
  pod: PodSpecRef,
  lists: readonly ContainerList[] = CONTAINER_LISTS,
): readonly ContainerRef[] {
  let found = CONTAINERS.get(pod);
  if (!found) {
    found = Object.freeze(readContainers(pod, CONTAINER_LISTS));
    CONTAINERS.set(pod, found);
  }
  if (lists === CONTAINER_LISTS) return found;
  const picked: ContainerRef[] = [];
  for (const list of lists) for (const ref of found) if (ref.list === list) picked.push(ref);
  return picked;
}

function readContainers(pod: PodSpecRef, lists: readonly ContainerList[]): ContainerRef[] {
  const found: ContainerRef[] = [];
  for (const list of lists) {
    asArray(pod.spec[list]).forEach((entry, index) => {
      const container = entry === null ? {} : asRecord(entry);
      if (container) found.push(new Container(container, `${pod.path}.${list}[${index}]`, list, index));
    });
  }
  return found;
}

/** One container of a pod: one class, like a pod, so the rules meet one shape of container. */
class Container implements ContainerRef {
  constructor(
    readonly container: Readonly<Record<string, unknown>>,
    readonly path: string,
    readonly list: ContainerList,
    readonly index: number,
  ) {}

  /** Read on use (in a message), like a pod's metadata. */
  get name(): string {
    return asString(this.container.name) ?? '';
  }
}

/** How findings name a container: `container 'app'`, `init container 'setup'`, `ephemeral container 'debug'`. */
export function containerLabel(ref: ContainerRef): string {
  const kind =
    ref.list === 'initContainers'
      ? 'init container'
      : ref.list === 'ephemeralContainers'
        ? 'ephemeral container'
        : 'container';
  return `${kind} '${ref.name || '<unnamed>'}'`;
}

/** A place a `securityContext` can be set: the pod spec or one of its containers. */
export interface SecurityContextOwner {
  /** The pod spec or the container. */
  readonly owner: Readonly<Record<string, unknown>>;
  /** Its path in the object, e.g. `spec.template.spec` or `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** How findings name it (`the pod`, `container 'app'`); computed on use, so a passing rule reads no name. */
  label(): string;
}

/** The pod spec, then every container ({@link containersOf}), as owners of a security context. */
export function securityContextOwners(pod: PodSpecRef): readonly SecurityContextOwner[] {
  let owners = OWNERS.get(pod);
  if (!owners) {
    owners = Object.freeze([
      { owner: pod.spec, path: pod.path, label: () => 'the pod' },
      ...containersOf(pod).map((ref) => ({
        owner: ref.container,
        path: ref.path,
        label: () => containerLabel(ref),
      })),
    ]);
    OWNERS.set(pod, owners);
  }
  return owners;
}

/** {@link securityContextOwners} of the pod the rules are reading (five PSS checks walk them). */
const OWNERS = new LastEntry<PodSpecRef, readonly SecurityContextOwner[]>();

/** `securityContext.<profile>.type` of a pod or container, as the profile checks read it. */
export type ProfileType =
  | { readonly state: 'set'; readonly type: string }
  | { readonly state: 'unset' }
  /** `path` is where the value not known yet starts: the profile object or its `type`. */
  | { readonly state: 'unknown'; readonly path: string };

/**
 * Reads `securityContext.seccompProfile.type` or `securityContext.appArmorProfile.type` of `owner` (a pod
 * spec or a container at `path`). A profile that is not an object is unset; a type that is not a string
 * reads as `''` (an invalid type), as PSA compares it.
 */
export function profileTypeOf(
  owner: unknown,
  path: string,
  profile: 'seccompProfile' | 'appArmorProfile',
): ProfileType {
  const value = valueAt(owner, 'securityContext', profile);
  if (isUnknown(value)) return { state: 'unknown', path: `${path}.securityContext.${profile}` };
  const record = asRecord(value);
  if (!record) return { state: 'unset' };
  if (isUnknown(record.type)) return { state: 'unknown', path: `${path}.securityContext.${profile}.type` };
  return { state: 'set', type: asString(record.type) ?? '' };
}

/**
 * `spec.os.name == windows`: a Windows pod, which Linux-only checks leave out (PSA's restricted checks from
 * v1.25, and the rules over Linux-only fields); `unknown` when the name is not known yet.
 */
export function isWindowsPod(pod: PodSpecRef): boolean | 'unknown' {
  const name = valueAt(pod.spec, 'os', 'name');
  return isUnknown(name) ? 'unknown' : name === 'windows';
}
