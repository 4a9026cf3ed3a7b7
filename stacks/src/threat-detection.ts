import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { componentType } from './component-type';
import type { GUARDDUTY_RUNTIME_FEATURES } from './config';

/** One GuardDuty detector feature the stack turns on. */
export interface GuardDutyFeature {
  readonly name: string;
  readonly additionalConfigurations: readonly { readonly name: string; readonly status: 'ENABLED' }[];
}

/** EKS audit-log monitoring: GuardDuty reads the control plane's audit log itself (no log type needed). */
export const GUARDDUTY_AUDIT_LOGS_FEATURE: GuardDutyFeature = {
  name: 'EKS_AUDIT_LOGS',
  additionalConfigurations: [],
};

/**
 * The GuardDuty features for EKS: audit-log monitoring, and at most one runtime-monitoring feature with
 * GuardDuty managing its security agent as an EKS add-on. GuardDuty refuses `RUNTIME_MONITORING` and
 * `EKS_RUNTIME_MONITORING` on the same detector (the first includes the second), so exactly the configured one
 * is declared: an adopted detector that already runs the other one needs `guardDutyRuntimeMonitoring` set to
 * it (or `DISABLED`).
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/kubernetes-protection.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 */
export function guardDutyEksFeatures(
  runtimeFeature: (typeof GUARDDUTY_RUNTIME_FEATURES)[number],
): GuardDutyFeature[] {
  return runtimeFeature === 'DISABLED'
    ? [GUARDDUTY_AUDIT_LOGS_FEATURE]
    : [
        GUARDDUTY_AUDIT_LOGS_FEATURE,
        {
          name: runtimeFeature,
          additionalConfigurations: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }],
        },
      ];
}

/** Settings of {@link ThreatDetection}. */
export interface ThreatDetectionArgs {
  /** The region's existing detector, adopted; when absent, one is created (a region holds at most one). */
  readonly detectorId?: string;
  /** The one runtime-monitoring feature to enable. @default 'RUNTIME_MONITORING' */
  readonly runtimeFeature?: (typeof GUARDDUTY_RUNTIME_FEATURES)[number];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * GuardDuty EKS audit-log and runtime monitoring for the region's detector. Runtime monitoring is on unless
 * `runtimeFeature` is `DISABLED`, always with `EKS_ADDON_MANAGEMENT`: GuardDuty then deploys the
 * `aws-guardduty-agent` add-on to the cluster and creates the `guardduty-data` interface VPC endpoint (and its
 * security group) in the cluster's VPC itself, so private nodes deliver runtime events without internet
 * access. The `guardduty-eks-audit-logs` and `guardduty-runtime-monitoring` rules check the same on any program.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-eks.html
 */
export class ThreatDetection extends pulumi.ComponentResource {
  readonly detectorId: pulumi.Output<string>;

  constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ThreatDetection'), name, {}, opts);
    const parent = { parent: this };
    this.detectorId = args.detectorId
      ? pulumi.output(args.detectorId)
      : new aws.guardduty.Detector(
          `${name}-detector`,
          { enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES', tags: args.tags },
          // The detector is the region's, not the cluster's: other workloads and the security team come to
          // rely on it and its findings, so `pulumi destroy` leaves it (adopt it next time by its id).
          { parent: this, retainOnDelete: true },
        ).id;
    for (const feature of guardDutyEksFeatures(args.runtimeFeature ?? 'RUNTIME_MONITORING')) {
      new aws.guardduty.DetectorFeature(
        `${name}-${feature.name.toLowerCase().replace(/_/g, '-')}`,
        {
          detectorId: this.detectorId,
          name: feature.name,
          status: 'ENABLED',
          additionalConfigurations: [...feature.additionalConfigurations],
        },
        parent,
      );
    }
    this.registerOutputs({ detectorId: this.detectorId });
  }
}
