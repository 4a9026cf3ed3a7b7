import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/**
 * No network interface of a launch template asks for a public IP address (`associatePublicIpAddress`, a
 * string `"true"` in the launch template API). A node with a public address is reachable from the internet
 * whatever its subnet's routing; an interface that does not set it leaves the choice to the subnet's
 * `mapPublicIpOnLaunch`, which the `private-nodes` control covers.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.html
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/subnets.html
 */
export const launchTemplateNoPublicIp: ResourceRule = {
  id: 'launch-template-no-public-ip',
  target: 'aws',
  title: 'Launch templates give nodes no public IP address',
  description:
    'A launch template sets associatePublicIpAddress on none of its network interfaces, so nodes launched from it are not directly reachable from the internet.',
  severity: 'high',
  resourceTypes: ['aws:ec2/launchTemplate:LaunchTemplate'],
  validate(inputs, _options, name): RuleResult {
    const subject = `LaunchTemplate/${name}`;
    const interfaces = inputs.networkInterfaces;
    if (isUnknown(interfaces))
      return unknownAt('networkInterfaces', `${subject}: networkInterfaces is not known yet`);
    const list = Array.isArray(interfaces) ? interfaces : [];
    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;
    list.forEach((entry, index) => {
      const path = `networkInterfaces[${index}].associatePublicIpAddress`;
      const value = isUnknown(entry) ? entry : asRecord(entry)?.associatePublicIpAddress;
      if (isUnknown(value)) unknown ??= unknownAt(path, `${subject}: ${path} is not known yet`);
      else if (value === true || value === 'true') {
        findings.push({
          path,
          message: `${subject}: ${path} is 'true', so every node launched from it gets a public IP address reachable from the internet; remove it (or set 'false') and place the nodes in private subnets that reach the internet through NAT`,
        });
      }
    });
    if (findings.length > 0) return failIfAny(findings);
    return unknown ?? PASS;
  },
};
