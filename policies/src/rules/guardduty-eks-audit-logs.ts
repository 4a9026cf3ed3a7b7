import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/** The GuardDuty feature that analyses the EKS audit log (what the console calls EKS Protection). */
export const GUARDDUTY_EKS_AUDIT_LOGS = 'EKS_AUDIT_LOGS';

/**
 * GuardDuty watches the EKS audit log: the region's detector is enabled (`enable` is not false; the provider
 * defaults it to true) and its `EKS_AUDIT_LOGS` feature has status `ENABLED`. Other features are not
 * applicable here (runtime monitoring comes as `RUNTIME_MONITORING` or the older `EKS_RUNTIME_MONITORING`,
 * either of which may be the one in use, so one feature alone does not decide it).
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/kubernetes-protection.html
 * @see https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
 */
export const guarddutyEksAuditLogs: ResourceRule = {
  id: 'guardduty-eks-audit-logs',
  target: 'aws',
  title: 'GuardDuty monitors the EKS audit log',
  description:
    'The GuardDuty detector of the region is enabled and its EKS_AUDIT_LOGS feature is ENABLED, so suspicious API activity in the cluster raises findings.',
  severity: 'medium',
  resourceTypes: ['aws:guardduty/detector:Detector', 'aws:guardduty/detectorFeature:DetectorFeature'],
  validate(inputs, _options, name): RuleResult {
    if ('enable' in inputs || !('name' in inputs)) {
      const subject = `Detector/${name}`;
      if (isUnknown(inputs.enable)) return unknownAt('enable', `${subject}: enable is not known yet`);
      return inputs.enable === false
        ? failIfAny([
            {
              path: 'enable',
              message: `${subject}: the GuardDuty detector is not enabled, so nothing analyses the EKS audit log or node runtime activity; enable the detector with the EKS_AUDIT_LOGS and RUNTIME_MONITORING features`,
            },
          ])
        : PASS;
    }
    const subject = `DetectorFeature/${name}`;
    if (isUnknown(inputs.name)) return unknownAt('name', `${subject}: name is not known yet`);
    if (inputs.name !== GUARDDUTY_EKS_AUDIT_LOGS) return NOT_APPLICABLE;
    if (isUnknown(inputs.status)) return unknownAt('status', `${subject}: status is not known yet`);
    if (inputs.status === 'ENABLED') return PASS;
    const how = inputs.status === undefined ? 'is not set' : `is '${String(inputs.status)}'`;
    return failIfAny([
      {
        path: 'status',
        message: `${subject}: status of ${GUARDDUTY_EKS_AUDIT_LOGS} ${how}, so GuardDuty does not analyse the EKS audit log; set status: 'ENABLED'`,
      },
    ]);
  },
};
