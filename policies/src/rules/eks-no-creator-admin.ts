import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

const FIELD = 'accessConfig.bootstrapClusterCreatorAdminPermissions';

/**
 * EKS clusters do not make their creator a cluster administrator (`accessConfig.
 * bootstrapClusterCreatorAdminPermissions: false`). Omitted, the EKS API defaults it to true: whichever IAM
 * identity ran the deployment gets an access entry with `AmazonEKSClusterAdminPolicy` that no program declares,
 * for the life of the cluster.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html
 */
export const eksNoCreatorAdmin: ResourceRule = {
  id: 'eks-no-creator-admin',
  target: 'aws',
  title: 'EKS does not make the cluster creator a hidden administrator',
  description:
    'An EKS cluster sets accessConfig.bootstrapClusterCreatorAdminPermissions to false, so no identity keeps cluster-admin merely for having run the deployment.',
  severity: 'medium',
  resourceTypes: ['aws:eks/cluster:Cluster'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Cluster/${name}`;
    const accessConfig = inputs.accessConfig;
    if (isUnknown(accessConfig))
      return unknownAt('accessConfig', `${subject}: accessConfig is not known yet`);
    const bootstrap = asRecord(accessConfig)?.bootstrapClusterCreatorAdminPermissions;
    if (isUnknown(bootstrap)) return unknownAt(FIELD, `${subject}: ${FIELD} is not known yet`);
    if (bootstrap === false) return PASS;
    const why =
      bootstrap === undefined
        ? `${FIELD} is not set and the EKS API defaults it to true`
        : `${FIELD} is ${JSON.stringify(bootstrap)}`;
    return failIfAny([
      {
        path: FIELD,
        message: `${subject}: ${why}, so the identity that creates the cluster keeps cluster-admin for its life through an access entry no program declares; set ${FIELD}: false and grant administrators explicit access entries (on an existing cluster the flag forces replacement: delete the creator's access entry with aws eks delete-access-entry instead)`,
      },
    ]);
  },
};
