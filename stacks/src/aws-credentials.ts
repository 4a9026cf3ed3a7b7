import * as pulumi from '@pulumi/pulumi';
import { type ConfigIssue, StackConfigError } from './config';

/**
 * The profile and assumed role the AWS provider deploys with. The kubeconfig's `aws eks get-token` starts from
 * the same profile (absent: the AWS CLI's ambient credential chain) and assumes the cluster admin role.
 */
export interface AwsCredentials {
  /** A named profile of the AWS CLI's config files (`--profile`). */
  readonly profile?: string;
  /** The role the provider ends up with (the last of `aws:assumeRoles`); it has no cluster access entry. */
  readonly roleArn?: string;
}

/**
 * The credentials the default AWS provider of a stack uses, from its `aws:*` settings (values as
 * `pulumi config` stores them): `aws:profile`, and the last role of `aws:assumeRoles` (the identity the
 * provider ends up with). Pure: the programs pass `pulumi.runtime.allConfig()`.
 *
 * @throws StackConfigError naming the key when `aws:assumeRoles` is not a list of `{ roleArn }`.
 */
export function awsCredentialsFromConfig(config: Readonly<Record<string, string>>): AwsCredentials {
  const issues: ConfigIssue[] = [];
  const profile = config['aws:profile']?.trim();
  let roleArn: string | undefined;
  const chain = config['aws:assumeRoles'];
  if (chain !== undefined && chain.trim() !== '') {
    let roles: unknown;
    try {
      roles = JSON.parse(chain);
    } catch {
      roles = undefined;
    }
    const arns = Array.isArray(roles)
      ? roles.map((role) => (role as { roleArn?: unknown } | null)?.roleArn)
      : undefined;
    if (
      !arns ||
      arns.some((arn) => typeof arn !== 'string' || !/^arn:aws[\w-]*:iam::\d{12}:role\//.test(arn))
    ) {
      issues.push({
        key: 'aws:assumeRoles',
        message: `config 'aws:assumeRoles' must be a list of { roleArn: <IAM role ARN> }, as the AWS provider reads it; got ${chain}`,
      });
    } else roleArn = arns.at(-1) as string | undefined;
  }
  if (issues.length > 0) throw new StackConfigError(issues);
  return { ...(profile ? { profile } : {}), ...(roleArn ? { roleArn } : {}) };
}

/** {@link awsCredentialsFromConfig} over the running program's configuration. */
export function readAwsCredentials(): AwsCredentials {
  return awsCredentialsFromConfig(pulumi.runtime.allConfig());
}
