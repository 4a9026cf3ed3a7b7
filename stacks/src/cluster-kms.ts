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

/** The account's root principal, which in a key policy lets the account's IAM policies grant use of the key. */
export function accountRootArn(account: Pick<AccountContext, 'partition' | 'accountId'>): string {
  return `arn:${account.partition}:iam::${account.accountId}:root`;
}

/**
 * The statement of the AWS default key policy: the account, and through it every IAM policy of the account,
 * may do anything with the key. Without it the key answers only to the principals named in the policy, so a
 * deleted, renamed or re-provisioned role (a CI role, an SSO permission set) locks everyone out of
 * `PutKeyPolicy` and `ScheduleKeyDeletion` for good (terraform-aws-eks made its `kms_key_enable_default_policy`
 * default to true after such lockouts).
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function accountRootStatement(
  account: Pick<AccountContext, 'partition' | 'accountId'>,
): PolicyStatement {
  return {
    Sid: 'EnableIamPoliciesOfTheAccount',
    Effect: 'Allow',
    Principal: { AWS: accountRootArn(account) },
    Action: 'kms:*',
    Resource: '*',
  };
}

/**
 * Who administers a key: with no named administrators, the account (its IAM policies decide, see
 * {@link accountRootStatement}); with named ones, only they, through the key-administrator actions, and
 * `kms:CreateGrant` limited to grants for AWS resources (EKS creates one on the caller's behalf when the
 * cluster is created). The statements never name whoever runs `pulumi up`, so a different runner changes
 * nothing.
 */
export function keyAdministrationStatements(
  account: Pick<AccountContext, 'partition' | 'accountId'>,
  administratorArns: readonly string[],
): PolicyStatement[] {
  if (administratorArns.length === 0) return [accountRootStatement(account)];
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
  account: AccountContext;
  administratorArns: readonly string[];
  clusterRoleArn: string;
}): PolicyDocument {
  return policyDocument([
    ...keyAdministrationStatements(args.account, args.administratorArns),
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
    ...keyAdministrationStatements(account, args.administratorArns),
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
 * The role is matched by `aws:PrincipalArn` rather than named as the principal: KMS rejects a policy naming a
 * principal that does not exist ("invalid principals"), and an account that never used EC2 Auto Scaling has
 * no such role until the node group's Auto Scaling group creates it. The role is account-wide and AWS-owned,
 * so the stack never creates or deletes it.
 *
 * @see https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function buildVolumesKeyPolicy(args: {
  account: AccountContext;
  administratorArns: readonly string[];
}): PolicyDocument {
  const autoScaling = {
    StringEquals: { 'kms:CallerAccount': args.account.accountId },
    ArnEquals: { 'aws:PrincipalArn': autoScalingServiceLinkedRoleArn(args.account) },
  };
  return policyDocument([
    ...keyAdministrationStatements(args.account, args.administratorArns),
    {
      Sid: 'AutoScalingUseForNodeVolumes',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: SERVICE_DATA_KEY_ACTIONS,
      Resource: '*',
      Condition: autoScaling,
    },
    {
      Sid: 'AutoScalingAttachNodeVolumes',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { ...autoScaling, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ]);
}

/**
 * The named key administrators, checked against the identity running the deployment: KMS refuses a key policy
 * that would lock out the principal putting it (the lockout safety check), so a list without the runner fails
 * half-way through `up`. Checked at preview instead.
 *
 * @throws Error naming the runner and the fix.
 */
export function checkRunnerAdministersKeys(
  component: string,
  runnerArn: string,
  administratorArns: readonly string[],
): void {
  if (administratorArns.length > 0 && !administratorArns.includes(runnerArn)) {
    throw new Error(
      `${component}: kmsKeyAdministratorArns does not list ${runnerArn}, the role running this deployment, so KMS would refuse the key policies (lockout safety check); add it to kmsKeyAdministratorArns, or leave kmsKeyAdministratorArns empty so the account's IAM policies administer the keys`,
    );
  }
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
  /** The only key administrators; empty to let the account's IAM policies decide (see {@link accountRootStatement}). */
  readonly administratorArns: readonly string[];
  /** The IAM identity running the deployment (session issuer), checked to be among named administrators. */
  readonly deployerArn: pulumi.Input<string>;
  /** Log groups the log key may encrypt. */
  readonly logGroupNames: readonly string[];
  /** Pulumi `protect` on the keys, so no `up` or `destroy` deletes or replaces them by accident. @default true */
  readonly protect?: boolean;
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
    const keyOptions = { parent: this, protect: args.protect ?? true };
    const admins = args.administratorArns;
    const context = pulumi
      .all([pulumi.output(args.account), args.deployerArn, args.clusterRoleArn])
      .apply(([account, deployer, clusterRoleArn]) => {
        checkRunnerAdministersKeys(name, deployer, admins);
        return [account, clusterRoleArn] as const;
      });

    this.secretsKey = new aws.kms.Key(
      `${name}-secrets`,
      buildKeyArgs(
        `${args.clusterName}: Kubernetes secrets envelope encryption`,
        context.apply(([account, clusterRoleArn]) =>
          JSON.stringify(buildSecretsKeyPolicy({ account, administratorArns: admins, clusterRoleArn })),
        ),
        args.tags,
      ),
      keyOptions,
    );
    this.logsKey = new aws.kms.Key(
      `${name}-logs`,
      buildKeyArgs(
        `${args.clusterName}: control-plane and VPC flow logs`,
        context.apply(([account]) =>
          JSON.stringify(
            buildLogsKeyPolicy({ account, administratorArns: admins, logGroupNames: args.logGroupNames }),
          ),
        ),
        args.tags,
      ),
      keyOptions,
    );
    this.volumesKey = new aws.kms.Key(
      `${name}-volumes`,
      buildKeyArgs(
        `${args.clusterName}: node root volumes`,
        context.apply(([account]) =>
          JSON.stringify(buildVolumesKeyPolicy({ account, administratorArns: admins })),
        ),
        args.tags,
      ),
      keyOptions,
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
