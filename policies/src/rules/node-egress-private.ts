import { unknownSetFinding } from '../engine/result';
import type { LocatedResource, ResourceSetRule, SetFinding } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asArray, asRecord } from '../kubernetes/object';

const SECURITY_GROUP = 'aws:ec2/securityGroup:SecurityGroup';
const EGRESS_RULE = 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule';
const LEGACY_RULE = 'aws:ec2/securityGroupRule:SecurityGroupRule';
const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';
const VPC_ENDPOINT = 'aws:ec2/vpcEndpoint:VpcEndpoint';

const WORLD = ['0.0.0.0/0', '::/0'];

/**
 * In a program that gives its nodes a private path to their registry (an ECR `ecr.dkr` VPC endpoint), node
 * security groups allow no egress to `0.0.0.0/0` or `::/0`: private endpoints mean nodes are meant to run
 * without the internet, and a world-open egress rule lets a compromised pod exfiltrate data or fetch tools
 * the moment any route (a NAT gateway, a peered network) appears. Egress to the VPC CIDR and to AWS prefix
 * lists (S3) passes.
 *
 * The rule is opt-in by what the program declares: without an ECR registry endpoint it has nothing to judge,
 * because nodes behind NAT gateways need world egress to reach AWS APIs and registries (the stack's default).
 * Node security groups are those a launch template takes (it depends on them) and those tagged
 * `kubernetes.io/cluster/<name>` as load balancer controllers expect; their egress is judged in standalone
 * `SecurityGroupEgressRule`s and `SecurityGroupRule`s of type egress that depend on them, and inline `egress`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
 */
export const nodeEgressPrivate: ResourceSetRule = {
  id: 'node-egress-private',
  target: 'aws-set',
  title: 'Nodes meant to run without the internet allow no egress to it',
  description:
    'When the program declares an ECR VPC endpoint, no node security group allows egress to 0.0.0.0/0 or ::/0, so nodes reach only the VPC and AWS services through endpoints.',
  severity: 'medium',
  resourceTypes: [SECURITY_GROUP, EGRESS_RULE, LEGACY_RULE],
  contextTypes: [LAUNCH_TEMPLATE, VPC_ENDPOINT],
  validate(resources): readonly SetFinding[] {
    if (!resources.some(isRegistryEndpoint)) return [];
    const templates = resources.filter((resource) => resource.type === LAUNCH_TEMPLATE);
    const nodeGroups = resources.filter(
      (resource) =>
        resource.type === SECURITY_GROUP &&
        (templates.some((template) => template.dependencies.includes(resource.key)) ||
          clusterTagged(resource)),
    );
    const findings: SetFinding[] = [];
    for (const group of nodeGroups) {
      const subject = `SecurityGroup/${group.name}`;
      asArray(group.inputs.egress).forEach((entry, index) => {
        const rule = asRecord(entry);
        const cidrs = [...asArray(rule?.cidrBlocks), ...asArray(rule?.ipv6CidrBlocks)];
        findings.push(...judge(group.key, `egress[${index}]`, `${subject}: inline egress[${index}]`, cidrs));
      });
      for (const rule of resources.filter(
        (resource) =>
          (resource.type === EGRESS_RULE ||
            (resource.type === LEGACY_RULE && resource.inputs.type === 'egress')) &&
          resource.dependencies.includes(group.key),
      )) {
        const cidrs =
          rule.type === EGRESS_RULE
            ? [rule.inputs.cidrIpv4, rule.inputs.cidrIpv6]
            : [...asArray(rule.inputs.cidrBlocks), ...asArray(rule.inputs.ipv6CidrBlocks)];
        const kind = rule.type === EGRESS_RULE ? 'SecurityGroupEgressRule' : 'SecurityGroupRule';
        findings.push(...judge(rule.key, '', `${kind}/${rule.name} on node ${subject}`, cidrs));
      }
    }
    return findings;
  },
};

function judge(key: string, path: string, subject: string, cidrs: readonly unknown[]): SetFinding[] {
  const world = cidrs.find((cidr) => typeof cidr === 'string' && WORLD.includes(cidr));
  if (world !== undefined) {
    return [
      {
        key,
        path,
        message: `${subject} allows egress to ${String(world)}, though the program gives nodes VPC endpoints to run without the internet; allow the VPC CIDR and the S3 prefix list (443) instead`,
      },
    ];
  }
  if (cidrs.some(isUnknown)) {
    return [unknownSetFinding(key, path, `${subject}: the egress destination is not known yet`)];
  }
  return [];
}

/** An ECR registry endpoint (`com.amazonaws.<region>.ecr.dkr`): image pulls that need no internet. */
function isRegistryEndpoint(resource: LocatedResource): boolean {
  const service = resource.inputs.serviceName;
  return resource.type === VPC_ENDPOINT && typeof service === 'string' && service.endsWith('.ecr.dkr');
}

function clusterTagged(group: LocatedResource): boolean {
  const tags = asRecord(group.inputs.tags);
  return tags !== undefined && Object.keys(tags).some((tag) => tag.startsWith('kubernetes.io/cluster/'));
}
