import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { eksNoCreatorAdmin as rule } from '../../policies/src/rules/eks-no-creator-admin';

const compliant = {
  accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
};
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'prod');

describe('eks-no-creator-admin', () => {
  it('applies to EKS clusters only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/cluster:Cluster']);
  });

  it('passes a cluster that gives its creator no admin', () => {
    expect(validate(compliant)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'accessConfig is omitted (the EKS API defaults the flag to true)',
      {},
      'accessConfig.bootstrapClusterCreatorAdminPermissions is not set and the EKS API defaults it to true',
    ],
    [
      'the flag is omitted in accessConfig',
      { accessConfig: { authenticationMode: 'API' } },
      'accessConfig.bootstrapClusterCreatorAdminPermissions is not set and the EKS API defaults it to true',
    ],
    [
      'the flag is true',
      { accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true } },
      'accessConfig.bootstrapClusterCreatorAdminPermissions is true',
    ],
  ])('fails when %s', (_case, inputs, message) => {
    const result = validate(inputs);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'accessConfig.bootstrapClusterCreatorAdminPermissions',
        message: expect.stringContaining(`Cluster/prod: ${message}`),
      },
    ]);
    expect(result.findings[0]!.message).toContain(
      'set accessConfig.bootstrapClusterCreatorAdminPermissions: false and grant administrators explicit access entries',
    );
  });

  test.each([
    ['accessConfig', { accessConfig: UNKNOWN }],
    [
      'the flag',
      { accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: UNKNOWN } },
    ],
  ])('is unknown, never a pass, when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
