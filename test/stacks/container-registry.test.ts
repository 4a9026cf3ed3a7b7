import { loadConfig } from '../../stacks/src/config';
import {
  buildLifecyclePolicy,
  buildRegistryKeyPolicy,
  buildRegistryScanningArgs,
  buildRepositoryArgs,
  ECR_KEY_ACTIONS,
  ecrRegistryHost,
} from '../../stacks/src/container-registry';
import { evaluatePlan } from '../../stacks/src/pack/evaluate-plan';
import { issuesOf } from '../fixtures/config-issues';
import {
  DEFAULT_MOCK_ENVIRONMENT,
  type PlannedResource,
  planClusterAndBaseline,
  planStack,
  resourcesOfType,
  type StackPlan,
} from '../fixtures/pulumi-mocks';
import { SAMPLE_BASELINE } from './baseline-fixture';

const ACCOUNT = {
  accountId: '111122223333',
  partition: 'aws',
  region: 'eu-west-1',
  dnsSuffix: 'amazonaws.com',
};
const REPOSITORY = 'aws:ecr/repository:Repository';
const LIFECYCLE_POLICY = 'aws:ecr/lifecyclePolicy:LifecyclePolicy';
const SCANNING = 'aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration';
const ENABLER = 'aws:inspector2/enabler:Enabler';
const WITH_REGISTRY = { ecrRepositories: 'team/api,team/web', inspectorEnhancedScanning: 'true' };

describe('container registry settings', () => {
  it('create no repository and leave the registry scanning as it is by default', () => {
    expect(loadConfig().containerRegistry).toEqual({
      repositories: [],
      untaggedExpiryDays: 14,
      keepImages: 100,
      enhancedScanning: false,
    });
  });

  it('read the repositories, lifecycle and scanning as pulumi config stores them', () => {
    expect(
      loadConfig({
        ecrRepositories: '["team/api","web"]',
        ecrUntaggedExpiryDays: '7',
        ecrKeepImages: '300',
        inspectorEnhancedScanning: 'true',
      }).containerRegistry,
    ).toEqual({
      repositories: ['team/api', 'web'],
      untaggedExpiryDays: 7,
      keepImages: 300,
      enhancedScanning: true,
    });
  });

  test.each([
    [
      'an upper-case name',
      { ecrRepositories: 'Team/API' },
      'ecrRepositories[0]',
      'must be an ECR repository name',
    ],
    ['a name with a trailing slash', { ecrRepositories: 'team/' }, 'ecrRepositories[0]', "got 'team/'"],
    ['a one-letter name', { ecrRepositories: 'a' }, 'ecrRepositories[0]', 'of 2 to 256 characters'],
    ['a repository listed twice', { ecrRepositories: 'api,api' }, 'ecrRepositories', "lists 'api' twice"],
    [
      'untagged images kept for 0 days',
      { ecrRepositories: 'api', ecrUntaggedExpiryDays: '0' },
      'ecrUntaggedExpiryDays',
      'from 1 to 365',
    ],
    ['no image kept', { ecrRepositories: 'api', ecrKeepImages: '0' }, 'ecrKeepImages', 'from 1 to 10000'],
    [
      'a lifecycle setting without repositories',
      { ecrKeepImages: '50' },
      'ecrKeepImages',
      'applies only to the repositories of ecrRepositories, which is empty',
    ],
    [
      'an untagged expiry without repositories',
      { ecrUntaggedExpiryDays: '30' },
      'ecrUntaggedExpiryDays',
      'applies only to the repositories of ecrRepositories',
    ],
    [
      'enhanced scanning that is not a boolean',
      { inspectorEnhancedScanning: 'yes' },
      'inspectorEnhancedScanning',
      'must be true or false',
    ],
  ])('refuse %s, naming the key', (_case, raw, key, message) => {
    expect(issuesOf(raw)).toEqual([
      expect.objectContaining({ key, message: expect.stringContaining(`config '${key}'`) }),
    ]);
    expect(issuesOf(raw)[0]!.message).toContain(message);
  });
});

