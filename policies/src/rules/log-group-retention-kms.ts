import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/** The name EKS writes control-plane logs to: `/aws/eks/<cluster-name>/cluster`. */
const CONTROL_PLANE_LOG_GROUP = /^\/aws\/eks\/[^/]+\/cluster$/;

/**
 * The CloudWatch log group of an EKS control plane (`/aws/eks/<cluster>/cluster`) sets a retention period
 * (unset or 0 keeps logs forever) and a KMS key. Create it in the program before the cluster: EKS creates
 * a missing one without either. Log groups with other names are not applicable; one whose name is not
 * known yet is checked anyway and reported as unknown only if it would fail.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export const logGroupRetentionKms: ResourceRule = {
  id: 'log-group-retention-kms',
  target: 'aws',
  title: 'Control-plane log groups set retention and KMS encryption',
  description:
    'The CloudWatch log group of an EKS control plane sets retentionInDays and a kmsKeyId, so audit logs are kept for a bounded time and encrypted with a customer-managed key.',
  severity: 'medium',
  resourceTypes: ['aws:cloudwatch/logGroup:LogGroup'],
  validate(inputs, _options, name): RuleResult {
    const subject = `LogGroup/${name}`;
    const groupName = inputs.name;
    const nameUnknown = isUnknown(groupName);
    if (!nameUnknown && !(typeof groupName === 'string' && CONTROL_PLANE_LOG_GROUP.test(groupName))) {
      return NOT_APPLICABLE;
    }
    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;
    const retention = inputs.retentionInDays;
    if (isUnknown(retention))
      unknown = unknownAt('retentionInDays', `${subject}: retentionInDays is not known yet`);
    else if (typeof retention !== 'number' || retention <= 0) {
      const how = retention === undefined ? 'is not set' : `is ${String(retention)}`;
      findings.push({
        path: 'retentionInDays',
        message: `${subject}: retentionInDays ${how}, so control-plane logs are kept forever; set retentionInDays (for example 365)`,
      });
    }
    const key = inputs.kmsKeyId;
    // An unknown kmsKeyId (the ARN of a key created in the same program) still names a key.
    if (!isUnknown(key) && (typeof key !== 'string' || key === '')) {
      findings.push({
        path: 'kmsKeyId',
        message: `${subject}: kmsKeyId is not set, so control-plane logs are not encrypted with a customer-managed key; set kmsKeyId to a KMS key ARN whose policy allows CloudWatch Logs`,
      });
    }
    if (nameUnknown && (findings.length > 0 || unknown)) {
      return unknownAt(
        'name',
        `${subject}: name is not known yet, so whether it holds EKS control-plane logs cannot be told`,
      );
    }
    if (findings.length > 0) return failIfAny(findings);
    return unknown ?? PASS;
  },
};
