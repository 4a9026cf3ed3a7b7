import { loadBaselineConfig } from '../../stacks/src/baseline-config';
import { objectKey, stageManifests } from '../../stacks/src/cluster-baseline';
import { withExecCredentials } from '../../stacks/src/cluster-connection';
import { buildKubeconfig } from '../../stacks/src/hardened-cluster';
import { mockClusterOutputs } from '../../stacks/src/testing/mock-state';
import {
  DEFAULT_MOCK_ENVIRONMENT,
  kubernetesManifests,
  planBaseline,
  resourceNamed,
  resourcesOfType,
  type StackPlan,
} from '../fixtures/pulumi-mocks';
import { SAMPLE_BASELINE } from './baseline-fixture';

describe('stageManifests', () => {
  it('applies namespaces and CRDs before the objects that live in them', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
    };
    const { first, rest } = stageManifests([...SAMPLE_BASELINE].reverse().concat(crd));
    expect(first.map(objectKey)).toEqual(['Namespace/apps', 'CustomResourceDefinition/things.example.com']);
    expect(rest.map(objectKey)).toEqual(['NetworkPolicy/apps/default-deny']);
  });

  test.each([
    [
      'no kind',
      { apiVersion: 'v1', metadata: { name: 'x' } },
      'baseline manifest [0] (undefined/x) has no kind; every object needs apiVersion, kind and metadata.name',
    ],
    [
      'no name',
      { apiVersion: 'v1', kind: 'Namespace', metadata: {} },
      'baseline manifest [0] (Namespace/undefined) has no metadata.name',
    ],
    [
      'no apiVersion',
      { kind: 'Namespace', metadata: { name: 'x' } },
      'baseline manifest [0] (Namespace/x) has no apiVersion',
    ],
  ])('rejects an object with %s', (_case, object, message) => {
    expect(() => stageManifests([object])).toThrow(message);
  });

  it('rejects an object listed twice', () => {
    expect(() => stageManifests([SAMPLE_BASELINE[0]!, SAMPLE_BASELINE[0]!])).toThrow(
      'baseline manifest [1] Namespace/apps is listed twice; keep one',
    );
  });
});

