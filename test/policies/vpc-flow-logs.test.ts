import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedResource } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { vpcFlowLogs as rule } from '../../policies/src/rules/vpc-flow-logs';

const vpc: LocatedResource = {
  key: 'urn:vpc',
  type: 'aws:ec2/vpc:Vpc',
  name: 'main',
  inputs: { cidrBlock: '10.0.0.0/16' },
  dependencies: [],
};
const flowLog = (inputs: Record<string, unknown>, dependencies = [vpc.key]): LocatedResource => ({
  key: `urn:flow-log-${String(inputs.trafficType)}`,
  type: 'aws:ec2/flowLog:FlowLog',
  name: 'main-flow-log',
  inputs: { vpcId: 'vpc-0123', ...inputs },
  dependencies,
});
const validate = (resources: LocatedResource[]) => rule.validate(resources, ruleOptions());

describe('vpc-flow-logs', () => {
  it('judges VPCs and reads flow logs', () => {
    expect(rule.resourceTypes).toEqual(['aws:ec2/vpc:Vpc']);
    expect(rule.contextTypes).toEqual(['aws:ec2/flowLog:FlowLog']);
  });

  it('passes a VPC with a flow log of all traffic that takes its vpcId from it', () => {
    expect(validate([vpc, flowLog({ trafficType: 'ALL' })])).toEqual([]);
  });

  it('passes a VPC with an ACCEPT and an ALL flow log', () => {
    expect(validate([vpc, flowLog({ trafficType: 'ACCEPT' }), flowLog({ trafficType: 'ALL' })])).toEqual([]);
  });

  it('has nothing to judge without a VPC in the plan (a VPC brought from outside)', () => {
    expect(validate([flowLog({ trafficType: 'ALL' }, [])])).toEqual([]);
  });

  test.each([
    [
      'there is no flow log',
      [vpc],
      "no aws.ec2.FlowLog records its traffic; add one with vpcId set to this VPC's id",
    ],
    [
      'the only flow log is for another VPC',
      [vpc, flowLog({ trafficType: 'ALL' }, ['urn:other-vpc'])],
      'no aws.ec2.FlowLog records its traffic',
    ],
    [
      'its flow log records only rejected traffic',
      [vpc, flowLog({ trafficType: 'REJECT' })],
      "its flow logs record only REJECT traffic; set trafficType: 'ALL'",
    ],
  ])('fails when %s', (_case, resources, message) => {
    expect(validate(resources as LocatedResource[])).toEqual([
      { key: vpc.key, path: '', message: expect.stringContaining(`Vpc/main: ${message}`) },
    ]);
  });

  it('reports unknown, not a failure, when the flow log traffic type is not known yet', () => {
    expect(validate([vpc, flowLog({ trafficType: UNKNOWN })])).toEqual([
      expect.objectContaining({
        key: vpc.key,
        status: 'unknown',
        message: expect.stringContaining('not known yet'),
      }),
    ]);
  });
});
