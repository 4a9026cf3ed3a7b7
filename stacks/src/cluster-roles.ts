import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { componentType } from './component-type';
import { managedPolicyArn, type PolicyDocument, policyDocument } from './policy-document';

/**
 * Managed policies of the EKS cluster role. `AmazonEKSVPCResourceController` is left out: it only serves
 * security groups for pods, which this stack does not use.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html
 */
export const CLUSTER_ROLE_POLICIES = ['AmazonEKSClusterPolicy'] as const;

/**
 * Managed policies of the node role. `AmazonEKS_CNI_Policy` is deliberately absent: the VPC CNI gets it
 * through its own Pod Identity or IRSA role (see cluster-addons.ts), so pods on the node cannot borrow it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
 */
export const NODE_ROLE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEC2ContainerRegistryPullOnly',
] as const;

/** A trust policy letting one AWS service principal (e.g. `eks.amazonaws.com`) assume the role. */
export function buildServiceTrustPolicy(service: string): PolicyDocument {
  return policyDocument([
    { Sid: 'AssumeByService', Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' },
  ]);
}

/**
 * An inline policy denying `logs:CreateLogGroup` to the cluster role: the log group is created (with
 * retention and KMS) by the stack, and EKS must not silently recreate an unencrypted, never-expiring one
 * while the stack is being destroyed.
 */
export function buildDenyCreateLogGroupPolicy(): PolicyDocument {
  return policyDocument([
    { Sid: 'LogGroupIsManagedByTheStack', Effect: 'Deny', Action: 'logs:CreateLogGroup', Resource: '*' },
  ]);
}

/** Settings of {@link ClusterRoles}. */
export interface ClusterRolesArgs {
  readonly tags: Readonly<Record<string, string>>;
}

/** The EKS cluster role and the node role, each with only the managed policies it needs. */
export class ClusterRoles extends pulumi.ComponentResource {
  readonly clusterRole: aws.iam.Role;
  readonly nodeRole: aws.iam.Role;
  /** What the cluster must wait for: the cluster role's policies. */
  readonly clusterRoleReady: pulumi.Resource[];
  /** What the node group must wait for: the node role's policy attachments. */
  readonly nodeRoleReady: pulumi.Resource[];

  constructor(name: string, args: ClusterRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ClusterRoles'), name, {}, opts);
    const parent = { parent: this };
    const partition = aws.getPartitionOutput({}, parent);

    this.clusterRole = new aws.iam.Role(
      `${name}-cluster`,
      {
        description: 'Amazon EKS cluster role',
        assumeRolePolicy: partition.dnsSuffix.apply((suffix) =>
          JSON.stringify(buildServiceTrustPolicy(`eks.${suffix}`)),
        ),
        tags: args.tags,
      },
      parent,
    );
    this.nodeRole = new aws.iam.Role(
      `${name}-node`,
      {
        description: 'Amazon EKS managed node group role',
        assumeRolePolicy: partition.dnsSuffix.apply((suffix) =>
          JSON.stringify(buildServiceTrustPolicy(`ec2.${suffix}`)),
        ),
        tags: args.tags,
      },
      parent,
    );
    const attach = (role: aws.iam.Role, prefix: string, policies: readonly string[]) =>
      policies.map(
        (policy) =>
          new aws.iam.RolePolicyAttachment(
            `${name}-${prefix}-${policy}`,
            { role: role.name, policyArn: partition.partition.apply((p) => managedPolicyArn(p, policy)) },
            parent,
          ),
      );
    const denyCreateLogGroup = new aws.iam.RolePolicy(
      `${name}-cluster-deny-create-log-group`,
      { role: this.clusterRole.id, policy: JSON.stringify(buildDenyCreateLogGroupPolicy()) },
      parent,
    );
    this.clusterRoleReady = [
      ...attach(this.clusterRole, 'cluster', CLUSTER_ROLE_POLICIES),
      denyCreateLogGroup,
    ];
    this.nodeRoleReady = attach(this.nodeRole, 'node', NODE_ROLE_POLICIES);
    this.registerOutputs({ clusterRoleArn: this.clusterRole.arn, nodeRoleArn: this.nodeRole.arn });
  }
}
