/**
 * The subset of the IAM policy language our builders emit (key policies, trust policies, inline policies).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */

/** A principal element: `*`, or AWS account/role ARNs, service principals, or an OIDC provider. */
export type PolicyPrincipal =
  | '*'
  | { readonly AWS: string | readonly string[] }
  | { readonly Service: string | readonly string[] }
  | { readonly Federated: string };

/** Condition operators mapped to condition keys and their values. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One statement of a policy document. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: PolicyCondition;
}

/** A policy document (key policy, trust policy or identity policy). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** A document with the given statements. */
export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** The ARN of an AWS managed policy in the given partition, e.g. `AmazonEKSClusterPolicy`. */
export function managedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}
