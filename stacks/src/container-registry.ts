import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { type AccountContext, buildKeyArgs, keyAdministrationStatements } from './cluster-kms';
import { componentType } from './component-type';
import type { ContainerRegistrySettings } from './config';
import { type PolicyDocument, policyDocument } from './policy-document';

/**
 * The host of the account's private ECR registry in the region, `<account>.dkr.ecr.<region>.<dnsSuffix>`:
 * what image references of its repositories start with, and the registry-allowlist entry for them.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
 */
export function ecrRegistryHost(account: Pick<AccountContext, 'accountId' | 'region' | 'dnsSuffix'>): string {
  return `${account.accountId}.dkr.ecr.${account.region}.${account.dnsSuffix}`;
}

/**
 * What the repository key grants for data: every principal of this account, but only through ECR in this
 * region (`kms:ViaService`), as the AWS managed `aws/ecr` key does. ECR encrypts and decrypts layers through a
 * grant it creates when the repository is created, so pushers and pullers need no KMS permission of their own.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
 */
export const ECR_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:CreateGrant',
  'kms:DescribeKey',
] as const;

/** Key policy of the repository key: administrators, and the account's principals through ECR only. */
export function buildRegistryKeyPolicy(args: {
  account: AccountContext;
  administratorArns: readonly string[];
}): PolicyDocument {
  const { account } = args;
  return policyDocument([
    ...keyAdministrationStatements(account, args.administratorArns),
    {
      Sid: 'EcrRepositoriesOfThisAccount',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ECR_KEY_ACTIONS,
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:CallerAccount': account.accountId,
          'kms:ViaService': `ecr.${account.region}.${account.dnsSuffix}`,
        },
      },
    },
  ]);
}

/**
 * The repository's arguments: immutable tags, scan on push (basic scanning, free; enhanced scanning at the
 * registry supersedes it), images encrypted with the customer key, and no `forceDelete`, so a destroy never
 * deletes images.
 */
export function buildRepositoryArgs(
  name: string,
  kmsKeyArn: pulumi.Input<string>,
  tags: Readonly<Record<string, string>>,
): aws.ecr.RepositoryArgs {
  return {
    name,
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: kmsKeyArn }],
    forceDelete: false,
    tags,
  };
}

/** One rule of an ECR lifecycle policy. */
export interface LifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: Readonly<Record<string, string | number>>;
  readonly action: { readonly type: 'expire' };
}

/**
 * The lifecycle policy of every repository: untagged images expire `untaggedExpiryDays` after their push, and
 * beyond the newest `keepImages` images the older ones expire. ECR requires the `tagStatus: any` rule to have
 * the highest priority number (it is evaluated last).
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export function buildLifecyclePolicy(
  settings: Pick<ContainerRegistrySettings, 'untaggedExpiryDays' | 'keepImages'>,
): { readonly rules: readonly LifecycleRule[] } {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images ${settings.untaggedExpiryDays} days after their push`,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: settings.untaggedExpiryDays,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Keep the newest ${settings.keepImages} images`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: settings.keepImages },
        action: { type: 'expire' },
      },
    ],
  };
}

/**
 * The registry's scanning configuration with Amazon Inspector: continuous scanning for the stack's
 * repositories, and scan on push for every other repository of the registry. Under enhanced scanning a
 * repository no filter matches is not scanned at all, so the catch-all rule keeps the account's other
 * repositories scanned (they stop being scanned by basic scan-on-push); where both match, ECR applies the
 * continuous rule.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html#image-scanning-filters
 */
export function buildRegistryScanningArgs(
  repositories: readonly string[],
): aws.ecr.RegistryScanningConfigurationArgs {
  const onPush = {
    scanFrequency: 'SCAN_ON_PUSH',
    repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }],
  };
  return {
    scanType: 'ENHANCED',
    rules:
      repositories.length === 0
        ? [onPush]
        : [
            {
              scanFrequency: 'CONTINUOUS_SCAN',
              repositoryFilters: repositories.map((filter) => ({ filter, filterType: 'WILDCARD' })),
            },
            onPush,
          ],
  };
}

