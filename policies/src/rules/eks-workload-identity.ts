import { unknownSetFinding } from '../engine/result';
import type { LocatedResource, ResourceSetRule, SetFinding } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

const CLUSTER = 'aws:eks/cluster:Cluster';
const OIDC_PROVIDER = 'aws:iam/openIdConnectProvider:OpenIdConnectProvider';
const ADDON = 'aws:eks/addon:Addon';
const POD_IDENTITY_AGENT = 'eks-pod-identity-agent';

/**
 * Every EKS cluster gives pods a way to their own AWS identity: an IAM OIDC provider for its issuer (IAM
 * roles for service accounts) or the `eks-pod-identity-agent` add-on (EKS Pod Identity), each taking its
 * input from the cluster (so depending on it). EKS Auto Mode (`computeConfig.enabled`) runs the Pod Identity
 * agent itself. Without either, a pod that calls AWS can only use the node role's credentials, shared by every
 * pod on the node.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html
 */
export const eksWorkloadIdentity: ResourceSetRule = {
  id: 'eks-workload-identity',
  target: 'aws-set',
  title: 'EKS clusters offer pods their own AWS identity',
  description:
    'An EKS cluster has an IAM OIDC provider for its issuer or the eks-pod-identity-agent add-on, so pods can get AWS permissions through their own role instead of the node role.',
  severity: 'medium',
  resourceTypes: [CLUSTER],
  contextTypes: [OIDC_PROVIDER, ADDON],
  validate(resources): readonly SetFinding[] {
    const findings: SetFinding[] = [];
    for (const cluster of resources.filter((resource) => resource.type === CLUSTER)) {
      if (asRecord(cluster.inputs.computeConfig)?.enabled === true) continue;
      const dependents = resources.filter((resource) => resource.dependencies.includes(cluster.key));
      if (dependents.some((resource) => resource.type === OIDC_PROVIDER)) continue;
      const addons = dependents.filter((resource) => resource.type === ADDON);
      if (addons.some((addon) => addon.inputs.addonName === POD_IDENTITY_AGENT)) continue;
      const unknown = addons.find((addon) => isUnknown(addon.inputs.addonName));
      findings.push(unknown ? unknownFinding(cluster, unknown) : missingFinding(cluster));
    }
    return findings;
  },
};

function missingFinding(cluster: LocatedResource): SetFinding {
  return {
    key: cluster.key,
    path: 'identities',
    message: `Cluster/${cluster.name}: no IAM OIDC provider for its issuer and no ${POD_IDENTITY_AGENT} add-on, so pods that call AWS can only use the node role; add the ${POD_IDENTITY_AGENT} add-on (EKS Pod Identity) or an aws.iam.OpenIdConnectProvider for the cluster's identities[0].oidcs[0].issuer (IRSA)`,
  };
}

function unknownFinding(cluster: LocatedResource, addon: LocatedResource): SetFinding {
  return unknownSetFinding(
    cluster.key,
    'identities',
    `Cluster/${cluster.name}: the addonName of Addon/${addon.name} is not known yet`,
  );
}
