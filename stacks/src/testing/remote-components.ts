import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import type { MockEnvironment } from './mock-state';

const hex = (seed: string, length: number): string =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);

/**
 * The outputs a provider plugin would return for the remote components users plan most (`@pulumi/eks` and
 * `@pulumi/awsx`), or undefined for any other type. Under `setMocks` a remote component is one registration
 * with no children, so without these its outputs (`cluster.kubeconfig`, `vpc.privateSubnetIds`) would be
 * undefined and a program that feeds them to other resources could not be planned. The shapes follow the
 * outputs of @pulumi/eks 4.3.0 (`cluster.d.ts`, `managedNodeGroup.d.ts`, `nodeGroupV2.d.ts`) and
 * @pulumi/awsx 3.9.0 (`ec2/vpc.d.ts`); resource outputs (`eksCluster`, `nodeGroup`) are plain objects holding
 * the fields programs read from them.
 */
export function remoteComponentState(
  args: pulumi.runtime.MockResourceArgs,
  env: MockEnvironment,
): Record<string, unknown> | undefined {
  const inputs = (args.inputs ?? {}) as Record<string, unknown>;
  switch (args.type) {
    case 'eks:index:Cluster':
      return eksClusterState(args.name, inputs, env);
    case 'eks:index:ManagedNodeGroup': {
      const nodeGroupName =
        typeof inputs.nodeGroupName === 'string' ? inputs.nodeGroupName : `${args.name}-${hex(args.name, 7)}`;
      return {
        nodeGroup: {
          nodeGroupName,
          arn: `arn:${env.partition}:eks:${env.region}:${env.accountId}:nodegroup/${nodeGroupName}`,
          status: 'ACTIVE',
        },
      };
    }
    case 'eks:index:NodeGroupV2':
    case 'eks:index:NodeGroup':
      return {
        autoScalingGroup: { name: `${args.name}-${hex(args.name, 7)}` },
        autoScalingGroupName: `${args.name}-${hex(args.name, 7)}`,
        nodeSecurityGroupId: `sg-0${hex(`${args.name}-nodeSecurityGroup`, 16)}`,
        extraNodeSecurityGroups: [],
      };
    case 'awsx:ec2:Vpc':
      return awsxVpcState(args.name, inputs, env);
    default:
      return undefined;
  }
}

function eksClusterState(
  name: string,
  inputs: Record<string, unknown>,
  env: MockEnvironment,
): Record<string, unknown> {
  const clusterName = typeof inputs.name === 'string' ? inputs.name : `${name}-eksCluster-${hex(name, 7)}`;
  const oidcId = hex(clusterName, 32).toUpperCase();
  const endpoint = `https://${oidcId}.gr7.${env.region}.eks.${env.dnsSuffix}`;
  const issuer = `https://oidc.eks.${env.region}.${env.dnsSuffix}/id/${oidcId}`;
  const certificateAuthority = { data: Buffer.from(`mock CA for ${clusterName}`).toString('base64') };
  const clusterSecurityGroupId = `sg-0${hex(`${name}-eksClusterSecurityGroup`, 16)}`;
  const kubeconfig = {
    apiVersion: 'v1',
    clusters: [
      {
        cluster: { server: endpoint, 'certificate-authority-data': certificateAuthority.data },
        name: 'kubernetes',
      },
    ],
    contexts: [{ context: { cluster: 'kubernetes', user: 'aws' }, name: 'aws' }],
    'current-context': 'aws',
    kind: 'Config',
    users: [
      {
        name: 'aws',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: 'aws',
            args: [
              '--region',
              env.region,
              'eks',
              'get-token',
              '--cluster-name',
              clusterName,
              '--output',
              'json',
            ],
          },
        },
      },
    ],
  };
  const eksCluster = {
    name: clusterName,
    arn: `arn:${env.partition}:eks:${env.region}:${env.accountId}:cluster/${clusterName}`,
    endpoint,
    version: typeof inputs.version === 'string' ? inputs.version : undefined,
    certificateAuthority,
    identities: [{ oidcs: [{ issuer }] }],
    vpcConfig: { clusterSecurityGroupId },
  };
  const oidcProviderArn =
    inputs.createOidcProvider === true
      ? `arn:${env.partition}:iam::${env.accountId}:oidc-provider/${issuer.replace(/^https:\/\//, '')}`
      : '';
  return {
    kubeconfig,
    kubeconfigJson: JSON.stringify(kubeconfig),
    eksCluster,
    core: { cluster: eksCluster, endpoint, vpcId: inputs.vpcId, subnetIds: inputs.subnetIds ?? [] },
    clusterSecurityGroupId,
    nodeSecurityGroupId: `sg-0${hex(`${name}-nodeSecurityGroup`, 16)}`,
    oidcProviderArn,
    oidcProviderUrl: issuer,
    oidcIssuer: issuer.replace(/^https:\/\//, ''),
    defaultNodeGroupAsgName: inputs.skipDefaultNodeGroup === true ? '' : `${name}-${hex(name, 7)}`,
    instanceRoles: [],
  };
}

function awsxVpcState(
  name: string,
  inputs: Record<string, unknown>,
  env: MockEnvironment,
): Record<string, unknown> {
  const zones =
    typeof inputs.numberOfAvailabilityZones === 'number'
      ? env.availabilityZones.slice(0, inputs.numberOfAvailabilityZones)
      : env.availabilityZones;
  const vpcId = `vpc-0${hex(`awsx:${name}`, 16)}`;
  const subnets = (kind: string) => zones.map((zone) => `subnet-0${hex(`${name}-${kind}-${zone}`, 16)}`);
  return {
    vpcId,
    vpc: { id: vpcId, cidrBlock: inputs.cidrBlock ?? '10.0.0.0/16' },
    publicSubnetIds: subnets('public'),
    privateSubnetIds: subnets('private'),
    isolatedSubnetIds: [],
    natGateways: [],
    routeTables: [],
    subnets: [],
    internetGateway: {},
    eips: [],
    routes: [],
    routeTableAssociations: [],
    vpcEndpoints: [],
  };
}
