import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedResource } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { ecrLifecyclePolicy as rule } from '../../policies/src/rules/ecr-lifecycle-policy';

const repository: LocatedResource = {
  key: 'urn:repository',
  type: 'aws:ecr/repository:Repository',
  name: 'api',
  inputs: { name: 'team/api', imageTagMutability: 'IMMUTABLE' },
  dependencies: [],
};
const EXPIRE_UNTAGGED = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
  ],
});
const lifecycle = (inputs: Record<string, unknown>, dependencies = [repository.key]): LocatedResource => ({
  key: 'urn:lifecycle',
  type: 'aws:ecr/lifecyclePolicy:LifecyclePolicy',
  name: 'api-lifecycle',
  inputs: { repository: 'team/api', policy: EXPIRE_UNTAGGED, ...inputs },
  dependencies,
});
const validate = (resources: LocatedResource[]) => rule.validate(resources, ruleOptions());

describe('ecr-lifecycle-policy', () => {
  it('judges repositories and reads lifecycle policies', () => {
    expect(rule.resourceTypes).toEqual(['aws:ecr/repository:Repository']);
    expect(rule.contextTypes).toEqual(['aws:ecr/lifecyclePolicy:LifecyclePolicy']);
  });

  it('passes a repository whose lifecycle policy takes its name from it', () => {
    expect(validate([repository, lifecycle({})])).toEqual([]);
  });

  it('passes a repository whose lifecycle policy names it without depending on it', () => {
    expect(validate([repository, lifecycle({}, [])])).toEqual([]);
  });

  it('passes a policy given as an object rather than JSON text', () => {
    expect(validate([repository, lifecycle({ policy: JSON.parse(EXPIRE_UNTAGGED) })])).toEqual([]);
  });

  it('has nothing to judge without a repository in the plan (a repository brought from outside)', () => {
    expect(validate([lifecycle({}, [])])).toEqual([]);
  });

  test.each([
    ['there is no lifecycle policy', [repository], 'no aws.ecr.LifecyclePolicy expires its images'],
    [
      'the only lifecycle policy is for another repository',
      [repository, lifecycle({ repository: 'team/web' }, ['urn:other'])],
      'no aws.ecr.LifecyclePolicy expires its images',
    ],
    [
      'its lifecycle policy has no rules',
      [repository, lifecycle({ policy: '{"rules":[]}' })],
      'its lifecycle policy has no rules, so no image ever expires',
    ],
    [
      'its lifecycle policy is not JSON',
      [repository, lifecycle({ policy: 'expire everything' })],
      'its lifecycle policy has no rules',
    ],
  ])('fails when %s', (_case, resources, message) => {
    expect(validate(resources as LocatedResource[])).toEqual([
      { key: repository.key, path: '', message: expect.stringContaining(`Repository/api: ${message}`) },
    ]);
  });

  it('is unknown when the policy text is not known yet', () => {
    expect(validate([repository, lifecycle({ policy: UNKNOWN })])).toEqual([
      expect.objectContaining({ key: repository.key, status: 'unknown' }),
    ]);
  });
});
