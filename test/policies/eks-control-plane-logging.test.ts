import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { eksControlPlaneLogging as rule } from '../../policies/src/rules/eks-control-plane-logging';

const allTypes = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'prod');

describe('eks-control-plane-logging', () => {
  it('applies to EKS clusters only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/cluster:Cluster']);
  });

  it('passes a cluster with all five log types', () => {
    expect(validate({ enabledClusterLogTypes: allTypes })).toEqual({ status: 'pass', findings: [] });
  });

  test.each(allTypes)("fails with one finding when '%s' is missing", (missing) => {
    const result = validate({ enabledClusterLogTypes: allTypes.filter((type) => type !== missing) });
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      {
        path: 'enabledClusterLogTypes',
        message: `Cluster/prod: control-plane log type '${missing}' is not enabled (enabledClusterLogTypes does not include it); add '${missing}' to enabledClusterLogTypes`,
      },
    ]);
  });

  it('reports one finding per type when logging is not set at all', () => {
    const result = validate({});
    expect(result.findings.map((finding) => finding.message)).toEqual(
      allTypes.map((type) =>
        expect.stringContaining(`'${type}' is not enabled (enabledClusterLogTypes is not set)`),
      ),
    );
  });

  it('is unknown when the list is not known yet', () => {
    expect(validate({ enabledClusterLogTypes: UNKNOWN }).status).toBe('unknown');
  });

  it('is unknown when an unknown entry may be the one missing type', () => {
    expect(validate({ enabledClusterLogTypes: [...allTypes.slice(0, 4), UNKNOWN] }).status).toBe('unknown');
  });

  it('fails when more types are missing than entries are unknown', () => {
    expect(validate({ enabledClusterLogTypes: ['api', 'audit', UNKNOWN] }).status).toBe('fail');
  });
});
