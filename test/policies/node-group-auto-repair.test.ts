import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { nodeGroupAutoRepair as rule } from '../../policies/src/rules/node-group-auto-repair';

const compliant = {
  clusterName: 'prod',
  nodeRoleArn: 'arn:role',
  subnetIds: ['subnet-1'],
  nodeRepairConfig: { enabled: true },
};
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'workers');

describe('node-group-auto-repair', () => {
  it('applies to managed node groups only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/nodeGroup:NodeGroup']);
  });

  it('passes a node group with auto repair on', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    [
      'nodeRepairConfig is left out (EKS default: off)',
      { nodeRepairConfig: undefined },
      'nodeRepairConfig',
      'nodeRepairConfig is not set',
    ],
    [
      'auto repair is turned off',
      { nodeRepairConfig: { enabled: false } },
      'nodeRepairConfig.enabled',
      'nodeRepairConfig.enabled is false',
    ],
    [
      'the block is set without enabled',
      { nodeRepairConfig: {} },
      'nodeRepairConfig.enabled',
      'nodeRepairConfig.enabled is not set',
    ],
  ])('fails when %s', (_case, mutation, path, message) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      { path, message: expect.stringContaining(`NodeGroup/workers: ${message}`) },
    ]);
    expect(result.findings[0]!.message).toContain('set nodeRepairConfig: { enabled: true }');
  });

  it.each([
    ['nodeRepairConfig', { nodeRepairConfig: UNKNOWN }],
    ['nodeRepairConfig.enabled', { nodeRepairConfig: { enabled: UNKNOWN } }],
  ])('is unknown when %s is not known yet', (path, mutation) => {
    const result = validate({ ...compliant, ...mutation });
    expect(result).toMatchObject({ status: 'unknown', findings: [{ path }] });
  });
});
