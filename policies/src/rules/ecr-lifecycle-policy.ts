import { unknownSetFinding } from '../engine/result';
import type { LocatedResource, ResourceSetRule, SetFinding } from '../engine/types';
import { isUnknown } from '../engine/unknown';

const REPOSITORY = 'aws:ecr/repository:Repository';
const LIFECYCLE_POLICY = 'aws:ecr/lifecyclePolicy:LifecyclePolicy';

/**
 * Every ECR repository the program creates has an `aws.ecr.LifecyclePolicy` (one that takes its `repository`
 * from the repository, or names it) with at least one rule, so untagged and superseded images expire instead
 * of piling up: each old image stays pullable, keeps its known vulnerabilities, and is billed for storage.
 * Repositories brought from outside the program are not judged.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
 */
export const ecrLifecyclePolicy: ResourceSetRule = {
  id: 'ecr-lifecycle-policy',
  target: 'aws-set',
  title: 'ECR repositories expire old images with a lifecycle policy',
  description:
    'Every ECR repository the program creates has an aws.ecr.LifecyclePolicy with at least one rule, so untagged and superseded images expire instead of staying pullable with their vulnerabilities.',
  severity: 'low',
  resourceTypes: [REPOSITORY],
  contextTypes: [LIFECYCLE_POLICY],
  validate(resources): readonly SetFinding[] {
    const policies = resources.filter((resource) => resource.type === LIFECYCLE_POLICY);
    const findings: SetFinding[] = [];
    for (const repository of resources.filter((resource) => resource.type === REPOSITORY)) {
      const subject = `Repository/${repository.name}`;
      const own = policies.filter((policy) => governs(policy, repository));
      if (own.length === 0) {
        findings.push({
          key: repository.key,
          path: '',
          message: `${subject}: no aws.ecr.LifecyclePolicy expires its images; add one with repository set to this repository's name and rules that expire untagged images and keep a bounded number of the others`,
        });
        continue;
      }
      const texts = own.map((policy) => policy.inputs.policy);
      if (texts.some((text) => !isUnknown(text) && ruleCount(text) > 0)) continue;
      const unknown = own.find((policy) => isUnknown(policy.inputs.policy));
      findings.push(
        unknown
          ? unknownSetFinding(
              repository.key,
              '',
              `${subject}: the policy of LifecyclePolicy/${unknown.name} is not known yet`,
            )
          : {
              key: repository.key,
              path: '',
              message: `${subject}: its lifecycle policy has no rules, so no image ever expires; add rules such as { selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }`,
            },
      );
    }
    return findings;
  },
};

/** True when `policy` is the lifecycle policy of `repository`: it takes the repository's name from it, or names it. */
function governs(policy: LocatedResource, repository: LocatedResource): boolean {
  if (policy.dependencies.includes(repository.key)) return true;
  const name = repository.inputs.name;
  return typeof name === 'string' && policy.inputs.repository === name;
}

/** The number of rules of a lifecycle policy (JSON text or an object); 0 when it is not a policy. */
function ruleCount(policy: unknown): number {
  let document: unknown = policy;
  if (typeof policy === 'string') {
    try {
      document = JSON.parse(policy);
    } catch {
      return 0;
    }
  }
  const rules = (document as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules) ? rules.length : 0;
}
