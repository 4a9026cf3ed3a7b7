import { EKS_CONTROL_PLANE_LOG_TYPES } from '@eks-hardening/rules';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AwsCredentials } from './aws-credentials';
import { type AccountContext, accountRootArn } from './cluster-kms';
import { componentType } from './component-type';
import type { StackConfig } from './config';
import { type PolicyDocument, policyDocument } from './policy-document';

/**
 * The five control-plane log types; EKS enables none by default. One list for the stack and the rule that
 * checks any cluster's log types.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export const CONTROL_PLANE_LOG_TYPES = EKS_CONTROL_PLANE_LOG_TYPES;

/** The log group EKS writes control-plane logs to (it must exist first to get retention and KMS). */
export function clusterLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/** The EKS access policy that makes a principal cluster admin. */
export function clusterAdminPolicyArn(partition: string): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`;
}

/**
 * Endpoint access: the private endpoint always; the public one only when configured, and then only from
 * the listed CIDRs (left unset, EKS would allow 0.0.0.0/0).
 */
export function buildEndpointAccess(
  config: Pick<StackConfig, 'endpointPublicAccess' | 'publicAccessCidrs'>,
): Pick<
  aws.types.input.eks.ClusterVpcConfig,
  'endpointPrivateAccess' | 'endpointPublicAccess' | 'publicAccessCidrs'
> {
  return config.endpointPublicAccess
    ? {
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: [...config.publicAccessCidrs],
      }
    : { endpointPrivateAccess: true, endpointPublicAccess: false };
}

/** One HTTPS ingress rule admitting a runner's network or security group to the private API endpoint. */
export interface PrivateAccessRule {
  /** Suffix of the rule's resource name, derived from the source so reordering the lists replaces nothing. */
  readonly key: string;
  readonly description: string;
  readonly cidrIpv4?: string;
  readonly referencedSecurityGroupId?: string;
}

/**
 * The ingress rules of `privateAccessCidrs` and `privateAccessSecurityGroupIds`: TCP 443 to the cluster
 * security group, one per source. Without them only the nodes reach the API (through the control-plane
 * security group); EKS's own rule on the cluster security group admits only members of that group.
 */
export function buildPrivateAccessRules(
  config: Pick<StackConfig, 'clusterName' | 'privateAccessCidrs' | 'privateAccessSecurityGroupIds'>,
): PrivateAccessRule[] {
  return [
    ...config.privateAccessCidrs.map((cidr) => ({
      key: `private-access-${cidr.replace(/[./]/g, '-')}`,
      description: `${config.clusterName}: Kubernetes API (private endpoint) from ${cidr}`,
      cidrIpv4: cidr,
    })),
    ...config.privateAccessSecurityGroupIds.map((group) => ({
      key: `private-access-${group}`,
      description: `${config.clusterName}: Kubernetes API (private endpoint) from ${group}`,
      referencedSecurityGroupId: group,
    })),
  ];
}

/** What {@link buildClusterArgs} needs. */
export interface ClusterArgsInput {
  readonly config: Pick<
    StackConfig,
    | 'clusterName'
    | 'kubernetesVersion'
    | 'supportType'
    | 'endpointPublicAccess'
    | 'publicAccessCidrs'
    | 'deletionProtection'
  >;
  readonly roleArn: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupIds: pulumi.Input<string>[];
  readonly secretsKeyArn: pulumi.Input<string>;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The cluster's arguments: secrets envelope-encrypted with the customer key, all control-plane logs,
 * access entries only (`API`) with no implicit admin for the creator, no self-managed add-ons (the stack
 * installs pinned EKS add-ons instead), the pinned Kubernetes version, and EKS deletion protection (the
 * `DeleteCluster` API refuses until it is turned off).
 */
export function buildClusterArgs(input: ClusterArgsInput): aws.eks.ClusterArgs {
  return {
    name: input.config.clusterName,
    version: input.config.kubernetesVersion,
    roleArn: input.roleArn,
    vpcConfig: {
      subnetIds: input.subnetIds,
      securityGroupIds: input.securityGroupIds,
      ...buildEndpointAccess(input.config),
    },
    encryptionConfig: { provider: { keyArn: input.secretsKeyArn }, resources: ['secrets'] },
    enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
    accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
    bootstrapSelfManagedAddons: false,
    kubernetesNetworkConfig: { ipFamily: 'ipv4' },
    upgradePolicy: { supportType: input.config.supportType },
    deletionProtection: input.config.deletionProtection,
    tags: input.tags,
  };
}

/**
 * Trust policy of the admin role the stack creates when no `clusterAdminRoleArns` are configured: principals
 * of this account whose IAM policies allow `sts:AssumeRole` on it. Whoever runs `pulumi up` is not written
 * into the cluster: a CI role, a re-provisioned SSO role or a colleague running the next `up` changes nothing.
 */
export function buildAdminRoleTrustPolicy(
  account: Pick<AccountContext, 'partition' | 'accountId'>,
): PolicyDocument {
  return policyDocument([
    {
      Sid: 'AssumeByPrincipalsOfThisAccountAllowedByIam',
      Effect: 'Allow',
      Principal: { AWS: accountRootArn(account) },
      Action: 'sts:AssumeRole',
    },
  ]);
}

/** What a kubeconfig for the cluster needs. */
export interface KubeconfigInput {
  readonly clusterName: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  readonly region: string;
  /** Role `aws eks get-token` assumes; absent to use the caller's own identity. */
  readonly roleArn?: string;
  /** AWS CLI profile `aws eks get-token` runs with; absent for the ambient credential chain. */
  readonly profile?: string;
}

/**
 * A kubeconfig that authenticates with `aws eks get-token` (no static credentials), as
 * `aws eks update-kubeconfig` writes it.
 */
export function buildKubeconfig(input: KubeconfigInput): Record<string, unknown> {
  const args = [
    'eks',
    'get-token',
    '--cluster-name',
    input.clusterName,
    '--region',
    input.region,
    '--output',
    'json',
  ];
  if (input.roleArn) args.push('--role-arn', input.roleArn);
  if (input.profile) args.push('--profile', input.profile);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: input.clusterName,
        cluster: { server: input.endpoint, 'certificate-authority-data': input.certificateAuthorityData },
      },
    ],
    contexts: [{ name: input.clusterName, context: { cluster: input.clusterName, user: input.clusterName } }],
    'current-context': input.clusterName,
    users: [
      {
        name: input.clusterName,
        user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args } },
      },
    ],
  };
}

/** Settings of {@link HardenedCluster}. */
export interface HardenedClusterArgs {
  readonly config: StackConfig;
  readonly account: pulumi.Input<AccountContext>;
  readonly roleArn: pulumi.Input<string>;
  /** What the cluster must wait for (the role's policy attachments). */
  readonly roleReady: pulumi.Resource[];
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly secretsKeyArn: pulumi.Input<string>;
  readonly logsKeyArn: pulumi.Input<string>;
  /**
   * The profile the AWS provider deploys with; the kubeconfig's `aws eks get-token` uses it to assume the
   * cluster admin role. @default the ambient credential chain
   */
  readonly credentials?: AwsCredentials;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The EKS control plane: encrypted secrets, private endpoint, all five log types into a pre-created,
 * KMS-encrypted log group with retention, access entries for the configured admins, and the OIDC provider
 * for IRSA.
 */
export class HardenedCluster extends pulumi.ComponentResource {
  readonly cluster: aws.eks.Cluster;
  /** Our security group on the control-plane ENIs; node rules refer to it. */
  readonly controlPlaneSecurityGroup: aws.ec2.SecurityGroup;
  /** The security group EKS creates for the cluster. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  readonly oidcProvider: aws.iam.OpenIdConnectProvider;
  readonly oidcIssuer: pulumi.Output<string>;
  /** The kubeconfig, as a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** The admin access policy associations: in-cluster deployments must wait for them. */
  readonly adminAccess: aws.eks.AccessPolicyAssociation[];
  /** The 443 ingress rules of `privateAccessCidrs` and `privateAccessSecurityGroupIds`. */
  readonly privateAccess: aws.vpc.SecurityGroupIngressRule[];
  /** The admin role the stack created (no `clusterAdminRoleArns` configured), or undefined. */
  readonly adminRole: aws.iam.Role | undefined;

  constructor(name: string, args: HardenedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('HardenedCluster'), name, {}, opts);
    const parent = { parent: this };
    const { config } = args;
    const account = pulumi.output(args.account);

    this.controlPlaneSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-control-plane`,
      {
        vpcId: args.vpcId,
        description: `${config.clusterName}: EKS control-plane ENIs (ingress from nodes only)`,
        tags: args.tags,
      },
      parent,
    );
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-control-plane-logs`,
      {
        name: clusterLogGroupName(config.clusterName),
        retentionInDays: config.logRetentionDays,
        kmsKeyId: args.logsKeyArn,
        // The audit trail outlives the cluster: `pulumi destroy` leaves the group (and its retention) in place.
        skipDestroy: true,
        tags: args.tags,
      },
      parent,
    );
    this.cluster = new aws.eks.Cluster(
      `${name}-eks`,
      buildClusterArgs({
        config,
        roleArn: args.roleArn,
        subnetIds: args.subnetIds,
        securityGroupIds: [this.controlPlaneSecurityGroup.id],
        secretsKeyArn: args.secretsKeyArn,
        tags: args.tags,
      }),
      {
        parent: this,
        dependsOn: [logGroup, ...args.roleReady],
        // A replacing change fails at preview instead of half-way (the name is fixed, so create-before-delete
        // would hit ResourceInUseException); once protection is lifted on purpose, delete then create.
        protect: config.deletionProtection,
        deleteBeforeReplace: true,
      },
    );
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;
    // On the security group EKS attaches to the control-plane ENIs. Ours (controlPlaneSecurityGroup) keeps
    // admitting the nodes only, as its description says: changing that description would replace the cluster.
    this.privateAccess = buildPrivateAccessRules(config).map(
      (rule) =>
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-${rule.key}`,
          {
            securityGroupId: this.clusterSecurityGroupId,
            description: rule.description,
            ipProtocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            ...(rule.cidrIpv4 ? { cidrIpv4: rule.cidrIpv4 } : {}),
            ...(rule.referencedSecurityGroupId
              ? { referencedSecurityGroupId: rule.referencedSecurityGroupId }
              : {}),
            tags: args.tags,
          },
          parent,
        ),
    );
    this.oidcIssuer = this.cluster.identities.apply((identities) => identities[0]?.oidcs?.[0]?.issuer ?? '');
    this.oidcProvider = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      {
        url: this.oidcIssuer,
        clientIdLists: [account.dnsSuffix.apply((suffix) => `sts.${suffix}`)],
        tags: args.tags,
      },
      parent,
    );

    this.adminRole =
      config.clusterAdminRoleArns.length === 0
        ? new aws.iam.Role(
            `${name}-admin`,
            {
              description: `${config.clusterName}: cluster administrators (assume it; kubeconfig does)`,
              assumeRolePolicy: account.apply((a) => JSON.stringify(buildAdminRoleTrustPolicy(a))),
              tags: args.tags,
            },
            parent,
          )
        : undefined;
    const admins: { key: string; arn: pulumi.Input<string> }[] = this.adminRole
      ? [{ key: 'admin', arn: this.adminRole.arn }]
      : config.clusterAdminRoleArns.map((arn, index) => ({ key: `admin-${index + 1}`, arn }));
    this.adminAccess = admins.map(({ key, arn }) => {
      const entry = new aws.eks.AccessEntry(
        `${name}-${key}`,
        { clusterName: this.cluster.name, principalArn: arn, type: 'STANDARD', tags: args.tags },
        parent,
      );
      return new aws.eks.AccessPolicyAssociation(
        `${name}-${key}`,
        {
          clusterName: this.cluster.name,
          principalArn: entry.principalArn,
          policyArn: account.partition.apply(clusterAdminPolicyArn),
          accessScope: { type: 'cluster' },
        },
        parent,
      );
    });

    // The kubeconfig signs with the provider's profile and assumes the first admin role: the created one, or
    // the first of clusterAdminRoleArns. The deployer itself has no access entry.
    const kubeconfigRole = pulumi.output(admins[0]!.arn);
    const profile = args.credentials?.profile;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.endpoint, this.cluster.certificateAuthority.data, account.region, kubeconfigRole])
        .apply(([endpoint, data, region, roleArn]) =>
          JSON.stringify(
            buildKubeconfig({
              clusterName: config.clusterName,
              endpoint,
              certificateAuthorityData: data ?? '',
              region,
              roleArn,
              ...(profile ? { profile } : {}),
            }),
          ),
        ),
    );
    this.registerOutputs({
      clusterName: this.cluster.name,
      endpoint: this.cluster.endpoint,
      oidcIssuer: this.oidcIssuer,
      kubeconfig: this.kubeconfig,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      controlPlaneSecurityGroupId: this.controlPlaneSecurityGroup.id,
    });
  }
}
