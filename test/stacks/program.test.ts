import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { clusterTags } from '../../stacks/src/hardened-eks-cluster';
import {
  DEFAULT_MOCK_ENVIRONMENT,
  planProgram,
  planStack,
  resourcesOfType,
  type StackPlan,
} from '../fixtures/pulumi-mocks';

describe('hardenedStack outputs', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({ clusterName: 'outputs' });
  });

  it('plans no Kubernetes object and no Kubernetes provider: nothing configured could reach the private endpoint', () => {
    expect(plan.resources.filter((r) => /^(kubernetes:|pulumi:providers:kubernetes)/.test(r.type))).toEqual(
      [],
    );
  });

  it('reports the cluster name, endpoint, OIDC issuer, kubeconfig and security group ids', () => {
    expect(plan.outputs).toMatchObject({
      clusterName: 'outputs',
      endpoint: expect.stringMatching(/^https:\/\/.+\.eks\.amazonaws\.com$/),
      oidcIssuer: expect.stringMatching(/^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//),
      clusterSecurityGroupId: expect.stringMatching(/^sg-/),
      controlPlaneSecurityGroupId: expect.stringMatching(/^sg-/),
      nodeSecurityGroupId: expect.stringMatching(/^sg-/),
    });
    expect(JSON.parse(String(plan.outputs.kubeconfig))).toMatchObject({
      kind: 'Config',
      'current-context': 'outputs',
    });
  });

  it('stores the kubeconfig, and only the kubeconfig, as a secret', () => {
    expect(plan.secretOutputs).toEqual(['kubeconfig']);
  });

  it('tags every taggable AWS resource with the project and cluster', () => {
    const tagged = plan.resources.filter((r) => r.custom && r.type.startsWith('aws:') && 'tags' in r.inputs);
    expect(tagged.length).toBeGreaterThan(20);
    for (const resource of tagged)
      expect(resource.inputs.tags).toMatchObject(clusterTags({ clusterName: 'outputs' }));
  });
});

describe('planProgram', () => {
  it('keeps runs apart: a second plan sees only its own resources and environment', async () => {
    const bucket = () => {
      const identity = aws.getCallerIdentityOutput();
      return {
        account: identity.accountId,
        bucket: new aws.s3.Bucket('b', { tags: { account: identity.accountId } }).id,
      };
    };
    const first = await planProgram(bucket);
    const second = await planProgram(bucket, { environment: { accountId: '444455556666' } });
    expect(resourcesOfType(first, 'aws:s3/bucket:Bucket')).toHaveLength(1);
    expect(resourcesOfType(second, 'aws:s3/bucket:Bucket')).toHaveLength(1);
    expect(first.outputs.account).toBe(DEFAULT_MOCK_ENVIRONMENT.accountId);
    expect(resourcesOfType(second, 'aws:s3/bucket:Bucket')[0]!.inputs.tags).toEqual({
      account: '444455556666',
    });
  });

  it("plans the stack in the region asked for, with that region's zones", async () => {
    const plan = await planStack({}, { environment: { region: 'eu-west-1' } });
    const zones = resourcesOfType(plan, 'aws:ec2/subnet:Subnet').map(
      (subnet) => subnet.inputs.availabilityZone,
    );
    expect(new Set(zones)).toEqual(new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']));
    expect(String(plan.outputs.kubeconfig)).toContain('"--region","eu-west-1"');
  });

  it('reports secrets among the outputs and unwraps secret inputs to plain data', async () => {
    const plan = await planProgram(() => {
      const token = pulumi.secret('s3cr3t');
      new aws.ssm.Parameter('p', { type: 'SecureString', value: token });
      return { token, plain: pulumi.output('x') };
    });
    expect(plan.secretOutputs).toEqual(['token']);
    expect(resourcesOfType(plan, 'aws:ssm/parameter:Parameter')[0]!.inputs.value).toBe('s3cr3t');
  });

  it('refuses the aws-cn and aws-us-gov partitions from aws:region before planning anything', async () => {
    for (const region of ['cn-north-1', 'us-gov-west-1']) {
      await expect(planStack({}, { config: { 'aws:region': region } })).rejects.toThrow(
        `config 'aws:region' '${region}' is in the ${region.startsWith('cn') ? 'aws-cn' : 'aws-us-gov'} partition, which this stack does not support`,
      );
    }
    const plan = await planStack({}, { config: { 'aws:region': 'us-east-1' } });
    expect(resourcesOfType(plan, 'aws:eks/cluster:Cluster')).toHaveLength(1);
  });

  it('rejects configuration errors before planning anything', async () => {
    await expect(planStack({ kubernetesVersion: '1.1' })).rejects.toThrow(
      "config 'kubernetesVersion' must be one of",
    );
  });
});
