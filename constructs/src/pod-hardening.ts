import type { Container, PodSpec, PodTemplateSpec, Volume, VolumeMount } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import { type EnvProps, renderEnv } from './env';
import { checkReason, type Justification, type RuleExemption } from './exemptions';
import { checkImage, type ImagePinning } from './image';
import { checkDnsLabel, checkLabels } from './names';
import { renderProbes } from './pod-probes';
import type { PortProps, ResolvedPort } from './ports';
import type { Probe } from './probe';
import { conflictingProps, invalidProp } from './prop-error';
import { type ResourcesProps, resolveResources, resourceRequirements } from './resources';
import type { ISecretSource } from './secrets';

/** A Secret mounted as read-only files (the preferred way to hand a secret to a process). */
export interface SecretMount {
  readonly secret: ISecretSource;
  /** Absolute directory the keys appear in as files. */
  readonly mountPath: string;
  /** Only these keys. @default every key of the Secret */
  readonly keys?: readonly string[];
}

/** A ConfigMap of the workload's namespace mounted as read-only files. */
export interface ConfigMapMount {
  /** Name of the ConfigMap. */
  readonly configMap: string;
  /** Absolute directory the keys appear in as files. */
  readonly mountPath: string;
  /** Only these keys. @default every key of the ConfigMap */
  readonly keys?: readonly string[];
}

/** A directory the app writes to, as an `emptyDir` of each pod. */
export interface WritablePath {
  readonly path: string;
  /**
   * Says that each replica may keep its own copy of what is written there (a cache, spool files): without it,
   * a replicated workload may not keep a directory that looks like state (anything but temporary, cache and
   * run directories), because every replica would hold different data. @default not accepted with replicas > 1
   */
  readonly perReplica?: Justification;
}

/** A writable directory: its path (scratch space), or a {@link WritablePath}. */
export type WritablePathProps = string | WritablePath;

/** What every container of a hardened pod may set. */
export interface HardenedContainerOptions {
  /** Image reference, pinned as {@link imagePinning} requires. */
  readonly image: string;
  /** How the image must be pinned. @default 'digest' */
  readonly imagePinning?: ImagePinning;
  /** Entrypoint override. @default the image's entrypoint */
  readonly command?: readonly string[];
  /** Arguments. @default the image's command arguments */
  readonly args?: readonly string[];
  /** Environment variables; secrets only by reference. @default none */
  readonly env?: EnvProps;
  /** CPU, memory and ephemeral-storage requests and limits. @default see {@link ResourcesProps} */
  readonly resources?: ResourcesProps;
  /** Directories the container writes to, each an `emptyDir` (the root filesystem is read-only). @default ['/tmp'] */
  readonly writablePaths?: readonly WritablePathProps[];
  /** Secrets mounted as read-only files. @default none */
  readonly secretMounts?: readonly SecretMount[];
  /** ConfigMaps mounted as read-only files. @default none */
  readonly configMapMounts?: readonly ConfigMapMount[];
}

/** An init container: runs to completion before the main container starts, hardened like it. */
export interface InitContainerProps extends HardenedContainerOptions {
  /** Container name (a DNS label, unique in the pod). */
  readonly name: string;
}

/**
 * A sidecar: runs next to the main container for the pod's whole life (a Kubernetes native sidecar, an init
 * container with `restartPolicy: Always`, started before and stopped after the main container), hardened
 * like it. Its ports join the workload's ports (Service, NetworkPolicy, probes).
 */
export interface SidecarProps extends InitContainerProps {
  /** Ports the sidecar listens on. @default none */
  readonly ports?: readonly PortProps[];
  /** @default none */
  readonly liveness?: Probe;
  /** @default none */
  readonly readiness?: Probe;
  /** @default none */
  readonly startup?: Probe;
}

