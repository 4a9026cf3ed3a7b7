import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedResource } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { nodeEgressPrivate as rule } from '../../policies/src/rules/node-egress-private';

const resource = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  dependencies: string[] = [],
): LocatedResource => ({ key: `urn:${name}`, type, name, inputs, dependencies });

const registryEndpoint = resource('aws:ec2/vpcEndpoint:VpcEndpoint', 'ecr-dkr', {
  serviceName: 'com.amazonaws.us-east-1.ecr.dkr',
  vpcEndpointType: 'Interface',
});
const nodes = resource('aws:ec2/securityGroup:SecurityGroup', 'nodes', { vpcId: 'vpc-1' });
const template = resource('aws:ec2/launchTemplate:LaunchTemplate', 'nodes', {}, [nodes.key]);
const egress = (name: string, inputs: Record<string, unknown>, group = nodes) =>
  resource('aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule', name, { ipProtocol: '-1', ...inputs }, [
    group.key,
  ]);
const privateRules = [
  egress('egress-vpc', { cidrIpv4: '10.0.0.0/16' }),
  egress('egress-s3', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-63a5400a' }),
];
const validate = (resources: LocatedResource[]) => rule.validate(resources, ruleOptions());

describe('node-egress-private', () => {
  it('judges security groups and their rules and reads launch templates and VPC endpoints', () => {
    expect(rule.resourceTypes).toEqual([
      'aws:ec2/securityGroup:SecurityGroup',
      'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
      'aws:ec2/securityGroupRule:SecurityGroupRule',
    ]);
    expect(rule.contextTypes).toEqual([
      'aws:ec2/launchTemplate:LaunchTemplate',
      'aws:ec2/vpcEndpoint:VpcEndpoint',
    ]);
  });

  it('passes node egress to the VPC and the S3 prefix list when the program has an ECR endpoint', () => {
    expect(validate([registryEndpoint, nodes, template, ...privateRules])).toEqual([]);
  });

  it('has nothing to judge without an ECR endpoint: nodes behind NAT need world egress', () => {
    expect(validate([nodes, template, egress('egress', { cidrIpv4: '0.0.0.0/0' })])).toEqual([]);
  });

  test.each<[string, LocatedResource[], string, string]>([
    [
      'an egress rule to 0.0.0.0/0',
      [egress('egress', { cidrIpv4: '0.0.0.0/0' })],
      'urn:egress',
      'SecurityGroupEgressRule/egress on node SecurityGroup/nodes allows egress to 0.0.0.0/0',
    ],
    [
      'an egress rule to ::/0',
      [egress('egress6', { cidrIpv6: '::/0' })],
      'urn:egress6',
      'allows egress to ::/0',
    ],
    [
      'a SecurityGroupRule of type egress to 0.0.0.0/0',
      [
        resource(
          'aws:ec2/securityGroupRule:SecurityGroupRule',
          'legacy',
          { type: 'egress', protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] },
          [nodes.key],
        ),
      ],
      'urn:legacy',
      'SecurityGroupRule/legacy on node SecurityGroup/nodes allows egress to 0.0.0.0/0',
    ],
  ])('fails %s on the node security group', (_case, extra, key, message) => {
    expect(validate([registryEndpoint, nodes, template, ...privateRules, ...extra])).toEqual([
      expect.objectContaining({ key, message: expect.stringContaining(message) }),
    ]);
  });

  it('fails inline world egress on a security group tagged for the cluster', () => {
    const tagged = resource('aws:ec2/securityGroup:SecurityGroup', 'workers', {
      tags: { 'kubernetes.io/cluster/prod': 'owned' },
      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
    });
    expect(validate([registryEndpoint, tagged])).toEqual([
      expect.objectContaining({
        key: 'urn:workers',
        path: 'egress[0]',
        message: expect.stringContaining(
          'SecurityGroup/workers: inline egress[0] allows egress to 0.0.0.0/0',
        ),
      }),
    ]);
  });

  it('leaves security groups that are not node groups alone (a load balancer may reach the internet)', () => {
    const alb = resource('aws:ec2/securityGroup:SecurityGroup', 'alb', {});
    expect(
      validate([registryEndpoint, nodes, template, alb, egress('alb-out', { cidrIpv4: '0.0.0.0/0' }, alb)]),
    ).toEqual([]);
  });

  it('reports an egress destination not known yet as unknown', () => {
    expect(validate([registryEndpoint, nodes, template, egress('later', { cidrIpv4: UNKNOWN })])).toEqual([
      expect.objectContaining({ key: 'urn:later', status: 'unknown' }),
    ]);
  });
});