describe('container registry builders', () => {
  it('names the account registry of the region', () => {
    expect(ecrRegistryHost(ACCOUNT)).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com');
  });

  it('makes repositories immutable, scanned on push, encrypted with the key and never force-deleted', () => {
    expect(buildRepositoryArgs('team/api', 'arn:key', { Cluster: 'c' })).toEqual({
      name: 'team/api',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: 'arn:key' }],
      forceDelete: false,
      tags: { Cluster: 'c' },
    });
  });

  it('expires untagged images first and keeps a bounded number of the rest, the any-tag rule evaluated last', () => {
    const { rules } = buildLifecyclePolicy({ untaggedExpiryDays: 14, keepImages: 100 });
    expect(rules.map((rule) => [rule.rulePriority, rule.selection])).toEqual([
      [1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }],
      [2, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 100 }],
    ]);
    expect(rules.every((rule) => rule.action.type === 'expire')).toBe(true);
  });

  it("scans the stack's repositories continuously and every other repository on push", () => {
    expect(buildRegistryScanningArgs(['team/api'])).toEqual({
      scanType: 'ENHANCED',
      rules: [
        {
          scanFrequency: 'CONTINUOUS_SCAN',
          repositoryFilters: [{ filter: 'team/api', filterType: 'WILDCARD' }],
        },
        { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
      ],
    });
    expect(buildRegistryScanningArgs([]).rules).toEqual([
      { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
    ]);
  });

  it('lets principals of the account use the key only through ECR in the region', () => {
    const policy = buildRegistryKeyPolicy({ account: ACCOUNT, administratorArns: [] });
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'EnableIamPoliciesOfTheAccount',
      'EcrRepositoriesOfThisAccount',
    ]);
    expect(policy.Statement[1]).toMatchObject({
      Principal: { AWS: '*' },
      Action: ECR_KEY_ACTIONS,
      Condition: {
        StringEquals: {
          'kms:CallerAccount': '111122223333',
          'kms:ViaService': 'ecr.eu-west-1.amazonaws.com',
        },
      },
    });
  });

  it('gives named key administrators the key without the root statement', () => {
    const admin = 'arn:aws:iam::111122223333:role/key-admin';
    const policy = buildRegistryKeyPolicy({ account: ACCOUNT, administratorArns: [admin] });
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'KeyAdministration',
      'GrantsForAwsResourcesOnly',
      'EcrRepositoriesOfThisAccount',
    ]);
  });
});

