import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { eksAccessEntriesAuthMode as rule } from '../../policies/src/rules/eks-access-entries-auth-mode';

const compliant = {
  accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
};
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'prod');

describe('eks-access-entries-auth-mode', () => {
  it('applies to EKS clusters only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/cluster:Cluster']);
  });

  it('passes a cluster in API mode', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'accessConfig is omitted (the EKS API defaults to CONFIG_MAP)',
      {},
      'not set and the EKS API defaults it to CONFIG_MAP',
    ],
    ['the mode is CONFIG_MAP', { accessConfig: { authenticationMode: 'CONFIG_MAP' } }, "is 'CONFIG_MAP'"],
    [
      'the mode is API_AND_CONFIG_MAP',
      { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } },
      'the aws-auth ConfigMap still grants access',
    ],
  ])('fails when %s', (_case, inputs, message) => {
    const result = validate(inputs);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      { path: 'accessConfig.authenticationMode', message: expect.stringContaining(message) },
    ]);
    expect(result.findings[0]!.message).toContain("set accessConfig.authenticationMode: 'API'");
  });

  test.each([
    ['accessConfig', { accessConfig: UNKNOWN }],
    ['authenticationMode', { accessConfig: { authenticationMode: UNKNOWN } }],
  ])('is unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
