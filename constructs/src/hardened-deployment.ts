import { IntOrString, KubeDeployment, type KubeDeploymentProps } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import {
  checkReplicas,
  HardenedWorkload,
  type HardenedWorkloadProps,
  type IScalable,
} from './hardened-workload';
import { L1Object } from './l1-object';

/** Props of {@link HardenedDeployment}. */
export interface HardenedDeploymentProps extends HardenedWorkloadProps {
  /** Number of pods; more than one adds a PodDisruptionBudget. Left to the autoscaler when one scales it. @default 2 */
  readonly replicas?: number;
}

/** Defaults of {@link HardenedDeploymentProps}. */
export const DEPLOYMENT_DEFAULTS = { replicas: 2 };

/**
 * A stateless server, hardened: see {@link HardenedWorkload} for the pod and the objects around it. Replicas
 * spread across zones; more than one replica gets a PodDisruptionBudget; rollouts never drop below the
 * desired count (maxUnavailable 0).
 *
 * Built on the cdk8s-plus-28 L1 (`KubeDeployment` props and serializer) rather than cdk8s-plus's
 * `Deployment`: plus adds defaults of its own (image pull policy, resources, a default service account) that
 * we would have to undo field by field, and it costs more to synthesize (bench/synth.ts).
 */
export class HardenedDeployment extends HardenedWorkload implements IScalable {
  readonly replicas: number;
  readonly deployment: L1Object<KubeDeploymentProps | undefined>;
  readonly scaleTargetKind = 'Deployment';

  constructor(scope: Construct, id: string, props: HardenedDeploymentProps) {
    super(scope, id, props, {
      maxNameLength: 63,
      longRunning: true,
      spread: true,
      restartPolicy: 'Always',
      service: 'cluster-ip',
    });
    this.replicas = checkReplicas(this, props.replicas ?? DEPLOYMENT_DEFAULTS.replicas);
    this.checkReplicatedState(this.replicas);
    const scaling = this.scaling;
    const replicas = this.replicas;
    this.deployment = new L1Object(this, 'Resource', KubeDeployment, {
      metadata: this.objectMetadata,
      spec: {
        // Read at synth: an autoscaler owns the count once one scales this Deployment.
        get replicas() {
          return scaling.autoscaled ? undefined : replicas;
        },
        revisionHistoryLimit: 5,
        selector: { matchLabels: { ...this.selectorLabels } },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxUnavailable: IntOrString.fromNumber(0),
            maxSurge: IntOrString.fromString('25%'),
          },
        },
        template: this.pod.template,
      },
    });
    if (this.replicas > 1) this.addDisruptionBudget();
  }
}
