import { objectKey, stageManifests } from '../../stacks/src/cluster-baseline';
import {
  kubernetesManifests,
  planStack,
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

describe('ClusterBaseline planned', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({}, { baseline: SAMPLE_BASELINE });
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
    expect(resourceNamed(plan, 'kubernetes:core/v1:Namespace', 'eks-baseline-apps')).toBeDefined();
  });

  it('applies them through a provider bound to the new cluster, never the ambient kubeconfig', () => {
    const provider = resourceNamed(plan, 'pulumi:providers:kubernetes', 'eks-baseline-provider');
    expect(JSON.parse(String(provider.inputs.kubeconfig))).toMatchObject({
      'current-context': 'hardened-eks',
      clusters: [{ cluster: { server: plan.outputs.endpoint } }],
    });
    for (const object of resourcesOfType(plan, 'kubernetes:core/v1:Namespace').concat(
      resourcesOfType(plan, 'kubernetes:networking.k8s.io/v1:NetworkPolicy'),
    )) {
      expect(object.provider.startsWith(`${provider.urn}::`)).toBe(true);
    }
  });

  it('connects only after the admin role has cluster access and the add-ons are up', () => {
    const provider = resourceNamed(plan, 'pulumi:providers:kubernetes', 'eks-baseline-provider');
    expect(provider.dependencies).toContain(
      resourceNamed(plan, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation', 'eks-cluster-admin').urn,
    );
    expect(provider.dependencies).toContain(
      resourceNamed(plan, 'aws:eks/addon:Addon', 'eks-addons-coredns').urn,
    );
  });

  it('creates the NetworkPolicy only after its namespace', () => {
    const namespace = resourceNamed(plan, 'kubernetes:core/v1:Namespace', 'eks-baseline-apps');
    expect(
      resourceNamed(plan, 'kubernetes:networking.k8s.io/v1:NetworkPolicy', 'eks-baseline-apps/default-deny')
        .dependencies,
    ).toContain(namespace.urn);
  });

  it('deploys nothing into the cluster when the baseline is turned off', async () => {
    const bare = await planStack({ deployBaseline: 'false' }, { baseline: SAMPLE_BASELINE });
    expect(kubernetesManifests(bare)).toEqual([]);
    expect(resourcesOfType(bare, 'pulumi:providers:kubernetes')).toEqual([]);
  });
});
