import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { securityGroupNoWorldIngress as rule } from '../../policies/src/rules/security-group-no-world-ingress';

const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'nodes');

const https = { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] };
const group = { vpcId: 'vpc-1', ingress: [https, { protocol: '-1', fromPort: 0, toPort: 0, self: true }] };
const groupRule = {
  type: 'ingress',
  protocol: 'tcp',
  fromPort: 10250,
  toPort: 10250,
  cidrBlocks: ['10.0.0.0/16'],
};
const ingressRule = { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/16' };

describe('security-group-no-world-ingress', () => {
  it('reads security groups (the default one too) and both kinds of standalone rule', () => {
    expect(rule.resourceTypes).toEqual([
      'aws:ec2/securityGroup:SecurityGroup',
      'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
      'aws:ec2/securityGroupRule:SecurityGroupRule',
      'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
    ]);
  });

  test.each([
    ['a group whose only world ingress is HTTPS', group],
    ['a group without inline ingress', { vpcId: 'vpc-1' }],
    ['a SecurityGroupRule from a private CIDR', groupRule],
    ['a SecurityGroupIngressRule from a private CIDR', ingressRule],
    [
      'a world-open SecurityGroupIngressRule on HTTPS',
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' },
    ],
    ['world-open ICMP', { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' }],
  ])('passes %s', (_case, inputs) => {
    expect(validate(inputs)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'an inline block allows SSH from 0.0.0.0/0',
      {
        ...group,
        ingress: [https, { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }],
      },
      'ingress[1].cidrBlocks[0]',
      'SecurityGroup/nodes: ingress[1] allows tcp port 22 from 0.0.0.0/0, which covers SSH (22)',
    ],
    [
      'an inline block allows all traffic from ::/0',
      { ...group, ingress: [{ protocol: '-1', fromPort: 0, toPort: 0, ipv6CidrBlocks: ['::/0'] }] },
      'ingress[0].ipv6CidrBlocks[0]',
      'SecurityGroup/nodes: ingress[0] allows all traffic from ::/0',
    ],
    [
      'a tcp range covers the kubelet',
      { ...groupRule, fromPort: 10000, toPort: 11000, cidrBlocks: ['0.0.0.0/0'] },
      'cidrBlocks[0]',
      'SecurityGroupRule/nodes: allows tcp ports 10000-11000 from 0.0.0.0/0, which covers kubelet (10250)',
    ],
    [
      'the protocol is given by number and covers every port',
      { ...groupRule, protocol: '6', fromPort: 0, toPort: 65535, cidrBlocks: ['0.0.0.0/0'] },
      'cidrBlocks[0]',
      'covers SSH (22), RDP (3389), kubelet (10250)',
    ],
    [
      'a SecurityGroupIngressRule allows RDP over UDP from ::/0',
      { ipProtocol: 'udp', fromPort: 3389, toPort: 3389, cidrIpv6: '::/0' },
      'cidrIpv6',
      'SecurityGroupIngressRule/nodes: allows udp port 3389 from ::/0, which covers RDP (3389)',
    ],
    [
      'a SecurityGroupIngressRule allows all traffic from 0.0.0.0/0',
      { ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' },
      'cidrIpv4',
      'SecurityGroupIngressRule/nodes: allows all traffic from 0.0.0.0/0',
    ],
  ])('fails when %s', (_case, inputs, path, message) => {
    const result = validate(inputs);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toContain(
      "restrict the source to your networks' CIDRs or a security group",
    );
  });

  it('reports one finding per world CIDR', () => {
    const inputs = {
      ingress: [
        { protocol: 'all', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'] },
      ],
    };
    expect(validate(inputs).findings.map((finding) => finding.path)).toEqual([
      'ingress[0].cidrBlocks[0]',
      'ingress[0].ipv6CidrBlocks[0]',
    ]);
  });

  it('does not apply to egress rules', () => {
    expect(validate({ ...groupRule, type: 'egress', cidrBlocks: ['0.0.0.0/0'] }).status).toBe(
      'not-applicable',
    );
  });

  test.each([
    ['the ingress list', { ingress: UNKNOWN }],
    ['the CIDR of an SSH rule', { ...ingressRule, cidrIpv4: UNKNOWN }],
    [
      'the CIDR list of an SSH block',
      { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: UNKNOWN }] },
    ],
    ['the ports of a world-open rule', { ...groupRule, cidrBlocks: ['0.0.0.0/0'], toPort: UNKNOWN }],
    ['the type of a world-open rule', { ...groupRule, type: UNKNOWN, cidrBlocks: ['0.0.0.0/0'] }],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });

  it('passes an unknown CIDR on a port that is not sensitive', () => {
    expect(validate({ ...ingressRule, fromPort: 443, toPort: 443, cidrIpv4: UNKNOWN }).status).toBe('pass');
  });
});
