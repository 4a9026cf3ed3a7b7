import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { componentType } from './component-type';
import { type PolicyDocument, type PolicyStatement, policyDocument } from './policy-document';

/** Where the stack runs, as the key policies need it. */
export interface AccountContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly dnsSuffix: string;
}

/**
 * What key administrators may do: manage, rotate, tag and schedule deletion, but not use the key to
 * encrypt or decrypt data (no `kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`).
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/**
 * What the EKS cluster role needs for secrets envelope encryption (the actions terraform-aws-eks grants).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
 */
export const CLUSTER_ROLE_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:ListGrants',
] as const;

/** What CloudWatch Logs and the Auto Scaling service-linked role need to use a key for data. */
export const SERVICE_DATA_KEY_ACTIONS = [
  'kms:Encrypt*',
  'kms:Decrypt*',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:Describe*',
] as const;

/**
 * The administrator statements every key starts with. The deployer is always among the administrators,
 * because KMS refuses a policy that would lock out the principal putting it (and the next `pulumi up`).
 * `kms:CreateGrant` is limited to grants for AWS resources: EKS creates one on the caller's behalf when the
 * cluster is created.
 */
export function keyAdministrationStatements(administratorArns: readonly string[]): PolicyStatement[] {
  const principals = [...new Set(administratorArns)];
  return [
    {
      Sid: 'KeyAdministration',
      Effect: 'Allow',
      Principal: { AWS: principals },
      Action: KEY_ADMIN_ACTIONS,
      Resource: '*',
    },
    {
      Sid: 'GrantsForAwsResourcesOnly',
      Effect: 'Allow',
      Principal: { AWS: principals },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ];
}

/** Key policy of the Kubernetes secrets key: administrators, and the cluster role for envelope encryption. */
export function buildSecretsKeyPolicy(args: {
  administratorArns: readonly string[];
  clusterRoleArn: string;
}): PolicyDocument {
  return policyDocument([
    ...keyAdministrationStatements(args.administratorArns),
    {
      Sid: 'ClusterRoleEnvelopeEncryption',
      Effect: 'Allow',
      Principal: { AWS: args.clusterRoleArn },
      Action: CLUSTER_ROLE_KEY_ACTIONS,
      Resource: '*',
    },
  ]);
}

/** ARN of a CloudWatch Logs log group, as CloudWatch puts it in the encryption context. */
export function logGroupArn(account: AccountContext, name: string): string {
  return `arn:${account.partition}:logs:${account.region}:${account.accountId}:log-group:${name}`;
}

/**
 * Key policy of the log key: administrators, and CloudWatch Logs in this region, only for the named log
 * groups (encryption context condition).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function buildLogsKeyPolicy(args: {
  account: AccountContext;
  administratorArns: readonly string[];
  logGroupNames: readonly string[];
}): PolicyDocument {
  const { account } = args;
  return policyDocument([
    ...keyAdministrationStatements(args.administratorArns),
    {
      Sid: 'CloudWatchLogsForTheseLogGroups',
      Effect: 'Allow',
      Principal: { Service: `logs.${account.region}.${account.dnsSuffix}` },
      Action: SERVICE_DATA_KEY_ACTIONS,
      Resource: '*',
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': args.logGroupNames.map((name) => logGroupArn(account, name)),
        },
      },
    },
  ]);
}

/** ARN of the EC2 Auto Scaling service-linked role, which launches managed nodes. */
export function autoScalingServiceLinkedRoleArn(account: AccountContext): string {
  return `arn:${account.partition}:iam::${account.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/**
 * Key policy of the node-volume key: administrators, and the Auto Scaling service-linked role, which must
 * use the key to launch nodes with encrypted root volumes.
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
 */
export function buildVolumesKeyPolicy(args: {
  account: AccountContext;
  administratorArns: readonly string[];
}): PolicyDocument {
  const autoScaling = autoScalingServiceLinkedRoleArn(args.account);
  return policyDocument([
    ...keyAdministrationStatements(args.administratorArns),
    {
      Sid: 'AutoScalingUseForNodeVolumes',
      Effect: 'Allow',
      Principal: { AWS: autoScaling },
      Action: SERVICE_DATA_KEY_ACTIONS,
      Resource: '*',
    },
    {
      Sid: 'AutoScalingAttachNodeVolumes',
      Effect: 'Allow',
      Principal: { AWS: autoScaling },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ]);
}

/** The arguments every key shares: symmetric, rotated yearly, 30-day deletion window, lockout check on. */
export function buildKeyArgs(
  description: string,
  policy: pulumi.Input<string>,
  tags: Readonly<Record<string, string>>,
): aws.kms.KeyArgs {
  return {
    description,
    keyUsage: 'ENCRYPT_DECRYPT',
    customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    enableKeyRotation: true,
    rotationPeriodInDays: 365,
    deletionWindowInDays: 30,
    bypassPolicyLockoutSafetyCheck: false,
    multiRegion: false,
    policy,
    tags,
  };
}

/** Settings of {@link ClusterKms}. */
export interface ClusterKmsArgs {
  readonly clusterName: string;
  readonly account: pulumi.Input<AccountContext>;
  readonly clusterRoleArn: pulumi.Input<string>;
  /** Key administrators besides the deployer (the configured cluster admin roles). */
  readonly administratorArns: readonly string[];
  /** The IAM identity running the deployment (session issuer), always a key administrator. */
  readonly deployerArn: pulumi.Input<string>;
  /** Log groups the log key may encrypt. */
  readonly logGroupNames: readonly string[];
  /** Create the Auto Scaling service-linked role first (accounts that never used Auto Scaling). @default false */
  readonly createAutoScalingServiceLinkedRole?: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** Customer-managed keys for Kubernetes secrets, control-plane and flow logs, and node volumes. */
export class ClusterKms extends pulumi.ComponentResource {
  readonly secretsKey: aws.kms.Key;
  readonly logsKey: aws.kms.Key;
  readonly volumesKey: aws.kms.Key;

  constructor(name: string, args: ClusterKmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ClusterKms'), name, {}, opts);
    const parent = { parent: this };
    const context = pulumi.all([pulumi.output(args.account), args.deployerArn, args.clusterRoleArn]);
    const admins = (deployer: string) => [...args.administratorArns, deployer];

    this.secretsKey = new aws.kms.Key(
      `${name}-secrets`,
      buildKeyArgs(
        `${args.clusterName}: Kubernetes secrets envelope encryption`,
        context.apply(([, deployer, clusterRoleArn]) =>
          JSON.stringify(buildSecretsKeyPolicy({ administratorArns: admins(deployer), clusterRoleArn })),
        ),
        args.tags,
      ),
      parent,
    );
    this.logsKey = new aws.kms.Key(
      `${name}-logs`,
      buildKeyArgs(
        `${args.clusterName}: control-plane and VPC flow logs`,
        context.apply(([account, deployer]) =>
          JSON.stringify(
            buildLogsKeyPolicy({
              account,
              administratorArns: admins(deployer),
              logGroupNames: args.logGroupNames,
            }),
          ),
        ),
        args.tags,
      ),
      parent,
    );
    const serviceLinkedRole = args.createAutoScalingServiceLinkedRole
      ? [
          new aws.iam.ServiceLinkedRole(
            `${name}-autoscaling-service-role`,
            { awsServiceName: 'autoscaling.amazonaws.com' },
            parent,
          ),
        ]
      : [];
    this.volumesKey = new aws.kms.Key(
      `${name}-volumes`,
      buildKeyArgs(
        `${args.clusterName}: node root volumes`,
        context.apply(([account, deployer]) =>
          JSON.stringify(buildVolumesKeyPolicy({ account, administratorArns: admins(deployer) })),
        ),
        args.tags,
      ),
      { parent: this, dependsOn: serviceLinkedRole },
    );
    for (const [purpose, key] of [
      ['secrets', this.secretsKey],
      ['logs', this.logsKey],
      ['volumes', this.volumesKey],
    ] as const) {
      new aws.kms.Alias(
        `${name}-${purpose}`,
        { name: `alias/eks/${args.clusterName}/${purpose}`, targetKeyId: key.keyId },
        parent,
      );
    }
    this.registerOutputs({
      secretsKeyArn: this.secretsKey.arn,
      logsKeyArn: this.logsKey.arn,
      volumesKeyArn: this.volumesKey.arn,
    });
  }
}
