import { IntOrString, KubeDaemonSet, type KubeDaemonSetProps } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Construct } from 'constructs';
import { HardenedWorkload, type HardenedWorkloadProps } from './hardened-workload';
import { L1Object } from './l1-object';

/** Props of {@link HardenedDaemonSet}. */
export interface HardenedDaemonSetProps extends HardenedWorkloadProps {}

/**
 * A node agent (one pod per node), hardened like every workload: no host namespaces, no hostPath, no
 * privilege. An agent that truly needs those is not a fit for this construct; write it on the L1 and exempt
 * the rules with reasons. Updates replace one node's pod at a time.
 */
export class HardenedDaemonSet extends HardenedWorkload {
  readonly daemonSet: L1Object<KubeDaemonSetProps | undefined>;

  constructor(scope: Construct, id: string, props: HardenedDaemonSetProps) {
    super(scope, id, props, {
      maxNameLength: 52,
      longRunning: true,
      spread: false,
      restartPolicy: 'Always',
      service: 'cluster-ip',
    });
    this.daemonSet = new L1Object(this, 'Resource', KubeDaemonSet, {
      metadata: this.objectMetadata,
      spec: {
        revisionHistoryLimit: 5,
        selector: { matchLabels: { ...this.selectorLabels } },
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: IntOrString.fromNumber(1) },
        },
        template: this.pod.template,
      },
    });
  }
}
