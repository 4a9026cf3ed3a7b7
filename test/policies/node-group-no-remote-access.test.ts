import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { nodeGroupNoRemoteAccess as rule } from '../../policies/src/rules/node-group-no-remote-access';

const compliant = { clusterName: 'prod', nodeRoleArn: 'arn:role', subnetIds: ['subnet-1'] };
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'workers');

describe('node-group-no-remote-access', () => {
  it('applies to managed node groups only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/nodeGroup:NodeGroup']);
  });

  it('passes a node group without remote access', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'an SSH key is set without source security groups',
      { remoteAccess: { ec2SshKey: 'ops' } },
      'without sourceSecurityGroupIds EKS opens port 22 (3389 on Windows) to 0.0.0.0/0',
    ],
    [
      'an SSH key is limited to a security group',
      { remoteAccess: { ec2SshKey: 'ops', sourceSecurityGroupIds: ['sg-1'] } },
      'remoteAccess is set, so every node accepts SSH (RDP on Windows) with a shared key; remove remoteAccess',
    ],
  ])('fails when %s', (_case, mutation, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path: 'remoteAccess', message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^NodeGroup\/workers: /);
  });

  it('is unknown when remoteAccess is not known yet', () => {
    expect(validate({ ...compliant, remoteAccess: UNKNOWN }).status).toBe('unknown');
  });
});
