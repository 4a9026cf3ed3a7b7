import { ruleOptions } from '../../policies/src/engine/options';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { AWS_CALLING_ADDONS, eksAddonIdentity as rule } from '../../policies/src/rules/eks-addon-identity';

const roleArn = 'arn:aws:iam::111122223333:role/addon';
const validate = (inputs: Record<string, unknown>) => rule.validate(inputs, ruleOptions(), 'addon');

describe('eks-addon-identity', () => {
  it('applies to EKS add-ons only', () => {
    expect(rule.resourceTypes).toEqual(['aws:eks/addon:Addon']);
  });

  test.each(AWS_CALLING_ADDONS.map((addon) => [addon]))(
    'passes %s with a Pod Identity association',
    (addon) => {
      expect(
        validate({ addonName: addon, podIdentityAssociations: [{ serviceAccount: 'sa', roleArn }] }),
      ).toEqual({ status: 'pass', findings: [] });
    },
  );

  it('passes an add-on with an IRSA role', () => {
    expect(
      validate({ addonName: 'amazon-cloudwatch-observability', serviceAccountRoleArn: roleArn }).status,
    ).toBe('pass');
  });

  it.each([['kube-proxy'], ['coredns'], ['eks-pod-identity-agent'], ['aws-guardduty-agent']])(
    'does not apply to %s, which calls no AWS API with a role of its own',
    (addon) => {
      expect(validate({ addonName: addon }).status).toBe('not-applicable');
    },
  );

  test.each([
    ['has no role at all', { addonName: 'vpc-cni' }],
    ['has an empty association list', { addonName: 'aws-ebs-csi-driver', podIdentityAssociations: [] }],
    ['has an empty IRSA role', { addonName: 'amazon-cloudwatch-observability', serviceAccountRoleArn: '' }],
  ])('fails an add-on that %s', (_case, inputs) => {
    expect(validate(inputs)).toEqual({
      status: 'fail',
      findings: [
        {
          path: 'podIdentityAssociations',
          message: expect.stringContaining(
            `Addon/addon: the ${inputs.addonName} add-on calls AWS APIs but has neither podIdentityAssociations nor serviceAccountRoleArn, so its pods use the node role`,
          ),
        },
      ],
    });
  });

  test.each([
    ['the add-on name', { addonName: UNKNOWN }],
    ['the association list', { addonName: 'vpc-cni', podIdentityAssociations: UNKNOWN }],
    ['the IRSA role', { addonName: 'vpc-cni', serviceAccountRoleArn: UNKNOWN }],
  ])('reports unknown when %s is not known yet', (_case, inputs) => {
    expect(validate(inputs).status).toBe('unknown');
  });
});
