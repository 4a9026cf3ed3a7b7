import { unknownSetFinding } from '../engine/result';
import type { LocatedResource, ResourceSetRule, SetFinding } from '../engine/types';
import { isUnknown } from '../engine/unknown';

const VPC = 'aws:ec2/vpc:Vpc';
const FLOW_LOG = 'aws:ec2/flowLog:FlowLog';

/**
 * Every VPC the program creates records its traffic in a flow log: an `aws.ec2.FlowLog` whose `vpcId` is
 * taken from the VPC (so it depends on it) and whose `trafficType` is `ALL`. A flow log that records only
 * `ACCEPT` or `REJECT` traffic misses half of what an investigation needs. VPCs brought from outside the program
 * are not judged (the `vpc-flow-logs` control says to check them in the account).
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
 */
export const vpcFlowLogs: ResourceSetRule = {
  id: 'vpc-flow-logs',
  target: 'aws-set',
  title: 'VPCs record all their traffic in flow logs',
  description:
    'Every VPC the program creates has an aws.ec2.FlowLog for it with trafficType ALL, so which addresses talked to the nodes can be investigated later.',
  severity: 'medium',
  resourceTypes: [VPC],
  contextTypes: [FLOW_LOG],
  validate(resources): readonly SetFinding[] {
    const flowLogs = resources.filter(
      (resource) => resource.type === FLOW_LOG && resource.inputs.vpcId !== undefined,
    );
    const findings: SetFinding[] = [];
    for (const vpc of resources.filter((resource) => resource.type === VPC)) {
      const subject = `Vpc/${vpc.name}`;
      const logs = flowLogs.filter((log) => log.dependencies.includes(vpc.key));
      if (logs.length === 0) {
        findings.push({
          key: vpc.key,
          path: '',
          message: `${subject}: no aws.ec2.FlowLog records its traffic; add one with vpcId set to this VPC's id, trafficType: 'ALL' and a log group with retention and a KMS key (or an S3 bucket)`,
        });
        continue;
      }
      if (logs.some((log) => log.inputs.trafficType === 'ALL')) continue;
      const unknown = logs.find((log) => isUnknown(log.inputs.trafficType));
      findings.push(
        unknown
          ? unknownSetFinding(
              vpc.key,
              '',
              `${subject}: the trafficType of FlowLog/${unknown.name} is not known yet`,
            )
          : {
              key: vpc.key,
              path: '',
              message: `${subject}: its flow logs record only ${describe(logs)} traffic; set trafficType: 'ALL'`,
            },
      );
    }
    return findings;
  },
};

function describe(logs: readonly LocatedResource[]): string {
  return [...new Set(logs.map((log) => String(log.inputs.trafficType ?? 'unset')))].join(' and ');
}
