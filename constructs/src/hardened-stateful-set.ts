import {
  type KubePersistentVolumeClaimProps,
  KubeStatefulSet,
  type KubeStatefulSetProps,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import {
  checkReplicas,
  HardenedWorkload,
  type HardenedWorkloadProps,
  type IScalable,
} from './hardened-workload';
import { L1Object } from './l1-object';
import { checkDnsLabel } from './names';
import { invalidProp } from './prop-error';
import { parseQuantity } from './quantity';

/** A persistent volume per pod, from a volumeClaimTemplate. */
export interface StatefulStorage {
  /** Volume name (a DNS label), e.g. `data`. */
  readonly name: string;
  /** Absolute directory the volume is mounted at. */
  readonly mountPath: string;
  /** Requested size, e.g. `20Gi`. */
  readonly size: string;
  /** StorageClass. @default the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** Props of {@link HardenedStatefulSet}. */
export interface HardenedStatefulSetProps extends HardenedWorkloadProps {
  /** Number of pods; more than one adds a PodDisruptionBudget. @default 1 */
  readonly replicas?: number;
  /** Persistent volumes, one set per pod. @default none */
  readonly storage?: readonly StatefulStorage[];
}

/** Defaults of {@link HardenedStatefulSetProps}. */
export const STATEFUL_SET_DEFAULTS = { replicas: 1 };

/**
 * A stateful server (a database, a queue), hardened like every workload, with a headless Service giving
 * each pod a stable DNS name and a PersistentVolumeClaim per pod for each `storage` entry.
 */
export class HardenedStatefulSet extends HardenedWorkload implements IScalable {
  readonly replicas: number;
  readonly statefulSet: L1Object<KubeStatefulSetProps | undefined>;
  readonly scaleTargetKind = 'StatefulSet';

  constructor(scope: Construct, id: string, props: HardenedStatefulSetProps) {
    // 52: pods carry the label controller-revision-hash=<name>-<10 chars>, at most 63 characters.
    super(scope, id, props, {
      maxNameLength: 52,
      longRunning: true,
      spread: true,
      restartPolicy: 'Always',
      service: 'headless',
    });
    this.replicas = checkReplicas(this, props.replicas ?? STATEFUL_SET_DEFAULTS.replicas);
    this.checkReplicatedState(this.replicas);
    const scaling = this.scaling;
    const replicas = this.replicas;
    const storage = props.storage ?? [];
    const template = this.pod.template;
    const spec = template.spec!;
    const container = spec.containers[0]!;
    const claims: KubePersistentVolumeClaimProps[] = storage.map((volume, index) => {
      const at = `storage[${index}]`;
      checkDnsLabel(this, `${at}.name`, volume.name);
      if (
        (spec.volumes ?? []).some((other) => other.name === volume.name) ||
        storage.findIndex((other) => other.name === volume.name) !== index
      ) {
        throw invalidProp(
          this,
          `${at}.name`,
          volume.name,
          'must be unique among the pod volumes',
          'Pick another name, e.g. "data".',
        );
      }
      if (
        (container.volumeMounts ?? []).some(
          (mount) =>
            mount.mountPath === volume.mountPath ||
            volume.mountPath.startsWith(`${mount.mountPath}/`) ||
            mount.mountPath.startsWith(`${volume.mountPath}/`),
        )
      ) {
        throw invalidProp(
          this,
          `${at}.mountPath`,
          volume.mountPath,
          'must not overlap another mount',
          'Mount each directory once.',
        );
      }
      if (
        typeof volume.mountPath !== 'string' ||
        !volume.mountPath.startsWith('/') ||
        volume.mountPath === '/'
      ) {
        throw invalidProp(
          this,
          `${at}.mountPath`,
          volume.mountPath,
          "must be an absolute directory other than '/'",
          "Use a path such as '/var/lib/app'.",
        );
      }
      const size = typeof volume.size === 'string' ? parseQuantity(volume.size) : undefined;
      if (size === undefined || size <= 0) {
        throw invalidProp(
          this,
          `${at}.size`,
          volume.size,
          'must be a positive quantity',
          "Write it like '20Gi'.",
        );
      }
      if (volume.storageClassName !== undefined)
        checkDnsLabel(this, `${at}.storageClassName`, volume.storageClassName);
      return {
        metadata: { name: volume.name, labels: { ...this.labels } },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: Quantity.fromString(volume.size) } },
          ...(volume.storageClassName ? { storageClassName: volume.storageClassName } : {}),
        },
      };
    });
    const mounts = storage.map((volume) => ({ name: volume.name, mountPath: volume.mountPath }));
    this.statefulSet = new L1Object(this, 'Resource', KubeStatefulSet, {
      metadata: this.objectMetadata,
      spec: {
        // Read at synth: an autoscaler owns the count once one scales this StatefulSet.
        get replicas() {
          return scaling.autoscaled ? undefined : replicas;
        },
        serviceName: this.name,
        revisionHistoryLimit: 5,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        selector: { matchLabels: { ...this.selectorLabels } },
        template: {
          ...template,
          spec: {
            ...spec,
            containers: [{ ...container, volumeMounts: [...(container.volumeMounts ?? []), ...mounts] }],
          },
        },
        ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
      },
    });
    if (this.replicas > 1) this.addDisruptionBudget();
  }
}
