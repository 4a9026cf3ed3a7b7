import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/**
 * EKS add-ons from AWS whose pods call AWS APIs (`requiresIamPermissions` in `aws eks
 * describe-addon-versions`): networking, the storage drivers and the CloudWatch agent.
 */
export const AWS_CALLING_ADDONS = [
  'vpc-cni',
  'aws-ebs-csi-driver',
  'aws-efs-csi-driver',
  'aws-mountpoint-s3-csi-driver',
  'amazon-cloudwatch-observability',
] as const;

/**
 * An EKS add-on that calls AWS has its own role: `podIdentityAssociations` (EKS Pod Identity) or
 * `serviceAccountRoleArn` (IRSA). Without either, its pods fall back to the node role, so the permissions it
 * needs (the VPC CNI's ENI management, the EBS driver's volume attachment, the CloudWatch agent's PutLogEvents)
 * have to be granted to the node role, where every pod on every node can use them. Add-ons that call no AWS
 * API (kube-proxy, coredns, eks-pod-identity-agent) are not applicable.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
 */
export const eksAddonIdentity: ResourceRule = {
  id: 'eks-addon-identity',
  target: 'aws',
  title: 'EKS add-ons that call AWS have their own IAM role',
  description:
    'An EKS add-on whose pods call AWS APIs (vpc-cni, the EBS, EFS and S3 CSI drivers, the CloudWatch agent) sets podIdentityAssociations or serviceAccountRoleArn, so its permissions are not granted to the node role and every pod on the node.',
  severity: 'medium',
  resourceTypes: ['aws:eks/addon:Addon'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Addon/${name}`;
    const { addonName, podIdentityAssociations, serviceAccountRoleArn } = inputs;
    if (isUnknown(addonName)) return unknownAt('addonName', `${subject}: addonName is not known yet`);
    if (!(AWS_CALLING_ADDONS as readonly unknown[]).includes(addonName)) return NOT_APPLICABLE;
    if (Array.isArray(podIdentityAssociations) && podIdentityAssociations.length > 0) return PASS;
    if (typeof serviceAccountRoleArn === 'string' && serviceAccountRoleArn !== '') return PASS;
    if (isUnknown(podIdentityAssociations)) {
      return unknownAt('podIdentityAssociations', `${subject}: podIdentityAssociations is not known yet`);
    }
    if (isUnknown(serviceAccountRoleArn)) {
      return unknownAt('serviceAccountRoleArn', `${subject}: serviceAccountRoleArn is not known yet`);
    }
    return failIfAny([
      {
        path: 'podIdentityAssociations',
        message: `${subject}: the ${String(addonName)} add-on calls AWS APIs but has neither podIdentityAssociations nor serviceAccountRoleArn, so its pods use the node role and its permissions must be granted to every pod on the node; give it a role of its own with podIdentityAssociations: [{ serviceAccount, roleArn }] (EKS Pod Identity) or serviceAccountRoleArn (IRSA)`,
      },
    ]);
  },
};