describe('the planned container registry', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planClusterAndBaseline(WITH_REGISTRY, { manifests: SAMPLE_BASELINE });
  }, 120_000);

  const judged = (resources: readonly PlannedResource[]) => resources.filter((resource) => resource.custom);
  const violations = (resources: readonly PlannedResource[]) =>
    evaluatePlan(judged(resources)).map((v) => `${v.policyName} ${v.name}: ${v.diagnostic}`);

  it('plans no repository, key, scanning configuration or Inspector enabler by default', async () => {
    const defaults = await planStack({});
    for (const type of [
      REPOSITORY,
      LIFECYCLE_POLICY,
      SCANNING,
      ENABLER,
      'eks-hardening:stacks:ContainerRegistry',
    ])
      expect(resourcesOfType(defaults, type)).toEqual([]);
    expect(defaults.outputs).toMatchObject({
      ecrRegistry: `${DEFAULT_MOCK_ENVIRONMENT.accountId}.dkr.ecr.us-east-1.amazonaws.com`,
      ecrRepositoryUrls: [],
    });
  });

  it('passes every rule of the pack with the repositories and enhanced scanning on', () => {
    expect(violations(plan.resources)).toEqual([]);
  });

  it('plans each repository with its own lifecycle policy, under one protected, rotated customer key', () => {
    const repositories = resourcesOfType(plan, REPOSITORY);
    expect(repositories.map((r) => r.inputs.name)).toEqual(['team/api', 'team/web']);
    expect(repositories.every((r) => r.options.protect)).toBe(true);
    expect(resourcesOfType(plan, LIFECYCLE_POLICY)).toHaveLength(2);
    const key = plan.resources.find((r) => r.type === 'aws:kms/key:Key' && r.name === 'eks-registry-key')!;
    expect(key).toMatchObject({ inputs: { enableKeyRotation: true }, options: { protect: true } });
    expect(repositories[0]!.inputs.encryptionConfigurations).toEqual([
      { encryptionType: 'KMS', kmsKey: expect.stringContaining(':key/') },
    ]);
    expect(plan.outputs.ecrRepositoryUrls).toEqual([
      `${DEFAULT_MOCK_ENVIRONMENT.accountId}.dkr.ecr.us-east-1.amazonaws.com/team/api`,
      `${DEFAULT_MOCK_ENVIRONMENT.accountId}.dkr.ecr.us-east-1.amazonaws.com/team/web`,
    ]);
  });

  it("leaves the account's Inspector and registry scanning in place on destroy", () => {
    const [enabler] = resourcesOfType(plan, ENABLER);
    expect(enabler).toMatchObject({
      inputs: { accountIds: [DEFAULT_MOCK_ENVIRONMENT.accountId], resourceTypes: ['ECR'] },
      options: { retainOnDelete: true },
    });
    const [scanning] = resourcesOfType(plan, SCANNING);
    expect(scanning).toMatchObject({ inputs: { scanType: 'ENHANCED' }, options: { retainOnDelete: true } });
    expect(scanning!.dependencies).toContain(enabler!.urn);
  });

  it("scans the account's other repositories on push with Inspector when it has none of its own", async () => {
    const scanningOnly = await planStack({ inspectorEnhancedScanning: 'true' });
    expect(resourcesOfType(scanningOnly, REPOSITORY)).toEqual([]);
    expect(scanningOnly.resources.filter((r) => r.name === 'eks-registry-key')).toEqual([]);
    expect(resourcesOfType(scanningOnly, SCANNING).map((r) => r.inputs.rules)).toEqual([
      [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
    ]);
    expect(resourcesOfType(scanningOnly, ENABLER)).toHaveLength(1);
    expect(evaluatePlan(judged(scanningOnly.resources))).toEqual([]);
  });

  it('does not protect the key and repositories when deletionProtection is false', async () => {
    const unprotected = await planStack({ ecrRepositories: 'api', deletionProtection: 'false' });
    expect(resourcesOfType(unprotected, REPOSITORY).map((r) => r.options.protect)).toEqual([false]);
  });

  const change = (type: string, inputs: (r: PlannedResource) => Record<string, unknown>) =>
    plan.resources.map((resource) =>
      resource.type === type
        ? { ...resource, inputs: { ...resource.inputs, ...inputs(resource) } }
        : resource,
    );

  test.each<[string, () => readonly PlannedResource[], string]>([
    [
      'a repository encrypted with AES256',
      () => change(REPOSITORY, () => ({ encryptionConfigurations: [{ encryptionType: 'AES256' }] })),
      'ecr-kms-encryption',
    ],
    [
      'a repository without its lifecycle policy',
      () => plan.resources.filter((r) => r.type !== LIFECYCLE_POLICY),
      'ecr-lifecycle-policy',
    ],
    [
      'the registry on basic scanning',
      () => change(SCANNING, () => ({ scanType: 'BASIC' })),
      'ecr-enhanced-scanning',
    ],
    [
      'a repository with mutable tags',
      () => change(REPOSITORY, () => ({ imageTagMutability: 'MUTABLE' })),
      'ecr-immutable-tags',
    ],
    [
      'a repository that does not scan on push',
      () => change(REPOSITORY, () => ({ imageScanningConfiguration: { scanOnPush: false } })),
      'ecr-scan-on-push',
    ],
  ])('reports %s with the matching rule only', (_case, weakened, rule) => {
    const found = violations(weakened());
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((line) => !line.startsWith(`${rule} `))).toEqual([]);
  });
});
