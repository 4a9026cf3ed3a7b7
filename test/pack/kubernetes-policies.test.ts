import * as path from 'node:path';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { type Analyzer, type AnalyzerResource, startAnalyzer, urnOf } from '../fixtures/analyzer-harness';

/**
 * The Kubernetes side of the pack adapter over gRPC, with test-double rules (test/pack/fixture-pack) so it
 * does not depend on the real rule set: type token to manifest, auto-names, parents, unknown values,
 * exemptions, and whole-stack rules as stack policies.
 */
const FIXTURE_PACK = path.join(__dirname, 'fixture-pack');

function deployment(
  name: string,
  container: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): AnalyzerResource {
  return {
    type: 'kubernetes:apps/v1:Deployment',
    name,
    properties: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'shop', ...metadata },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'app', image: 'app:1.0', ...container }] },
        },
      },
    },
  };
}

const privileged = { securityContext: { privileged: true } };

let analyzer: Analyzer;

beforeAll(async () => {
  analyzer = await startAnalyzer({ packDir: FIXTURE_PACK });
}, 180_000);

afterAll(async () => {
  await analyzer?.stop();
});

describe('Kubernetes rules as resource policies', () => {
  it('evaluates a Deployment expanded from a ConfigGroup and reports at the rule level with the URN', async () => {
    const parent = urnOf('kubernetes:yaml:ConfigGroup', 'baseline');
    const resource = { ...deployment('api', privileged), parent };
    expect(await analyzer.analyze(resource)).toEqual([
      expect.objectContaining({
        policyName: 'fixture-privileged',
        policyPackName: 'eks-hardening-fixture',
        enforcementLevel: 'mandatory',
        urn: urnOf('kubernetes:apps/v1:Deployment', 'api'),
        message:
          "Deployment/api: container 'app' sets privileged: true at spec.template.spec.containers[0].securityContext.privileged; remove it",
      }),
    ]);
  });

  it('passes a compliant Deployment', async () => {
    expect(await analyzer.analyze(deployment('web', {}))).toEqual([]);
  });

  it('names an object without metadata.name after its Pulumi resource (auto-naming)', async () => {
    const pod: AnalyzerResource = {
      type: 'kubernetes:core/v1:Pod',
      name: 'debug',
      properties: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {},
        spec: { containers: [{ name: 'sh', image: 'busybox:1', ...privileged }] },
      },
    };
    const [diagnostic] = await analyzer.analyze(pod);
    expect(diagnostic!.message).toMatch(
      /^Pod\/debug: container 'sh' sets privileged: true at spec\.containers\[0\]/,
    );
  });

  it('reports a value the rule read but that is not known until apply as advisory, never as a pass', async () => {
    const diagnostics = await analyzer.analyze(
      deployment('pending', { securityContext: { privileged: UNKNOWN } }),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        policyName: 'fixture-privileged',
        enforcementLevel: 'advisory',
        message:
          'Deployment/pending: spec.template.spec.containers[0].securityContext.privileged is not known yet: cannot be verified until apply',
      }),
    ]);
  });

  it('ignores unknown values the rule does not read', async () => {
    expect(await analyzer.analyze(deployment('image-pending', { image: UNKNOWN }))).toEqual([]);
  });

  it('reports a finding exempted by annotation as advisory, with its reason', async () => {
    const resource = deployment('agent', privileged, {
      annotations: { 'eks-hardening.io/exempt-fixture-privileged': 'node agent needs host devices' },
    });
    expect(await analyzer.analyze(resource)).toEqual([
      expect.objectContaining({
        enforcementLevel: 'advisory',
        message: expect.stringContaining('[exempted by annotation: node agent needs host devices]'),
      }),
    ]);
  });

  it('exempts by URN pattern from configuration, and can refuse annotation exemptions', async () => {
    try {
      await analyzer.configurePack({
        'fixture-privileged': {
          allowAnnotationExemptions: false,
          exemptions: [{ resource: '*::kubernetes:apps/v1:Deployment::legacy-*', reason: 'retired in Q3' }],
        },
      });
      const [legacy] = await analyzer.analyze(deployment('legacy-api', privileged));
      expect(legacy).toMatchObject({
        enforcementLevel: 'advisory',
        message: expect.stringContaining('[exempted by policy pack config: retired in Q3]'),
      });
      const annotated = deployment('agent', privileged, {
        annotations: { 'eks-hardening.io/exempt-fixture-privileged': 'host devices' },
      });
      expect(await analyzer.analyze(annotated)).toEqual([
        expect.objectContaining({ enforcementLevel: 'mandatory' }),
      ]);
    } finally {
      await analyzer.configurePack({});
    }
  });

  test.each([
    ['an AWS resource', { type: 'aws:eks/cluster:Cluster', name: 'prod', properties: { name: 'prod' } }],
    [
      'a ConfigGroup component',
      { type: 'kubernetes:yaml:ConfigGroup', name: 'baseline', properties: { files: ['a.yaml'] } },
    ],
    [
      'a server-side-apply patch',
      {
        type: 'kubernetes:apps/v1:DeploymentPatch',
        name: 'p',
        properties: deployment('p', privileged).properties,
      },
    ],
  ])('does not evaluate %s', async (_case, resource) => {
    expect(await analyzer.analyze(resource)).toEqual([]);
  });
});

describe('whole-stack Kubernetes rules as stack policies', () => {
  const namespace = (name: string): AnalyzerResource => ({
    type: 'kubernetes:core/v1:Namespace',
    name,
    properties: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
  const denyAll = (namespaceName: string): AnalyzerResource => ({
    type: 'kubernetes:networking.k8s.io/v1:NetworkPolicy',
    name: `${namespaceName}-default-deny`,
    properties: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: namespaceName },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
  });

  it('is listed as a stack policy', async () => {
    const info = await analyzer.getAnalyzerInfo();
    expect(info.policies.map((policy) => [policy.name, policy.type])).toEqual([
      ['fixture-privileged', 'resource'],
      ['fixture-default-deny', 'stack'],
    ]);
  });

  it('reports the namespace without a default-deny policy, at its URN', async () => {
    const diagnostics = await analyzer.analyzeStack([
      namespace('shop'),
      denyAll('shop'),
      namespace('billing'),
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        policyName: 'fixture-default-deny',
        enforcementLevel: 'advisory',
        urn: urnOf('kubernetes:core/v1:Namespace', 'billing'),
        message:
          'Namespace/billing: no NetworkPolicy with podSelector: {} denies traffic by default; add one',
      }),
    ]);
  });

  it('passes a stack where every namespace denies by default', async () => {
    expect(await analyzer.analyzeStack([namespace('shop'), denyAll('shop')])).toEqual([]);
  });
});