describe('the baseline stack planned from a mocked StackReference', () => {
  const clusterStack = 'acme/eks-hardening/prod';
  const clusterOutputs = mockClusterOutputs(DEFAULT_MOCK_ENVIRONMENT, 'prod-eks');
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planBaseline(
      { clusterStack },
      { manifests: SAMPLE_BASELINE, environment: { stackOutputs: { [clusterStack]: clusterOutputs } } },
    );
  });

  it('plans every baseline object as its own typed Kubernetes resource, visible to the policy pack', () => {
    const manifests = kubernetesManifests(plan).map((m) => m.manifest);
    expect(manifests).toEqual([
      expect.objectContaining({
        kind: 'Namespace',
        metadata: expect.objectContaining({
          labels: expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted' }),
        }),
      }),
      expect.objectContaining({
        kind: 'NetworkPolicy',
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      }),
    ]);
    expect(resourceNamed(plan, 'kubernetes:core/v1:Namespace', 'baseline-apps')).toBeDefined();
    expect(plan.outputs).toEqual({ clusterName: 'prod-eks' });
  });

  it("applies them through a provider bound to the referenced stack's cluster, never the ambient kubeconfig", () => {
    const provider = resourceNamed(plan, 'pulumi:providers:kubernetes', 'cluster-provider');
    expect(JSON.parse(String(provider.inputs.kubeconfig))).toMatchObject({
      'current-context': 'prod-eks',
      clusters: [{ cluster: { server: clusterOutputs.endpoint } }],
    });
    for (const object of resourcesOfType(plan, 'kubernetes:core/v1:Namespace').concat(
      resourcesOfType(plan, 'kubernetes:networking.k8s.io/v1:NetworkPolicy'),
    )) {
      expect(object.provider.startsWith(`${provider.urn}::`)).toBe(true);
    }
  });

  it("assumes the cluster's admin role from this stack's own AWS profile, in the cluster's region", async () => {
    const deployerKubeconfig = JSON.stringify(
      buildKubeconfig({
        clusterName: 'prod-eks',
        endpoint: String(clusterOutputs.endpoint),
        certificateAuthorityData: 'Q0E=',
        region: 'eu-west-1',
        profile: 'laptop',
        roleArn: 'arn:aws:iam::111122223333:role/prod-eks-admin',
      }),
    );
    const outputs = { [clusterStack]: { ...clusterOutputs, kubeconfig: deployerKubeconfig } };
    const args = async (config: Record<string, string>) => {
      const planned = await planBaseline(
        { clusterStack },
        { manifests: SAMPLE_BASELINE, config, environment: { stackOutputs: outputs } },
      );
      const provider = resourceNamed(planned, 'pulumi:providers:kubernetes', 'cluster-provider');
      return (
        JSON.parse(String(provider.inputs.kubeconfig)) as { users: { user: { exec: { args: string[] } } }[] }
      ).users[0]!.user.exec.args;
    };
    expect(await args({})).toEqual([
      'eks',
      'get-token',
      '--cluster-name',
      'prod-eks',
      '--region',
      'eu-west-1',
      '--output',
      'json',
      ...['--role-arn', 'arn:aws:iam::111122223333:role/prod-eks-admin'],
    ]);
    expect(
      await args({
        'aws:profile': 'ci',
        'aws:assumeRoles': JSON.stringify([{ roleArn: 'arn:aws:iam::111122223333:role/ci-deployer' }]),
      }),
    ).toEqual([
      ...['eks', 'get-token', '--cluster-name', 'prod-eks', '--region', 'eu-west-1', '--output', 'json'],
      // The provider's own role (aws:assumeRoles) has no access entry: the token still assumes the admin role.
      ...['--role-arn', 'arn:aws:iam::111122223333:role/prod-eks-admin', '--profile', 'ci'],
    ]);
  });

  it('creates the NetworkPolicy only after its namespace', () => {
    const namespace = resourceNamed(plan, 'kubernetes:core/v1:Namespace', 'baseline-apps');
    expect(
      resourceNamed(plan, 'kubernetes:networking.k8s.io/v1:NetworkPolicy', 'baseline-apps/default-deny')
        .dependencies,
    ).toContain(namespace.urn);
  });

  it("reads the same-named stack of the cluster project unless told, and refuses a name that isn't one", async () => {
    expect(loadBaselineConfig({}, {}, { organization: 'acme', stack: 'prod' }).clusterStack).toBe(
      'acme/eks-hardening/prod',
    );
    expect(() =>
      loadBaselineConfig({ clusterStack: 'prod' }, {}, { organization: 'acme', stack: 'prod' }),
    ).toThrow(
      "config 'clusterStack' must name the cluster stack as <organization>/<project>/<stack>, e.g. acme/eks-hardening/prod (a local backend's organization is 'organization'); got 'prod'",
    );
    expect(() =>
      loadBaselineConfig({ clusterName: 'x' }, {}, { organization: 'acme', stack: 'prod' }),
    ).toThrow(
      'unknown config key clusterName; the baseline reads clusterStack, enforceRegistryAllowlist, allowedRegistries, falco, falcoChartVersion (cluster settings belong in the cluster stack)',
    );
  });
});

describe('withExecCredentials', () => {
  const kubeconfig = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      users: [
        {
          name: 'c',
          user: {
            exec: {
              command: 'aws',
              args: [
                'eks',
                'get-token',
                '--cluster-name',
                'c',
                '--region',
                'us-east-1',
                '--profile',
                'old',
                '--role-arn=arn:old',
              ],
              ...extra,
            },
          },
        },
      ],
    });

  it("replaces the profile and drops AWS_PROFILE, but keeps the cluster's admin role", () => {
    const result = JSON.parse(
      withExecCredentials(
        kubeconfig({
          env: [
            { name: 'AWS_PROFILE', value: 'old' },
            { name: 'X', value: '1' },
          ],
        }),
        { profile: 'new' },
        'test',
      ),
    );
    expect(result.users[0].user.exec).toEqual({
      command: 'aws',
      args: [
        ...['eks', 'get-token', '--cluster-name', 'c', '--region', 'us-east-1'],
        ...['--role-arn=arn:old', '--profile', 'new'],
      ],
      env: [{ name: 'X', value: '1' }],
    });
  });

  it('drops a profile given as --profile=<name> when this stack has none', () => {
    const document = JSON.parse(kubeconfig());
    document.users[0].user.exec.args = ['eks', 'get-token', '--profile=old', '--role-arn', 'arn:admin'];
    const result = JSON.parse(withExecCredentials(JSON.stringify(document), {}, 'test'));
    expect(result.users[0].user.exec.args).toEqual(['eks', 'get-token', '--role-arn', 'arn:admin']);
  });

  it('refuses a kubeconfig no aws eks get-token user is in, naming where it came from', () => {
    expect(() => withExecCredentials('{"users":[]}', {}, "ClusterConnection 'c' (stack a/b/c)")).toThrow(
      "ClusterConnection 'c' (stack a/b/c): no user of the kubeconfig authenticates with 'aws eks get-token'",
    );
    expect(() => withExecCredentials('not json', {}, 'here')).toThrow('here: the kubeconfig is not JSON');
  });
});
