import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AccountContext } from './cluster-kms';
import { componentType } from './component-type';
import type { StackConfig } from './config';
import { managedPolicyArn, type PolicyDocument, policyDocument } from './policy-document';
import type { AddonName, ClusterAddonName, OptionalAddonName } from './versions';

/** Add-ons nodes need before they can become ready (pod networking, service routing, credentials). */
export const ADDONS_BEFORE_NODES: readonly AddonName[] = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];
/** Add-ons that run as Deployments and so need nodes to become active. */
export const ADDONS_AFTER_NODES: readonly AddonName[] = ['coredns', 'aws-ebs-csi-driver'];

/** The CloudWatch Observability add-on runs a DaemonSet and a Deployment, so it waits for nodes too. */
export const OBSERVABILITY_ADDON: OptionalAddonName = 'amazon-cloudwatch-observability';

/** The add-ons installed once nodes are active: {@link ADDONS_AFTER_NODES}, and the opted-in ones. */
export function addonsAfterNodes(config: Pick<StackConfig, 'addons'>): ClusterAddonName[] {
  return [...ADDONS_AFTER_NODES, ...(config.addons.observability ? [OBSERVABILITY_ADDON] : [])];
}

/**
 * `vpc-cni` configuration: turn on the network policy agent so NetworkPolicies are enforced (the add-on
 * ships with it off). The add-on's configuration schema takes the value as a string.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: 'true' } as const;

/** The service account and managed policy of each add-on that calls AWS APIs. */
export const ADDON_IAM: Readonly<
  Partial<
    Record<
      ClusterAddonName,
      { readonly namespace: string; readonly serviceAccount: string; readonly policy: string }
    >
  >
> = {
  // The CNI policy lives here, not on the node role, so other pods on the node cannot use it.
  'vpc-cni': { namespace: 'kube-system', serviceAccount: 'aws-node', policy: 'AmazonEKS_CNI_Policy' },
  'aws-ebs-csi-driver': {
    namespace: 'kube-system',
    serviceAccount: 'ebs-csi-controller-sa',
    policy: 'service-role/AmazonEBSCSIDriverPolicy',
  },
  // The agent's service account; Fluent Bit and the operator take no AWS credentials of their own.
  'amazon-cloudwatch-observability': {
    namespace: 'amazon-cloudwatch',
    serviceAccount: 'cloudwatch-agent',
    policy: 'CloudWatchAgentServerPolicy',
  },
};

/**
 * Trust policy of an EKS Pod Identity role, limited through the session tags Pod Identity sets to one
 * service account of one cluster (without them, any association in the account could use the role).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
export function buildPodIdentityTrustPolicy(args: {
  clusterArn: string;
  namespace: string;
  serviceAccount: string;
}): PolicyDocument {
  return policyDocument([
    {
      Sid: 'AssumeByEksPodIdentity',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/eks-cluster-arn': args.clusterArn,
          'aws:RequestTag/kubernetes-namespace': args.namespace,
          'aws:RequestTag/kubernetes-service-account': args.serviceAccount,
        },
      },
    },
  ]);
}

/**
 * Trust policy of an IRSA role: only the given service account, only for STS.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function buildIrsaTrustPolicy(args: {
  oidcProviderArn: string;
  issuer: string;
  namespace: string;
  serviceAccount: string;
}): PolicyDocument {
  const host = args.issuer.replace(/^https:\/\//, '');
  return policyDocument([
    {
      Sid: 'AssumeByServiceAccount',
      Effect: 'Allow',
      Principal: { Federated: args.oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${host}:sub`]: `system:serviceaccount:${args.namespace}:${args.serviceAccount}`,
          [`${host}:aud`]: 'sts.amazonaws.com',
        },
      },
    },
  ]);
}

/** What {@link buildAddonArgs} needs. */
export interface AddonInput {
  readonly addon: ClusterAddonName;
  readonly version: string;
  readonly clusterName: pulumi.Input<string>;
  /** How the add-on gets its IAM role, when it needs one. */
  readonly identity?: {
    readonly mode: 'pod-identity' | 'irsa';
    readonly serviceAccount: string;
    readonly roleArn: pulumi.Input<string>;
  };
  readonly tags: Readonly<Record<string, string>>;
}

