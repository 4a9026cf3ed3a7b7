import type {
  Container,
  Probe as KubeProbe,
  PodSpec,
  PodTemplateSpec,
  Volume,
  VolumeMount,
} from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import { type EnvProps, renderEnv } from './env';
import type { RuleExemption } from './exemptions';
import { checkImage, type ImagePinning } from './image';
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

/** An explicit, reasoned decision to weaken one control; the reason becomes the rule exemption. */
export interface Justification {
  /** Why (who reviewed it, a ticket). Must not be empty. */
  readonly reason: string;
}

/** The container and pod settings every hardened workload shares. */
export interface HardenedContainerProps {
  /** Image reference, pinned as {@link imagePinning} requires. */
  readonly image: string;
  /** How the image must be pinned. @default 'digest' */
  readonly imagePinning?: ImagePinning;
  /** Entrypoint override. @default the image's entrypoint */
  readonly command?: readonly string[];
  /** Arguments. @default the image's command arguments */
  readonly args?: readonly string[];
  /** Ports the container listens on (each becomes a Service port). @default none: no Service, no ingress */
  readonly ports?: readonly PortProps[];
  /** Environment variables; secrets only by reference. @default none */
  readonly env?: EnvProps;
  /** CPU, memory and ephemeral-storage requests and limits. @default see {@link ResourcesProps} */
  readonly resources?: ResourcesProps;
  /** Restarts the container when it fails. Required for long-running workloads. @default none (Jobs) */
  readonly liveness?: Probe;
  /** Takes the pod out of Service endpoints while it fails. Required for long-running workloads; must differ from liveness. @default none (Jobs) */
  readonly readiness?: Probe;
  /** Holds the other probes back until the app has started. @default none */
  readonly startup?: Probe;
  /** Directories the app writes to, each an `emptyDir` (the root filesystem is read-only). @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /** Secrets mounted as files. @default none */
  readonly secretMounts?: readonly SecretMount[];
  /** Fixed non-zero user id the container runs as. @default 10001 */
  readonly runAsUser?: number;
  /** Fixed non-zero group id (also the fsGroup of volumes). @default 10001 */
  readonly runAsGroup?: number;
  /**
   * Leaves the root filesystem writable, exempting rule `read-only-root-filesystem` with the reason.
   * Prefer {@link writablePaths}. @default the root filesystem is read-only
   */
  readonly writableRootFilesystem?: Justification;
}

/** Defaults of {@link HardenedContainerProps}. */
export const CONTAINER_DEFAULTS = {
  imagePinning: 'digest' as ImagePinning,
  writablePaths: ['/tmp'] as readonly string[],
  runAsUser: 10001,
  runAsGroup: 10001,
};

/** What the workload kind decides about its pods. */
export interface PodOptions {
  /** Container name (the workload name). */
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
}

/** A hardened pod template and what the workload needs from it. */
export interface HardenedPod {
  readonly template: PodTemplateSpec;
  /** Exemptions the props asked for by weakening a control. */
  readonly exemptions: readonly RuleExemption[];
}

const MAX_ID = 2 ** 31 - 1;

/**
 * The pod template every hardened workload uses: non-root with a fixed UID/GID, read-only root filesystem
 * with `emptyDir` mounts for the writable paths, all capabilities dropped, no privilege escalation, seccomp
 * RuntimeDefault, its own service account with the token unmounted unless asked, resources, probes.
 */
