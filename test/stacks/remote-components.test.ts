import * as awsx from '@pulumi/awsx';
import * as eks from '@pulumi/eks';
import { planProgram, resourceNamed } from '../fixtures/pulumi-mocks';

describe('programs of @pulumi/eks and @pulumi/awsx components under the mock runtime', () => {
  it('records a remote component as what it is: one registration with its own inputs, no children', async () => {
    const plan = await planProgram(() => {
      const cluster = new eks.Cluster('my-cluster', { endpointPublicAccess: false, version: '1.35' });
      return { kubeconfig: cluster.kubeconfig };
    });
    const cluster = resourceNamed(plan, 'eks:index:Cluster', 'my-cluster');
    expect(cluster).toMatchObject({
      custom: false,
      remote: true,
      inputs: { endpointPublicAccess: false, version: '1.35' },
    });
    expect(plan.resources.filter((resource) => resource.parent === cluster.urn)).toEqual([]);
    expect(plan.outputs.kubeconfig).toMatchObject({
      kind: 'Config',
      clusters: [{ cluster: { server: expect.stringMatching(/^https:\/\/.+\.eks\.amazonaws\.com$/) } }],
    });
  });

  it('records a reference to another resource as its URN, not a rebuilt resource object', async () => {
    const plan = await planProgram(() => {
      const cluster = new eks.Cluster('c', {
        skipDefaultNodeGroup: true,
        authenticationMode: eks.AuthenticationMode.Api,
      });
      new eks.ManagedNodeGroup('nodes', { cluster, nodeRoleArn: 'arn:aws:iam::111122223333:role/nodes' });
      return {};
    });
    const cluster = resourceNamed(plan, 'eks:index:Cluster', 'c');
    expect(resourceNamed(plan, 'eks:index:ManagedNodeGroup', 'nodes').inputs.cluster).toBe(cluster.urn);
  });

  it('gives the outputs programs feed to other resources: an awsx VPC’s subnets, an EKS cluster’s name', async () => {
    const plan = await planProgram(() => {
      const vpc = new awsx.ec2.Vpc('vpc', {});
      const cluster = new eks.Cluster('c', { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds });
      return { clusterName: cluster.eksCluster.name, oidcIssuer: cluster.oidcIssuer };
    });
    expect(resourceNamed(plan, 'eks:index:Cluster', 'c').inputs).toMatchObject({
      vpcId: expect.stringMatching(/^vpc-0[0-9a-f]{16}$/),
      privateSubnetIds: [
        expect.stringMatching(/^subnet-/),
        expect.stringMatching(/^subnet-/),
        expect.stringMatching(/^subnet-/),
      ],
    });
    expect(plan.outputs).toMatchObject({
      clusterName: expect.stringMatching(/^c-eksCluster-/),
      oidcIssuer: expect.stringMatching(/^oidc\.eks\.us-east-1\.amazonaws\.com\/id\//),
    });
  });
});
