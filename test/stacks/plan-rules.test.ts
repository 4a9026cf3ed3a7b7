import { evaluateManifests } from '../../policies/src/engine/evaluate-manifests';
import { ruleOptions } from '../../policies/src/engine/options';
import type { RuleOptions } from '../../policies/src/engine/types';
import { awsRules, awsSetRules, kubernetesRules, pssRules } from '../../policies/src/registry';
import {
  kubernetesManifests,
  planClusterAndBaseline,
  planStack,
  type StackPlan,
} from '../fixtures/pulumi-mocks';
import { SAMPLE_BASELINE } from './baseline-fixture';

/** Every failing finding the project's rules report on a plan, as `rule: message` lines. */
function failures(plan: StackPlan, options: RuleOptions): string[] {
  const found: string[] = [];
  for (const resource of plan.resources) {
    for (const rule of awsRules.filter((r) => r.resourceTypes.includes(resource.type))) {
      const result = rule.validate(resource.inputs, options, resource.name);
      if (result.status === 'fail' || result.status === 'unknown') {
        for (const finding of result.findings)
          found.push(`${rule.id} (${result.status}): ${finding.message}`);
      }
    }
  }
  const located = plan.resources.map((r) => ({ ...r, key: r.urn }));
  for (const rule of awsSetRules) {
    for (const finding of rule.validate(located, options))
      found.push(`${rule.id} (${finding.status ?? 'fail'}): ${finding.message}`);
  }
  const evaluation = evaluateManifests(kubernetesManifests(plan), {
    rules: [...pssRules, ...kubernetesRules],
    options,
  });
  for (const finding of evaluation.findings.filter((f) => !f.exemption))
    found.push(`${finding.rule} (${finding.status}): ${finding.message}`);
  return found;
}

describe('the planned cluster and baseline stacks pass every rule the registries hold', () => {
  test.each<[string, Record<string, unknown>]>([
    ['with the embedded defaults', {}],
    [
      'with the public endpoint open to one CIDR',
      { endpointPublicAccess: 'true', publicAccessCidrs: '203.0.113.10/32' },
    ],
    [
      'with runners admitted to the private endpoint',
      { privateAccessCidrs: '10.20.0.0/24', privateAccessSecurityGroupIds: 'sg-0123456789abcdef0' },
    ],
    [
      'in a bring-your-own VPC',
      {
        vpcId: 'vpc-0123456789abcdef0',
        privateSubnetIds: 'subnet-0123456789abcdef0,subnet-0fedcba9876543210',
      },
    ],
    [
      'with IRSA, GuardDuty and Graviton nodes',
      {
        addonIdentity: 'irsa',
        guardDuty: 'true',
        nodeAmiType: 'AL2023_ARM_64_STANDARD',
        nodeInstanceTypes: 'm7g.large',
      },
    ],
    [
      'with ECR repositories and Inspector enhanced scanning',
      { ecrRepositories: 'team/api', inspectorEnhancedScanning: 'true' },
    ],
    [
      'with Bottlerocket nodes, confidentiality lockdown, private egress and 33% max unavailable',
      {
        nodeAmiType: 'BOTTLEROCKET_x86_64',
        nodeKernelLockdown: 'confidentiality',
        privateEgress: 'true',
        nodeMaxUnavailable: '33%',
      },
    ],
  ])('%s', async (_case, raw) => {
    const plan = await planClusterAndBaseline(raw, { manifests: SAMPLE_BASELINE });
    const cidrs = typeof raw.publicAccessCidrs === 'string' ? raw.publicAccessCidrs.split(',') : [];
    expect(failures(plan, ruleOptions({ allowedPublicCidrs: cidrs }))).toEqual([]);
  });

  it('with GuardDuty runtime monitoring, the CloudWatch Observability add-on and Falco', async () => {
    const plan = await planClusterAndBaseline(
      { guardDuty: 'true', observability: 'true' },
      { manifests: SAMPLE_BASELINE, baseline: { falco: 'true' } },
    );
    expect(failures(plan, ruleOptions())).toEqual([]);
  });

  it('with every option of issue 14 on at once', async () => {
    const plan = await planClusterAndBaseline(
      {
        guardDuty: 'true',
        observability: 'true',
        ecrRepositories: 'team/api,team/web',
        inspectorEnhancedScanning: 'true',
        nodeAmiType: 'BOTTLEROCKET_ARM_64',
        nodeInstanceTypes: 'm7g.large',
        privateEgress: 'true',
        nodeMaxUnavailable: '2',
        nodeMinSize: '3',
      },
      { manifests: SAMPLE_BASELINE, baseline: { falco: 'true', enforceRegistryAllowlist: 'true' } },
    );
    expect(failures(plan, ruleOptions())).toEqual([]);
  });

  it('gives every AWS rule about a planned resource type something to pass, not only not-applicable', async () => {
    // The default plan, and one with the options whose rules judge nothing by default (Bottlerocket settings).
    const defaults = await planClusterAndBaseline({}, { manifests: SAMPLE_BASELINE });
    const optional = await planStack({ nodeAmiType: 'BOTTLEROCKET_x86_64', privateEgress: 'true' });
    const plan = { ...defaults, resources: [...defaults.resources, ...optional.resources] };
    const options = ruleOptions();
    const passing = awsRules
      .filter((rule) => plan.resources.some((resource) => rule.resourceTypes.includes(resource.type)))
      .map((rule) => ({
        rule: rule.id,
        passes: plan.resources.some(
          (r) =>
            rule.resourceTypes.includes(r.type) && rule.validate(r.inputs, options, r.name).status === 'pass',
        ),
      }));
    expect(passing.length).toBeGreaterThan(0);
    expect(passing.filter((entry) => !entry.passes)).toEqual([]);
  });
});
