import { unknownSetFinding } from '../engine/result';
import type { LocatedResource, ResourceSetRule, SetFinding } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

const DETECTOR = 'aws:guardduty/detector:Detector';
const FEATURE = 'aws:guardduty/detectorFeature:DetectorFeature';

/**
 * The GuardDuty features that watch EKS nodes at run time: `RUNTIME_MONITORING` (EKS, ECS and EC2) or the
 * older EKS-only `EKS_RUNTIME_MONITORING`. GuardDuty refuses both on one detector, so either one will do.
 */
export const GUARDDUTY_RUNTIME_FEATURE_NAMES = ['RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING'] as const;
/** The additional configuration with which GuardDuty deploys and updates its agent as an EKS add-on itself. */
export const GUARDDUTY_EKS_ADDON_MANAGEMENT = 'EKS_ADDON_MANAGEMENT';

const isRuntimeFeature = (name: unknown): boolean =>
  (GUARDDUTY_RUNTIME_FEATURE_NAMES as readonly unknown[]).includes(name);

/**
 * GuardDuty watches the nodes at run time with its managed agent: every detector the program creates has a
 * `RUNTIME_MONITORING` (or `EKS_RUNTIME_MONITORING`) feature taking its `detectorId` from it, and every such
 * feature, on a created or an adopted detector, has status `ENABLED` and its `EKS_ADDON_MANAGEMENT`
 * additional configuration `ENABLED`. Without the add-on management, the feature accepts runtime events but
 * no cluster sends any until someone installs the `aws-guardduty-agent` add-on and the `guardduty-data` VPC
 * endpoint by hand; with it, GuardDuty installs, updates and connects both itself, private nodes included.
 * A detector brought from outside the program (its id given as a string) is judged through its features only.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-eks.html
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorAdditionalConfiguration.html
 */
export const guarddutyRuntimeMonitoring: ResourceSetRule = {
  id: 'guardduty-runtime-monitoring',
  target: 'aws-set',
  title: 'GuardDuty Runtime Monitoring watches the nodes with its managed agent',
  description:
    'Every GuardDuty detector has RUNTIME_MONITORING (or EKS_RUNTIME_MONITORING) ENABLED with EKS_ADDON_MANAGEMENT ENABLED, so GuardDuty deploys its agent to every cluster and reports process, file and network activity on the nodes.',
  severity: 'medium',
  resourceTypes: [DETECTOR, FEATURE],
  contextTypes: [],
  validate(resources): readonly SetFinding[] {
    const features = resources.filter((resource) => resource.type === FEATURE);
    return [
      ...resources
        .filter((resource) => resource.type === DETECTOR)
        .flatMap((d) => judgeDetector(d, features)),
      ...features.flatMap(judgeFeature),
    ];
  },
};

function judgeDetector(detector: LocatedResource, features: readonly LocatedResource[]): SetFinding[] {
  const subject = `Detector/${detector.name}`;
  if (isUnknown(detector.inputs.enable)) {
    return [unknown(detector, 'enable', `${subject}: enable is not known yet`)];
  }
  if (detector.inputs.enable === false) {
    return [
      {
        key: detector.key,
        path: 'enable',
        message: `${subject}: the detector is not enabled, so no runtime monitoring runs on it; set enable: true and add a RUNTIME_MONITORING feature with EKS_ADDON_MANAGEMENT ENABLED`,
      },
    ];
  }
  const own = features.filter((feature) => feature.dependencies.includes(detector.key));
  if (own.some((feature) => isRuntimeFeature(feature.inputs.name))) return [];
  const pending = own.find((feature) => isUnknown(feature.inputs.name));
  if (pending) {
    return [
      unknown(detector, '', `${subject}: the name of DetectorFeature/${pending.name} is not known yet`),
    ];
  }
  return [
    {
      key: detector.key,
      path: '',
      message: `${subject}: no DetectorFeature turns on runtime monitoring, so nothing watches processes, files and connections on the nodes; add an aws.guardduty.DetectorFeature with detectorId from this detector, name: 'RUNTIME_MONITORING', status: 'ENABLED' and additionalConfigurations: [{ name: '${GUARDDUTY_EKS_ADDON_MANAGEMENT}', status: 'ENABLED' }]`,
    },
  ];
}

function judgeFeature(feature: LocatedResource): SetFinding[] {
  const subject = `DetectorFeature/${feature.name}`;
  const { name, status, additionalConfigurations } = feature.inputs;
  if (isUnknown(name)) return [unknown(feature, 'name', `${subject}: name is not known yet`)];
  if (!isRuntimeFeature(name)) return [];
  const feat = String(name);
  if (isUnknown(status)) return [unknown(feature, 'status', `${subject}: status is not known yet`)];
  if (status !== 'ENABLED') {
    const how = status === undefined ? 'is not set' : `is '${String(status)}'`;
    return [
      {
        key: feature.key,
        path: 'status',
        message: `${subject}: status of ${feat} ${how}, so GuardDuty does not watch the nodes at run time; set status: 'ENABLED'`,
      },
    ];
  }
  if (isUnknown(additionalConfigurations)) {
    return [
      unknown(feature, 'additionalConfigurations', `${subject}: additionalConfigurations is not known yet`),
    ];
  }
  const configurations = Array.isArray(additionalConfigurations) ? additionalConfigurations : [];
  const index = configurations.findIndex((entry) => asRecord(entry)?.name === GUARDDUTY_EKS_ADDON_MANAGEMENT);
  const fix = `add { name: '${GUARDDUTY_EKS_ADDON_MANAGEMENT}', status: 'ENABLED' } to additionalConfigurations`;
  if (index < 0) {
    return [
      {
        key: feature.key,
        path: 'additionalConfigurations',
        message: `${subject}: ${feat} has no ${GUARDDUTY_EKS_ADDON_MANAGEMENT} configuration, so GuardDuty deploys no agent to the clusters and receives no runtime events unless someone installs the aws-guardduty-agent add-on and the guardduty-data VPC endpoint by hand; ${fix}`,
      },
    ];
  }
  const entryStatus = asRecord(configurations[index])?.status;
  if (isUnknown(entryStatus)) {
    const path = `additionalConfigurations[${index}].status`;
    return [
      unknown(feature, path, `${subject}: the status of ${GUARDDUTY_EKS_ADDON_MANAGEMENT} is not known yet`),
    ];
  }
  if (entryStatus === 'ENABLED') return [];
  const how = entryStatus === undefined ? 'is not set' : `is '${String(entryStatus)}'`;
  return [
    {
      key: feature.key,
      path: `additionalConfigurations[${index}].status`,
      message: `${subject}: the status of ${feat}'s ${GUARDDUTY_EKS_ADDON_MANAGEMENT} ${how}, so GuardDuty does not deploy its agent to the clusters; set it to 'ENABLED'`,
    },
  ];
}

/** {@link unknownSetFinding} on `resource`. */
function unknown(resource: LocatedResource, path: string, message: string): SetFinding {
  return unknownSetFinding(resource.key, path, message);
}