/** The container and pod settings every hardened workload shares. */
export interface HardenedContainerProps extends HardenedContainerOptions {
  /** Name of the main container. @default the workload name */
  readonly containerName?: string;
  /** Ports the container listens on (each becomes a Service port). @default none: no Service, no ingress */
  readonly ports?: readonly PortProps[];
  /** Restarts the container when it fails. Required for long-running workloads. @default none (Jobs) */
  readonly liveness?: Probe;
  /**
   * Takes the pod out of Service endpoints while it fails. Required for long-running workloads; must differ
   * from liveness unless rule `health-probes` is exempted with a reason. @default none (Jobs)
   */
  readonly readiness?: Probe;
  /** Holds the other probes back until the app has started. @default none */
  readonly startup?: Probe;
  /** Fixed non-zero user id every container runs as. @default 10001 */
  readonly runAsUser?: number;
  /** Fixed non-zero group id (also the fsGroup of volumes). @default 10001 */
  readonly runAsGroup?: number;
  /**
   * Leaves the root filesystem of the main container writable, exempting rule `read-only-root-filesystem`
   * with the reason. Prefer {@link writablePaths}. @default the root filesystem is read-only
   */
  readonly writableRootFilesystem?: Justification;
  /** Containers that run to completion, in order, before the main container starts. @default none */
  readonly initContainers?: readonly InitContainerProps[];
  /** Containers that run beside the main container (native sidecars). @default none */
  readonly sidecars?: readonly SidecarProps[];
  /** Seconds a pod has to shut down after SIGTERM before it is killed. @default 30 (the Kubernetes default) */
  readonly terminationGracePeriodSeconds?: number;
  /** Annotations of the pods (not of the workload object). @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

/** Defaults of {@link HardenedContainerProps}. */
export const CONTAINER_DEFAULTS = {
  imagePinning: 'digest' as ImagePinning,
  writablePaths: ['/tmp'] as readonly WritablePathProps[],
  runAsUser: 10001,
  runAsGroup: 10001,
};

/** What the workload kind decides about its pods. */
export interface PodOptions {
  /** Name of the workload (the default container name). */
  readonly name: string;
  readonly serviceAccountName: string;
  /** Mount the service account token (only when the workload asked for API access). */
  readonly mountToken: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels the workload's selector matches; used for topology spread. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Servers (Deployment, StatefulSet, DaemonSet) need liveness and readiness probes; Jobs do not. */
  readonly longRunning: boolean;
  /** Spread replicas across zones (and nodes). */
  readonly spread: boolean;
  readonly restartPolicy: 'Always' | 'Never' | 'OnFailure';
  /** Rules the workload's `exemptions` prop lists (an exempted check is not refused here either). */
  readonly exemptedRules: ReadonlySet<string>;
}

/** A writable `emptyDir` directory of the pod, with the prop that asked for it. */
export interface PodWritablePath {
  readonly path: string;
  readonly prop: string;
  readonly perReplica: boolean;
}

/** A hardened pod template and what the workload needs from it. */
export interface HardenedPod {
  readonly template: PodTemplateSpec;
  /** Exemptions the props asked for by weakening a control (reasons checked). */
  readonly exemptions: readonly RuleExemption[];
  /** Every writable `emptyDir` directory, for checks that depend on the replica count. */
  readonly writablePaths: readonly PodWritablePath[];
}

const MAX_ID = 2 ** 31 - 1;
/** Directory names that hold scratch data only: temporary files, caches, sockets and pid files. */
const SCRATCH_DIRECTORY = /^(\.?tmp|temp|\.?cache|run)$/;

/**
 * The pod template every hardened workload uses: non-root with a fixed UID/GID, read-only root filesystem
 * with `emptyDir` mounts for the writable paths, all capabilities dropped, no privilege escalation, seccomp
 * RuntimeDefault, its own service account with the token unmounted unless asked, resources, probes; init
 * containers and sidecars get the same container hardening.
 */
export function hardenedPod(
  scope: IConstruct,
  props: HardenedContainerProps,
  ports: readonly ResolvedPort[],
  options: PodOptions,
): HardenedPod {
  const runAsUser = checkId(scope, 'runAsUser', props.runAsUser ?? CONTAINER_DEFAULTS.runAsUser);
  const runAsGroup = checkId(scope, 'runAsGroup', props.runAsGroup ?? CONTAINER_DEFAULTS.runAsGroup);
  const exemptions: RuleExemption[] = [];
  if (props.writableRootFilesystem !== undefined && props.writablePaths !== undefined) {
    throw conflictingProps(
      scope,
      'writableRootFilesystem',
      'writablePaths',
      'Keep the root filesystem read-only and list the directories the app writes to in writablePaths (preferred), or drop writablePaths.',
    );
  }
  if (props.writableRootFilesystem !== undefined) {
    exemptions.push({
      rule: 'read-only-root-filesystem',
      reason: checkReason(scope, 'writableRootFilesystem', props.writableRootFilesystem),
    });
  }

  const pod = new PodVolumes();
  const containerName =
    props.containerName === undefined
      ? options.name
      : checkDnsLabel(scope, 'containerName', props.containerName);
  const names = new Set<string>([containerName]);
  const containerNamed = (prop: string, name: string) => {
    checkDnsLabel(scope, prop, name);
    if (names.has(name)) {
      throw invalidProp(
        scope,
        prop,
        name,
        'must be unique among the containers of the pod',
        'Give each container its own name.',
      );
    }
    names.add(name);
    return name;
  };

  const initContainers = (props.initContainers ?? []).map((init, index) =>
    hardenedContainer(
      scope,
      `initContainers[${index}]`,
      init,
      containerNamed(`initContainers[${index}].name`, init.name),
      pod,
    ),
  );
  const sidecars = (props.sidecars ?? []).map((sidecar, index) => {
    const prop = `sidecars[${index}]`;
    const name = containerNamed(`${prop}.name`, sidecar.name);
    const own = ports.filter((port) => port.container === name);
    return {
      ...hardenedContainer(scope, prop, sidecar, name, pod, own),
      ...renderProbes(
        scope,
        prop,
        sidecar,
        own,
        { required: false, exemptedRules: options.exemptedRules },
        exemptions,
      ),
      restartPolicy: 'Always',
    } satisfies Container;
  });
  const mainPorts = ports.filter((port) => port.container === undefined);
  const main: Container = {
    ...hardenedContainer(
      scope,
      '',
      props,
      containerName,
      pod,
      mainPorts,
      props.writableRootFilesystem !== undefined,
    ),
    ...renderProbes(
      scope,
      '',
      props,
      mainPorts,
      { required: options.longRunning, exemptedRules: options.exemptedRules },
      exemptions,
    ),
  };

  const grace = props.terminationGracePeriodSeconds;
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0)) {
    throw invalidProp(
      scope,
      'terminationGracePeriodSeconds',
      grace,
      'must be a whole number of seconds',
      'Set the seconds the app needs to drain (e.g. 5), or leave it unset for 30.',
    );
  }
  const annotations = checkAnnotations(scope, 'podAnnotations', props.podAnnotations ?? {});

  const spec: PodSpec = {
    serviceAccountName: options.serviceAccountName,
    automountServiceAccountToken: options.mountToken,
    enableServiceLinks: false,
    restartPolicy: options.restartPolicy,
    ...(grace !== undefined ? { terminationGracePeriodSeconds: grace } : {}),
    securityContext: {
      runAsNonRoot: true,
      runAsUser,
      runAsGroup,
      fsGroup: runAsGroup,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(initContainers.length + sidecars.length > 0
      ? { initContainers: [...initContainers, ...sidecars] }
      : {}),
    containers: [main],
    ...(pod.volumes.length > 0 ? { volumes: pod.volumes } : {}),
    ...(options.spread
      ? {
          topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map(
            (topologyKey) => ({
              topologyKey,
              maxSkew: 1,
              // ScheduleAnyway: a zone outage or a single-zone dev cluster must not leave replicas pending.
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { ...options.selectorLabels } },
            }),
          ),
        }
      : {}),
  };
  return {
    template: {
      metadata: {
        labels: { ...options.labels },
        ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
      },
      spec,
    },
    exemptions,
    writablePaths: pod.writable,
  };
}