/** An EKS add-on pinned to a version, owning its configuration (conflicts resolved in favour of the stack). */
export function buildAddonArgs(input: AddonInput): aws.eks.AddonArgs {
  const { identity } = input;
  return {
    clusterName: input.clusterName,
    addonName: input.addon,
    addonVersion: input.version,
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'OVERWRITE',
    ...(input.addon === 'vpc-cni' ? { configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION) } : {}),
    ...(identity?.mode === 'pod-identity'
      ? { podIdentityAssociations: [{ serviceAccount: identity.serviceAccount, roleArn: identity.roleArn }] }
      : {}),
    ...(identity?.mode === 'irsa' ? { serviceAccountRoleArn: identity.roleArn } : {}),
    tags: input.tags,
  };
}

/** Settings of {@link ClusterAddons}. */
export interface ClusterAddonsArgs {
  readonly addons: readonly ClusterAddonName[];
  readonly config: Pick<StackConfig, 'addons'>;
  readonly account: pulumi.Input<AccountContext>;
  readonly cluster: aws.eks.Cluster;
  readonly oidcProvider: aws.iam.OpenIdConnectProvider;
  readonly oidcIssuer: pulumi.Input<string>;
  /** What each add-on waits for (a component's dependsOn does not reach its children). @default [] */
  readonly readyAfter?: pulumi.Resource[];
  readonly tags: Readonly<Record<string, string>>;
}

/** EKS add-ons at their pinned versions, each AWS-calling one with its own least-privilege role. */
export class ClusterAddons extends pulumi.ComponentResource {
  readonly addons: aws.eks.Addon[];

  constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ClusterAddons'), name, {}, opts);
    const parent = { parent: this };
    const account = pulumi.output(args.account);
    const mode = args.config.addons.identity;

    this.addons = args.addons.map((addon) => {
      const iam = ADDON_IAM[addon];
      let identity: AddonInput['identity'];
      if (iam) {
        const trust =
          mode === 'pod-identity'
            ? args.cluster.arn.apply((clusterArn) =>
                buildPodIdentityTrustPolicy({
                  clusterArn,
                  namespace: iam.namespace,
                  serviceAccount: iam.serviceAccount,
                }),
              )
            : pulumi.all([args.oidcProvider.arn, args.oidcIssuer]).apply(([oidcProviderArn, issuer]) =>
                buildIrsaTrustPolicy({
                  oidcProviderArn,
                  issuer,
                  namespace: iam.namespace,
                  serviceAccount: iam.serviceAccount,
                }),
              );
        const role = new aws.iam.Role(
          `${name}-${addon}`,
          {
            description: `${addon} add-on (${mode})`,
            assumeRolePolicy: trust.apply((document) => JSON.stringify(document)),
            tags: args.tags,
          },
          parent,
        );
        const attachment = new aws.iam.RolePolicyAttachment(
          `${name}-${addon}`,
          { role: role.name, policyArn: account.partition.apply((p) => managedPolicyArn(p, iam.policy)) },
          parent,
        );
        identity = {
          mode,
          serviceAccount: iam.serviceAccount,
          roleArn: pulumi.all([role.arn, attachment.id]).apply(([arn]) => arn),
        };
      }
      return new aws.eks.Addon(
        `${name}-${addon}`,
        buildAddonArgs({
          addon,
          version: args.config.addons.versions[addon],
          clusterName: args.cluster.name,
          tags: args.tags,
          ...(identity ? { identity } : {}),
        }),
        { parent: this, dependsOn: args.readyAfter ?? [] },
      );
    });
    this.registerOutputs({ addons: this.addons.map((addon) => addon.addonName) });
  }
}
