import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';

/**
 * ECR repositories make image tags immutable (`imageTagMutability: IMMUTABLE`; AWS defaults to MUTABLE), so
 * a tag a cluster pulls cannot be repointed to another image. `IMMUTABLE_WITH_EXCLUSION` leaves the
 * excluded tags mutable and fails; exempt the repository with a reason if that is intended.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 */
export const ecrImmutableTags: ResourceRule = {
  id: 'ecr-immutable-tags',
  target: 'aws',
  title: 'ECR repositories have immutable tags',
  description:
    'An ECR repository sets imageTagMutability: IMMUTABLE, so a pushed tag can never be repointed to another image.',
  severity: 'medium',
  resourceTypes: ['aws:ecr/repository:Repository'],
  validate(inputs, _options, name): RuleResult {
    const subject = `Repository/${name}`;
    const mutability = inputs.imageTagMutability;
    if (isUnknown(mutability))
      return unknownAt('imageTagMutability', `${subject}: imageTagMutability is not known yet`);
    if (mutability === 'IMMUTABLE') return PASS;
    const how =
      mutability === undefined
        ? 'is not set and AWS defaults it to MUTABLE'
        : mutability === 'IMMUTABLE_WITH_EXCLUSION'
          ? "is 'IMMUTABLE_WITH_EXCLUSION', so tags matching imageTagMutabilityExclusionFilters can be overwritten"
          : `is '${String(mutability)}'`;
    return failIfAny([
      {
        path: 'imageTagMutability',
        message: `${subject}: imageTagMutability ${how}; set imageTagMutability: 'IMMUTABLE'`,
      },
    ]);
  },
};