/** The pod's volumes as its containers add them, with names unique in the pod. */
class PodVolumes {
  readonly volumes: Volume[] = [];
  readonly writable: PodWritablePath[] = [];

  name(path: string, prefix: string): string {
    const slug = `${prefix}${path}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '');
    const base = slug === '' ? 'volume' : slug;
    let name = base;
    for (let n = 2; this.volumes.some((volume) => volume.name === name); n++) name = `${base}-${n}`;
    return name;
  }
}

/** One container with the hardened security context, its image, env, resources and mounts. */
function hardenedContainer(
  scope: IConstruct,
  prefix: string,
  props: HardenedContainerOptions,
  name: string,
  pod: PodVolumes,
  ports: readonly ResolvedPort[] = [],
  writableRoot = false,
): Container {
  const at = (prop: string) => (prefix === '' ? prop : `${prefix}.${prop}`);
  if (typeof props.image !== 'string') {
    throw invalidProp(
      scope,
      at('image'),
      props.image,
      'is required',
      'Pass the image reference, pinned by digest.',
    );
  }
  const image = checkImage(
    scope,
    at('image'),
    props.image,
    props.imagePinning ?? CONTAINER_DEFAULTS.imagePinning,
  );
  const resources = resolveResources(scope, at('resources'), props.resources);
  const volumePrefix = prefix === '' ? '' : `${name}-`;
  const mounts: VolumeMount[] = [];
  const usedPaths = new Set<string>();
  (props.writablePaths ?? CONTAINER_DEFAULTS.writablePaths).forEach((entry, index) => {
    const prop = at(`writablePaths[${index}]`);
    const path = typeof entry === 'string' ? entry : entry?.path;
    checkMountPath(scope, typeof entry === 'string' ? prop : `${prop}.path`, path, usedPaths);
    if (typeof entry === 'object' && entry.perReplica !== undefined)
      checkReason(scope, `${prop}.perReplica`, entry.perReplica);
    const volume = pod.name(path, volumePrefix);
    pod.volumes.push({ name: volume, emptyDir: {} });
    pod.writable.push({
      path,
      prop,
      perReplica: typeof entry === 'object' && entry.perReplica !== undefined,
    });
    mounts.push({ name: volume, mountPath: path });
  });
  const readOnlyFiles = [
    ...(props.secretMounts ?? []).map((mount, index) => ({
      mount,
      prop: at(`secretMounts[${index}]`),
      secret: mount.secret.secretName,
    })),
    ...(props.configMapMounts ?? []).map((mount, index) => ({
      mount,
      prop: at(`configMapMounts[${index}]`),
      configMap: mount.configMap,
    })),
  ];
  for (const { mount, prop, ...source } of readOnlyFiles) {
    checkMountPath(scope, `${prop}.mountPath`, mount.mountPath, usedPaths);
    const volume = pod.name(mount.mountPath, volumePrefix);
    // Owner and group (the fsGroup) may read; nobody may write or execute.
    const files = {
      defaultMode: 0o440,
      ...(mount.keys ? { items: mount.keys.map((key) => ({ key, path: key })) } : {}),
    };
    if ('configMap' in source) {
      checkDnsLabel(scope, `${prop}.configMap`, source.configMap as string);
      pod.volumes.push({ name: volume, configMap: { name: source.configMap as string, ...files } });
    } else {
      pod.volumes.push({ name: volume, secret: { secretName: source.secret as string, ...files } });
    }
    mounts.push({ name: volume, mountPath: mount.mountPath, readOnly: true });
  }
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ...(props.command ? { command: [...props.command] } : {}),
    ...(props.args ? { args: [...props.args] } : {}),
    ...(ports.length > 0
      ? {
          ports: ports.map((port) => ({
            name: port.name,
            containerPort: port.port,
            protocol: port.protocol,
          })),
        }
      : {}),
    ...(props.env && Object.keys(props.env).length > 0
      ? { env: renderEnv(scope, at('env'), props.env) }
      : {}),
    resources: resourceRequirements(resources),
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: !writableRoot,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };
}

function checkId(scope: IConstruct, prop: string, id: number): number {
  if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
    throw invalidProp(
      scope,
      prop,
      id,
      `must be an integer from 1 to ${MAX_ID} (never 0: root)`,
      'Use the non-root id the image is built for, e.g. 10001.',
    );
  }
  return id;
}

function checkAnnotations(
  scope: IConstruct,
  prop: string,
  annotations: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  for (const [key, value] of Object.entries(annotations)) {
    // Annotation keys follow the label key syntax; values are free text.
    checkLabels(scope, prop, { [key]: 'x' });
    if (typeof value !== 'string') {
      throw invalidProp(scope, `${prop}.${key}`, value, 'must be a string', 'Quote numbers and booleans.');
    }
  }
  return annotations;
}

/** True for a directory that holds only scratch data (temporary files, caches, runtime sockets). */
export function isScratchPath(path: string): boolean {
  return path.split('/').some((part) => SCRATCH_DIRECTORY.test(part));
}

function checkMountPath(scope: IConstruct, prop: string, path: string, used: Set<string>): void {
  const valid =
    typeof path === 'string' &&
    path.startsWith('/') &&
    path !== '/' &&
    !path.endsWith('/') &&
    !path.split('/').some((part) => part === '..' || part === '.') &&
    !path.includes('//') &&
    !path.includes(':');
  if (!valid) {
    throw invalidProp(
      scope,
      prop,
      path,
      "must be an absolute directory other than '/' (no '..', no trailing '/')",
      "Use a path such as '/tmp' or '/var/cache/app'.",
    );
  }
  for (const other of used) {
    if (other === path || other.startsWith(`${path}/`) || path.startsWith(`${other}/`)) {
      throw invalidProp(
        scope,
        prop,
        path,
        `must not overlap another mount (${other})`,
        'Mount each directory once.',
      );
    }
  }
  used.add(path);
}
