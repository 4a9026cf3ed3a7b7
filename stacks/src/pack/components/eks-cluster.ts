import { asRecord } from '@eks-hardening/rules';
import { EKS_FOLLOWS, selfManagedLaunchTemplate, selfManagedLinks } from './eks-node-groups';
import type { ComponentMapping, MappedResource } from './mapping';

const CLUSTER = 'aws:eks/cluster:Cluster';
const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';
const OIDC_PROVIDER = 'aws:iam/openIdConnectProvider:OpenIdConnectProvider';

/**
 * The `aws.eks.Cluster` inputs `eks.Cluster` passes on (`createCore` in `cluster/cluster.ts` of @pulumi/eks
 * 4.3.0): `endpointPrivateAccess`, `endpointPublicAccess` and `publicAccessCidrs` as given (unset, AWS makes the
 * endpoint public to 0.0.0.0/0 and not private); `enabledClusterLogTypes` as given (unset, no log type is
 * enabled); `encryptionConfig` only with `encryptionConfigKeyArn` (`{ provider: { keyArn }, resources:
 * ['secrets'] }`, no key is created otherwise); `accessConfig` only with `authenticationMode`, and then with
 * `bootstrapClusterCreatorAdminPermissions: true` hard-coded (without it the EKS API defaults to CONFIG_MAP and
 * the plugin writes the aws-auth ConfigMap); `version` as given; Auto Mode's `computeConfig`.
 *
 * @see https://github.com/pulumi/pulumi-eks/blob/master/nodejs/eks/cluster/cluster.ts
 * @see https://www.pulumi.com/registry/packages/eks/api-docs/cluster/
 */
function clusterInputs(args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keyArn = args.encryptionConfigKeyArn;
  const mode = args.authenticationMode;
  const autoMode = asRecord(args.autoMode)?.enabled;
  return {
    version: args.version,
    vpcConfig: {
      endpointPrivateAccess: args.endpointPrivateAccess,
      endpointPublicAccess: args.endpointPublicAccess,
      publicAccessCidrs: args.publicAccessCidrs,
    },
    enabledClusterLogTypes: args.enabledClusterLogTypes,
    encryptionConfig:
      keyArn === undefined || keyArn === '' ? undefined : { provider: { keyArn }, resources: ['secrets'] },
    accessConfig:
      mode === undefined
        ? undefined
        : { authenticationMode: mode, bootstrapClusterCreatorAdminPermissions: true },
    ...(autoMode === undefined ? {} : { computeConfig: { enabled: autoMode } }),
  };
}

/** True when the plugin creates its default self-managed node group (`skipDefaultNodeGroup || fargate || autoMode`). */
function createsDefaultNodeGroup(args: Readonly<Record<string, unknown>>): boolean {
  const autoMode = asRecord(args.autoMode)?.enabled;
  return !(
    args.skipDefaultNodeGroup === true ||
    (args.fargate !== undefined && args.fargate !== false) ||
    autoMode === true
  );
}

/**
 * `eks:index:Cluster`: the EKS cluster, the IAM OIDC provider when `createOidcProvider` (off by default), and
 * the default node group, a self-managed `NodeGroupV2`-style launch template built from `nodeGroupOptions` or the
 * cluster's own `node*` arguments (public IPs by default).
 */
export const eksClusterMapping: ComponentMapping = {
  type: 'eks:index:Cluster',
  follows: EKS_FOLLOWS,
  covers: [CLUSTER, LAUNCH_TEMPLATE, OIDC_PROVIDER],
  map: (inputs) => {
    const resources: MappedResource[] = [
      {
        role: 'eksCluster',
        type: CLUSTER,
        describes: `aws.eks.Cluster ${EKS_FOLLOWS} creates`,
        inputs: clusterInputs(inputs),
        arguments: [
          {
            field: 'vpcConfig',
            argument: 'endpointPublicAccess',
            fix: "set endpointPublicAccess: false and endpointPrivateAccess: true, or publicAccessCidrs to your networks' CIDRs (listed in the pack's allowedPublicCidrs)",
          },
          { field: 'vpcConfig.publicAccessCidrs[]', argument: 'publicAccessCidrs[]' },
          { field: 'enabledClusterLogTypes', argument: 'enabledClusterLogTypes' },
          {
            field: 'encryptionConfig',
            argument: 'encryptionConfigKeyArn',
            fix: 'set encryptionConfigKeyArn to the ARN of a customer-managed KMS key with rotation enabled',
          },
          {
            field: 'accessConfig',
            argument: 'authenticationMode',
            fix: "set authenticationMode: 'API' and grant access with accessEntries",
          },
          {
            // No eks.Cluster argument turns it off: 4.3 hard-codes true whenever authenticationMode is set.
            field: 'accessConfig.bootstrapClusterCreatorAdminPermissions',
            argument: 'authenticationMode',
            fix: "@pulumi/eks 4.3 hard-codes bootstrapClusterCreatorAdminPermissions: true whenever authenticationMode is set (and without it the EKS API defaults to true), so no eks.Cluster argument turns it off: create the cluster with aws.eks.Cluster and accessConfig.bootstrapClusterCreatorAdminPermissions: false, or delete the creator's access entry after creation (aws eks delete-access-entry) and exempt this finding with that reason",
          },
          { field: 'version', argument: 'version' },
          {
            field: 'identities',
            argument: 'createOidcProvider',
            fix: 'set createOidcProvider: true (IAM roles for service accounts), or add the eks-pod-identity-agent add-on for EKS Pod Identity',
          },
        ],
      },
    ];
    // An unknown createOidcProvider (computed from another Output, which nobody does) counts as off.
    if (inputs.createOidcProvider === true) {
      resources.push({
        role: 'oidcProvider',
        type: OIDC_PROVIDER,
        describes: `IAM OIDC provider ${EKS_FOLLOWS} creates`,
        inputs: { clientIdLists: ['sts.amazonaws.com'] },
        dependsOn: ['eksCluster'],
        arguments: [{ field: '', argument: 'createOidcProvider' }],
      });
    }
    if (createsDefaultNodeGroup(inputs)) {
      const options = asRecord(inputs.nodeGroupOptions);
      resources.push({
        role: 'defaultNodeGroup',
        type: LAUNCH_TEMPLATE,
        describes: `launch template of the default node group ${EKS_FOLLOWS} creates`,
        inputs: selfManagedLaunchTemplate(options ?? inputs),
        dependsOn: ['eksCluster'],
        arguments: selfManagedLinks(options ? 'nodeGroupOptions.' : '', 'eks.Cluster'),
      });
    }
    return resources;
  },
};
