import {
  KubeHorizontalPodAutoscalerV2,
  type KubeHorizontalPodAutoscalerV2Props,
  type MetricSpecV2,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import type { IScalable } from './hardened-workload';
import { L1Object } from './l1-object';
import { MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL } from './names';
import { invalidProp } from './prop-error';

/** Props of {@link HardenedAutoscaler}. */
export interface HardenedAutoscalerProps {
  /** The Deployment or StatefulSet to scale. */
  readonly target: IScalable;
  /** @default 2 (one pod can be evicted or lost without downtime) */
  readonly minReplicas?: number;
  readonly maxReplicas: number;
  /** Average CPU use, as a percentage of the pods' CPU requests, the autoscaler keeps. @default 70 */
  readonly cpuUtilization?: number;
  /** Average memory use, as a percentage of the pods' memory requests, to keep as well. @default not a metric */
  readonly memoryUtilization?: number;
}

/**
 * A HorizontalPodAutoscaler (`autoscaling/v2`) for a hardened Deployment or StatefulSet, by CPU (and
 * optionally memory) utilization of the requests every hardened container sets. The workload then leaves its
 * `replicas` unset, so an apply never resets what the autoscaler chose, and gets a PodDisruptionBudget.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export class HardenedAutoscaler extends Construct {
  readonly autoscaler: L1Object<KubeHorizontalPodAutoscalerV2Props | undefined>;

  constructor(scope: Construct, id: string, props: HardenedAutoscalerProps) {
    super(scope, id);
    const target = props.target;
    const minReplicas = props.minReplicas ?? 2;
    const count = (prop: string, value: number, min: number) => {
      if (!Number.isInteger(value) || value < min) {
        throw invalidProp(
          this,
          prop,
          value,
          `must be an integer of at least ${min}`,
          `Set ${prop} to ${min} or more.`,
        );
      }
      return value;
    };
    count('minReplicas', minReplicas, 1);
    count('maxReplicas', props.maxReplicas, 1);
    if (props.maxReplicas < minReplicas) {
      throw invalidProp(
        this,
        'maxReplicas',
        props.maxReplicas,
        `must be at least minReplicas (${minReplicas})`,
        'Raise maxReplicas or lower minReplicas.',
      );
    }
    const metrics: MetricSpecV2[] = [];
    for (const [prop, resource, fallback] of [
      ['cpuUtilization', 'cpu', 70],
      ['memoryUtilization', 'memory', undefined],
    ] as const) {
      const value = props[prop] ?? fallback;
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 1 || value > 100) {
        throw invalidProp(this, prop, value, 'must be a percentage from 1 to 100', 'Use e.g. 70.');
      }
      metrics.push({
        type: 'Resource',
        resource: { name: resource, target: { type: 'Utilization', averageUtilization: value } },
      });
    }
    target._autoscale(minReplicas, props.maxReplicas);
    this.autoscaler = new L1Object(this, 'Resource', KubeHorizontalPodAutoscalerV2, {
      metadata: {
        name: target.name,
        namespace: target.namespace,
        labels: { [NAME_LABEL]: target.name, [MANAGED_BY_LABEL]: MANAGED_BY },
      },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: target.scaleTargetKind, name: target.name },
        minReplicas,
        maxReplicas: props.maxReplicas,
        metrics,
      },
    });
  }
}
