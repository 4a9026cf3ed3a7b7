import { baselineRegistryAllowlist, loadBaselineConfig } from '../../stacks/src/baseline-config';
import { mockClusterOutputs } from '../../stacks/src/testing/mock-state';
import { type Issue, issuesFrom } from '../fixtures/config-issues';
import {
  DEFAULT_MOCK_ENVIRONMENT,
  kubernetesManifests,
  planBaseline,
  type StackPlan,
} from '../fixtures/pulumi-mocks';

const CONTEXT = { organization: 'acme', stack: 'prod' };
const CLUSTER_STACK = 'acme/eks-hardening/prod';
const REGISTRY = `${DEFAULT_MOCK_ENVIRONMENT.accountId}.dkr.ecr.${DEFAULT_MOCK_ENVIRONMENT.region}.amazonaws.com`;

/** The issues loadBaselineConfig reports (fails the test when it accepts the settings). */
function issuesOf(settings: Record<string, string>): Issue[] {
  return issuesFrom(
    () => loadBaselineConfig(settings, {}, CONTEXT),
    `loadBaselineConfig(${JSON.stringify(settings)})`,
  );
}

/**
 * Which of the registries this test may configure the planned image-registry-allowlist admission objects
 * (policy, binding, parameters) mention, or undefined without such objects.
 */
function allowlistOf(plan: StackPlan): string[] | undefined {
  const related = kubernetesManifests(plan)
    .map(({ manifest }) => JSON.stringify(manifest))
    .filter((text) => text.includes('image-registry-allowlist'));
  if (related.length === 0) return undefined;
  const text = related.join('\n');
  return [REGISTRY, 'public.ecr.aws/eks-distro', 'registry.k8s.io'].filter((entry) => text.includes(entry));
}

describe('the baseline registry allowlist settings', () => {
  it('leave the allowlist off by default', () => {
    expect(loadBaselineConfig({}, {}, CONTEXT)).toMatchObject({
      enforceRegistryAllowlist: false,
      allowedRegistries: [],
    });
  });

  it('read the switch and the extra registries as pulumi config stores them', () => {
    expect(
      loadBaselineConfig(
        { enforceRegistryAllowlist: 'true', allowedRegistries: 'public.ecr.aws/eks-distro,registry.k8s.io' },
        {},
        CONTEXT,
      ),
    ).toMatchObject({
      enforceRegistryAllowlist: true,
      allowedRegistries: ['public.ecr.aws/eks-distro', 'registry.k8s.io'],
    });
  });

  test.each([
    [
      'extra registries while the allowlist is off',
      { allowedRegistries: 'registry.k8s.io' },
      'allowedRegistries',
      'has no effect while enforceRegistryAllowlist is false',
    ],
    [
      'a registry that is a URL',
      { enforceRegistryAllowlist: 'true', allowedRegistries: 'https://registry.k8s.io' },
      'allowedRegistries',
      "config 'allowedRegistries[0]' must be a registry or registry/repository prefix",
    ],
    [
      'a switch that is not a boolean',
      { enforceRegistryAllowlist: 'on' },
      'enforceRegistryAllowlist',
      'must be true or false',
    ],
  ])('refuse %s, naming the key', (_case, settings, key, message) => {
    expect(issuesOf(settings)).toEqual([{ key, message: expect.stringContaining(message) }]);
  });

  it("allow the cluster's ECR registry first, then the listed ones, each once", () => {
    expect(
      baselineRegistryAllowlist(
        { enforceRegistryAllowlist: true, allowedRegistries: ['a.example', REGISTRY] },
        REGISTRY,
      ),
    ).toEqual([REGISTRY, 'a.example']);
    expect(
      baselineRegistryAllowlist({ enforceRegistryAllowlist: false, allowedRegistries: [] }, REGISTRY),
    ).toEqual([]);
  });
});

describe('the planned baseline', () => {
  const outputs = mockClusterOutputs(DEFAULT_MOCK_ENVIRONMENT, 'prod');
  const plan = (settings: Record<string, string>, clusterOutputs: Record<string, unknown> = outputs) =>
    planBaseline(
      { clusterStack: CLUSTER_STACK, ...settings },
      { environment: { stackOutputs: { [CLUSTER_STACK]: clusterOutputs } } },
    );

  it('generates no registry policy by default', async () => {
    expect(allowlistOf(await plan({}))).toBeUndefined();
  }, 120_000);

  it("allows the cluster stack's ECR registry and the listed registries once the allowlist is enforced", async () => {
    const planned = await plan({
      enforceRegistryAllowlist: 'true',
      allowedRegistries: 'public.ecr.aws/eks-distro',
    });
    expect(allowlistOf(planned)).toEqual([REGISTRY, 'public.ecr.aws/eks-distro']);
  }, 120_000);

  it('names the cluster stack when it exports no ECR registry', async () => {
    const { ecrRegistry: _dropped, ...older } = outputs;
    await expect(plan({ enforceRegistryAllowlist: 'true' }, older)).rejects.toThrow(
      /the cluster stack exports no ecrRegistry, so the registry allowlist cannot include it/,
    );
  }, 120_000);
});
