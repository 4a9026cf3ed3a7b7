import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { vpcCniNetworkPolicy as rule } from '../../policies/src/rules/vpc-cni-network-policy';

const compliant = {
  clusterName: 'prod',
  addonName: 'vpc-cni',
  configurationValues: JSON.stringify({
    enableNetworkPolicy: 'true',
    nodeAgent: { enablePolicyEventLogs: 'true' },
  }),
};
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'vpc-cni');

describe('vpc-cni-network-policy', () => {
  it('applies to EKS add-ons only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/addon:Addon']);
  });

  it('passes the vpc-cni add-on with NetworkPolicy enabled', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  it('reads configuration values written as YAML', () => {
    expect(validate({ ...compliant, configurationValues: 'enableNetworkPolicy: "true"\n' }).status).toBe(
      'pass',
    );
  });

  test.each([
    ['configurationValues is omitted', undefined, 'configurationValues', 'configurationValues is not set'],
    [
      'enableNetworkPolicy is "false"',
      JSON.stringify({ enableNetworkPolicy: 'false' }),
      'configurationValues.enableNetworkPolicy',
      'configurationValues sets enableNetworkPolicy to "false"',
    ],
    [
      'enableNetworkPolicy is missing',
      JSON.stringify({ env: { ENABLE_PREFIX_DELEGATION: 'true' } }),
      'configurationValues.enableNetworkPolicy',
      'configurationValues does not set enableNetworkPolicy',
    ],
    [
      'the values do not parse',
      '{"enableNetworkPolicy": ',
      'configurationValues',
      'is not valid JSON or YAML',
    ],
  ])('fails when %s', (_case, configurationValues, path, message) => {
    const result = validate({ ...compliant, configurationValues });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toContain(
      "set configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' })",
    );
  });

  it('does not apply to other add-ons', () => {
    expect(validate({ clusterName: 'prod', addonName: 'coredns' }).status).toBe('not-applicable');
  });

  test.each([
    ['the add-on name', { ...compliant, addonName: UNKNOWN }],
    ['the configuration values', { ...compliant, configurationValues: UNKNOWN }],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