export function hardenedPod(
  scope: IConstruct,
  props: HardenedContainerProps,
  ports: readonly ResolvedPort[],
  options: PodOptions,
): HardenedPod {
  const image = checkImage(
    scope,
    'image',
    props.image,
    props.imagePinning ?? CONTAINER_DEFAULTS.imagePinning,
  );
  const runAsUser = checkId(scope, 'runAsUser', props.runAsUser ?? CONTAINER_DEFAULTS.runAsUser);
  const runAsGroup = checkId(scope, 'runAsGroup', props.runAsGroup ?? CONTAINER_DEFAULTS.runAsGroup);
  const resources = resolveResources(scope, 'resources', props.resources);
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
    exemptions.push({ rule: 'read-only-root-filesystem', reason: props.writableRootFilesystem.reason });
  }

  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  const usedPaths = new Set<string>();
  const volumeName = (path: string, fallback: string) => uniqueVolumeName(volumes, path, fallback);
  (props.writablePaths ?? CONTAINER_DEFAULTS.writablePaths).forEach((path, index) => {
    checkMountPath(scope, `writablePaths[${index}]`, path, usedPaths);
    const name = volumeName(path, `writable-${index}`);
    volumes.push({ name, emptyDir: {} });
    mounts.push({ name, mountPath: path });
  });
  (props.secretMounts ?? []).forEach((mount, index) => {
    checkMountPath(scope, `secretMounts[${index}].mountPath`, mount.mountPath, usedPaths);
    const name = volumeName(mount.mountPath, `secret-${index}`);
    volumes.push({
      name,
      secret: {
        secretName: mount.secret.secretName,
        // Owner and group (the fsGroup) may read; nobody may write or execute.
        defaultMode: 0o440,
        ...(mount.keys ? { items: mount.keys.map((key) => ({ key, path: key })) } : {}),
      },
    });
    mounts.push({ name, mountPath: mount.mountPath, readOnly: true });
  });

  const container: Container = {
    name: options.name,
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
    ...(props.env && Object.keys(props.env).length > 0 ? { env: renderEnv(scope, 'env', props.env) } : {}),
    resources: resourceRequirements(resources),
    ...renderProbes(scope, props, ports, options.longRunning),
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: props.writableRootFilesystem === undefined,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };

  const spec: PodSpec = {
    serviceAccountName: options.serviceAccountName,
    automountServiceAccountToken: options.mountToken,
    enableServiceLinks: false,
    restartPolicy: options.restartPolicy,
    securityContext: {
      runAsNonRoot: true,
      runAsUser,
      runAsGroup,
      fsGroup: runAsGroup,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [container],
    ...(volumes.length > 0 ? { volumes } : {}),
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
  return { template: { metadata: { labels: { ...options.labels } }, spec }, exemptions };
}

function renderProbes(
  scope: IConstruct,
  props: HardenedContainerProps,
  ports: readonly ResolvedPort[],
  longRunning: boolean,
): Pick<Container, 'livenessProbe' | 'readinessProbe' | 'startupProbe'> {
  if (longRunning) {
    for (const prop of ['liveness', 'readiness'] as const) {
      if (props[prop] === undefined) {
        throw invalidProp(
          scope,
          prop,
          undefined,
          'is required for a long-running workload',
          `Set ${prop}: Probe.http('/${prop === 'liveness' ? 'healthz' : 'ready'}') (or Probe.tcp(), Probe.grpc(), Probe.exec([...])).`,
        );
      }
    }
  }
  const liveness = props.liveness?._render(scope, 'liveness', ports);
  const readiness = props.readiness?._render(scope, 'readiness', ports);
  const startup = props.startup?._render(scope, 'startup', ports);
  if (liveness && readiness && handlerOf(liveness) === handlerOf(readiness)) {
    throw invalidProp(
      scope,
      'readiness',
      'the same check as liveness',
      'must check something else than liveness (timings aside): a liveness probe failing with readiness restarts pods that only needed to leave rotation',
      "Give readiness its own endpoint (e.g. Probe.http('/ready')) and keep liveness on the process alone (e.g. Probe.http('/healthz')).",
    );
  }
  return {
    ...(liveness ? { livenessProbe: liveness } : {}),
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(startup ? { startupProbe: startup } : {}),
  };
}

/** What a probe checks (its handler), timings aside, as comparable text. */
function handlerOf(probe: KubeProbe): string {
  const { exec, httpGet, tcpSocket, grpc } = probe;
  return JSON.stringify({ exec, httpGet, tcpSocket, grpc });
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

function uniqueVolumeName(volumes: readonly Volume[], path: string, fallback: string): string {
  const slug = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  const taken = (name: string) => volumes.some((volume) => volume.name === name);
  return slug !== '' && !taken(slug) ? slug : fallback;
}
