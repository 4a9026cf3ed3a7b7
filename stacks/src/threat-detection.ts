import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { componentType } from './component-type';

/**
 * GuardDuty features for EKS: audit-log monitoring, and runtime monitoring with GuardDuty managing its
 * security agent as an EKS add-on.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/kubernetes-protection.html
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html
 */
export const GUARDDUTY_EKS_FEATURES = [
  { name: 'EKS_AUDIT_LOGS', additionalConfigurations: [] },
  {
    name: 'RUNTIME_MONITORING',
    additionalConfigurations: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }],
  },
] as const;

/** Settings of {@link ThreatDetection}. */
export interface ThreatDetectionArgs {
  /** The region's existing detector; when absent, one is created (a region holds at most one). */
  readonly detectorId?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** GuardDuty EKS audit-log and runtime monitoring for the region's detector. */
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
          parent,
        ).id;
    for (const feature of GUARDDUTY_EKS_FEATURES) {
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