/** Settings of {@link ContainerRegistry}. */
export interface ContainerRegistryArgs {
  readonly clusterName: string;
  readonly account: pulumi.Input<AccountContext>;
  readonly settings: ContainerRegistrySettings;
  /** The only key administrators; empty to let the account's IAM policies decide. @default [] */
  readonly administratorArns?: readonly string[];
  /** Pulumi `protect` on the key and the repositories. @default true */
  readonly protect?: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The stack's ECR repositories (immutable tags, scan on push, a customer-managed KMS key, lifecycle policy),
 * and, when asked for, Amazon Inspector enhanced scanning of the registry.
 */
export class ContainerRegistry extends pulumi.ComponentResource {
  /** The account's registry host in the region, e.g. `111122223333.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly registry: pulumi.Output<string>;
  readonly repositories: aws.ecr.Repository[];
  /** The repository URLs (`<registry>/<name>`), in the order of the settings. */
  readonly repositoryUrls: pulumi.Output<string[]>;
  /** The repository key, when there are repositories. */
  readonly key: aws.kms.Key | undefined;

  constructor(name: string, args: ContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super(componentType('ContainerRegistry'), name, {}, opts);
    const parent = { parent: this };
    const protect = args.protect ?? true;
    const account = pulumi.output(args.account);
    const { settings } = args;
    this.registry = account.apply(ecrRegistryHost);

    this.key =
      settings.repositories.length === 0
        ? undefined
        : new aws.kms.Key(
            `${name}-key`,
            buildKeyArgs(
              `${args.clusterName}: ECR repository images`,
              account.apply((a) =>
                JSON.stringify(
                  buildRegistryKeyPolicy({ account: a, administratorArns: args.administratorArns ?? [] }),
                ),
              ),
              args.tags,
            ),
            { parent: this, protect },
          );
    if (this.key) {
      new aws.kms.Alias(
        `${name}-key`,
        { name: `alias/eks/${args.clusterName}/ecr`, targetKeyId: this.key.keyId },
        parent,
      );
    }
    const key = this.key;
    const policy = JSON.stringify(buildLifecyclePolicy(settings));
    this.repositories = key
      ? settings.repositories.map((repositoryName) => {
          // Repository names are unique and may hold '/', which Pulumi names take as they are.
          const resourceName = `${name}-${repositoryName}`;
          const repository = new aws.ecr.Repository(
            resourceName,
            buildRepositoryArgs(repositoryName, key.arn, args.tags),
            // Encryption is fixed at creation: a change replaces the repository, which protect stops at preview.
            { parent: this, protect },
          );
          new aws.ecr.LifecyclePolicy(resourceName, { repository: repository.name, policy }, parent);
          return repository;
        })
      : [];
    this.repositoryUrls = pulumi.all(this.repositories.map((repository) => repository.repositoryUrl));

    if (settings.enhancedScanning) {
      // Inspector's ECR scanning is the account's: deleting the enabler would turn it off for every
      // repository and every consumer of its findings, so `pulumi destroy` leaves it on.
      const inspector = new aws.inspector2.Enabler(
        `${name}-inspector`,
        { accountIds: [account.accountId], resourceTypes: ['ECR'] },
        { parent: this, retainOnDelete: true },
      );
      // One configuration per account and region: deleting it would put the whole registry back on BASIC
      // scanning with no rules (no repository scanned on push), so `pulumi destroy` leaves it too.
      new aws.ecr.RegistryScanningConfiguration(
        `${name}-scanning`,
        buildRegistryScanningArgs(settings.repositories),
        { parent: this, dependsOn: [inspector], retainOnDelete: true },
      );
    }
    this.registerOutputs({ registry: this.registry, repositoryUrls: this.repositoryUrls });
  }
}
