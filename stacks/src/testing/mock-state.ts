import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';
import { buildKubeconfig } from '../hardened-cluster';
import { remoteComponentState } from './remote-components';

/** The account, region and caller the mock runtime pretends to run in. */
export interface MockEnvironment {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly dnsSuffix: string;
  /** The IAM role behind the caller's session (`aws.iam.getSessionContext` issuer). */
  readonly deployerRoleArn: string;
  /** The caller's STS session ARN (`aws.getCallerIdentity`). */
  readonly callerArn: string;
  readonly availabilityZones: readonly string[];
  /**
   * The outputs each StackReference reads, by stack name (`<organization>/<project>/<stack>`). A stack not
   * listed reads {@link mockClusterOutputs}: the outputs of a HardenedEksCluster program in this environment.
   */
  readonly stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The zone IDs of {@link availabilityZones}, index for index (zone names map to IDs per account). */
  readonly zoneIds: readonly string[];
}

/** A realistic account: us-east-1, three zones, deploying through an assumed role. */
export const DEFAULT_MOCK_ENVIRONMENT: MockEnvironment = mockEnvironment();

/**
 * A mock environment with the given fields; the zones, deployer role and caller follow the region and
 * account unless given too (a preview for eu-west-1 plans subnets in eu-west-1a, b and c).
 */
export function mockEnvironment(overrides: Partial<MockEnvironment> = {}): MockEnvironment {
  const accountId = overrides.accountId ?? '111122223333';
  const region = overrides.region ?? 'us-east-1';
  const partition = overrides.partition ?? 'aws';
  return Object.freeze({
    accountId,
    region,
    partition,
    dnsSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    deployerRoleArn: `arn:${partition}:iam::${accountId}:role/platform-deployer`,
    callerArn: `arn:${partition}:sts::${accountId}:assumed-role/platform-deployer/pulumi`,
    availabilityZones: ['a', 'b', 'c'].map((zone) => `${region}${zone}`),
    // None of the zone IDs EKS refuses (use1-az3 and the like): a test that wants one says so.
    zoneIds: [1, 2, 4].map((n) => `${zoneIdPrefix(region)}-az${n}`),
    ...overrides,
  });
}

/** `us-east-1` → `use1`, the prefix of the region's zone IDs. */
function zoneIdPrefix(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${direction.slice(0, 1)}${number}`;
}

const hex = (seed: string, length: number): string =>
  createHash('sha256').update(seed).digest('hex').slice(0, length);

/**
 * The stack outputs of a HardenedEksCluster program (`blueprints/cluster.ts`) in this environment, with the
 * default cluster name: what a StackReference to a cluster stack reads under the mock runtime.
 */
export function mockClusterOutputs(
  env: MockEnvironment,
  clusterName = 'hardened-eks',
): Record<string, unknown> {
  const oidcId = hex(clusterName, 32).toUpperCase();
  const endpoint = `https://${oidcId}.gr7.${env.region}.eks.${env.dnsSuffix}`;
  const sg = (role: string) => `sg-0${hex(`${clusterName}-${role}`, 16)}`;
  return {
    clusterName,
    endpoint,
    oidcIssuer: `https://oidc.eks.${env.region}.${env.dnsSuffix}/id/${oidcId}`,
    kubeconfig: JSON.stringify(
      buildKubeconfig({
        clusterName,
        endpoint,
        certificateAuthorityData: Buffer.from(`mock CA for ${clusterName}`).toString('base64'),
        region: env.region,
        // The admin role the program creates when no clusterAdminRoleArns are set (component 'eks').
        roleArn: `arn:${env.partition}:iam::${env.accountId}:role/eks-cluster-admin`,
      }),
    ),
    clusterSecurityGroupId: sg('cluster-sg'),
    controlPlaneSecurityGroupId: sg('control-plane'),
    nodeSecurityGroupId: sg('nodes'),
    vpcId: `vpc-0${hex(`${clusterName}-vpc`, 16)}`,
    privateSubnetIds: ['a', 'b', 'c'].map((zone) => `subnet-0${hex(`${clusterName}-private-${zone}`, 16)}`),
    ecrRegistry: `${env.accountId}.dkr.ecr.${env.region}.${env.dnsSuffix}`,
    ecrRepositoryUrls: [],
  };
}

/** EC2-style id prefixes, so planned ids look like the real ones (`vpc-0a1b…`). */
const EC2_ID_PREFIXES: Readonly<Record<string, string>> = {
  'aws:ec2/vpc:Vpc': 'vpc',
  'aws:ec2/subnet:Subnet': 'subnet',
  'aws:ec2/securityGroup:SecurityGroup': 'sg',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup': 'sg',
  'aws:ec2/internetGateway:InternetGateway': 'igw',
  'aws:ec2/natGateway:NatGateway': 'nat',
  'aws:ec2/eip:Eip': 'eipalloc',
  'aws:ec2/routeTable:RouteTable': 'rtb',
  'aws:ec2/launchTemplate:LaunchTemplate': 'lt',
  'aws:ec2/flowLog:FlowLog': 'fl',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 'sgr',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': 'sgr',
  'aws:ec2/vpcEndpoint:VpcEndpoint': 'vpce',
};

/**
 * The state a real provider would return for a new resource: the inputs plus computed outputs (`id`,
 * `arn`, names, and the fields our components read, such as an EKS cluster's endpoint and OIDC issuer), or
 * the outputs of a remote component (see {@link remoteComponentState}).
 */
export function mockResourceState(
  args: pulumi.runtime.MockResourceArgs,
  env: MockEnvironment,
): pulumi.runtime.MockResourceResult {
  const component = remoteComponentState(args, env);
  if (component) return { id: undefined, state: component };
  const inputs = (args.inputs ?? {}) as Record<string, unknown>;
  const name = typeof inputs.name === 'string' ? inputs.name : args.name;
  const prefix = EC2_ID_PREFIXES[args.type];
  const id = prefix ? `${prefix}-0${hex(args.type + args.name, 16)}` : `${args.name}-id`;
  const region = `${env.partition}:%s:${env.region}:${env.accountId}`;
  const arnOf = (service: string, resource: string) => `arn:${region.replace('%s', service)}:${resource}`;
  const base: Record<string, unknown> = { ...inputs, id, name, tagsAll: inputs.tags ?? {} };

  switch (args.type) {
    case 'pulumi:pulumi:StackReference': {
      const stack = String(inputs.name ?? args.name);
      return {
        id: stack,
        state: {
          name: stack,
          outputs: env.stackOutputs?.[stack] ?? mockClusterOutputs(env),
          secretOutputNames: [],
        },
      };
    }
    case 'aws:iam/role:Role':
      return {
        id: name,
        state: {
          ...base,
          arn: `arn:${env.partition}:iam::${env.accountId}:role/${name}`,
          uniqueId: `AROA${hex(name, 16).toUpperCase()}`,
        },
      };
    case 'aws:iam/policy:Policy':
      return { id, state: { ...base, arn: `arn:${env.partition}:iam::${env.accountId}:policy/${name}` } };
    case 'aws:kms/key:Key': {
      const keyId = `${hex(args.name, 8)}-${hex(args.name, 4)}-4${hex(args.name, 3)}-8${hex(args.name, 3)}-${hex(args.name, 12)}`;
      return { id: keyId, state: { ...base, keyId, arn: arnOf('kms', `key/${keyId}`) } };
    }
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { id: name, state: { ...base, arn: arnOf('logs', `log-group:${name}`) } };
    case 'aws:eks/cluster:Cluster': {
      const oidcId = hex(name, 32).toUpperCase();
      const vpcConfig = (inputs.vpcConfig ?? {}) as Record<string, unknown>;
      return {
        id: name,
        state: {
          ...base,
          arn: arnOf('eks', `cluster/${name}`),
          endpoint: `https://${oidcId}.gr7.${env.region}.eks.${env.dnsSuffix}`,
          certificateAuthority: { data: Buffer.from(`mock CA for ${name}`).toString('base64') },
          identities: [
            { oidcs: [{ issuer: `https://oidc.eks.${env.region}.${env.dnsSuffix}/id/${oidcId}` }] },
          ],
          vpcConfig: { ...vpcConfig, clusterSecurityGroupId: `sg-0${hex(`${name}-cluster-sg`, 16)}` },
          platformVersion: 'eks.1',
          status: 'ACTIVE',
        },
      };
    }
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider': {
      const url = String(inputs.url ?? '').replace(/^https:\/\//, '');
      return {
        id,
        state: { ...base, arn: `arn:${env.partition}:iam::${env.accountId}:oidc-provider/${url}` },
      };
    }
    case 'aws:ec2/launchTemplate:LaunchTemplate':
      return {
        id,
        state: { ...base, arn: arnOf('ec2', `launch-template/${id}`), latestVersion: 1, defaultVersion: 1 },
      };
    case 'aws:eks/nodeGroup:NodeGroup':
      return {
        id: `${inputs.clusterName}:${args.name}`,
        state: { ...base, arn: arnOf('eks', `nodegroup/${args.name}`), status: 'ACTIVE' },
      };
    case 'aws:ecr/repository:Repository':
      return {
        id: name,
        state: {
          ...base,
          arn: arnOf('ecr', `repository/${name}`),
          registryId: env.accountId,
          repositoryUrl: `${env.accountId}.dkr.ecr.${env.region}.${env.dnsSuffix}/${name}`,
        },
      };
    case 'aws:ec2/vpcEndpoint:VpcEndpoint':
      // A gateway endpoint exposes the service's prefix list, which security group rules refer to.
      return inputs.vpcEndpointType === 'Gateway'
        ? { id, state: { ...base, prefixListId: `pl-0${hex(String(inputs.serviceName), 8)}` } }
        : { id, state: base };
    case 'aws:guardduty/detector:Detector':
      return { id: hex(args.name, 32), state: { ...base, accountId: env.accountId } };
    default: {
      const [, module = 'mock', kind = 'resource'] = args.type.split(':');
      const service = module.split('/')[0] ?? module;
      return { id, state: { ...base, arn: arnOf(service, `${kind.toLowerCase()}/${id}`) } };
    }
  }
}

/** Results of the provider functions our components call; any other call fails loudly. */
export function mockCall(
  args: pulumi.runtime.MockCallArgs,
  env: MockEnvironment,
): pulumi.runtime.MockCallResult {
  switch (args.token) {
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return {
        accountId: env.accountId,
        arn: env.callerArn,
        id: env.accountId,
        userId: `AROA${hex(env.callerArn, 16).toUpperCase()}:pulumi`,
      };
    case 'aws:index/getPartition:getPartition':
      return {
        partition: env.partition,
        dnsSuffix: env.dnsSuffix,
        id: env.partition,
        reverseDnsPrefix: 'com.amazonaws',
      };
    case 'aws:index/getRegion:getRegion':
      return {
        region: env.region,
        name: env.region,
        id: env.region,
        endpoint: `ec2.${env.region}.${env.dnsSuffix}`,
        description: env.region,
      };
    case 'aws:index/getAvailabilityZones:getAvailabilityZones': {
      // As EC2 DescribeAvailabilityZones answers: `excludeZoneIds`, `excludeNames` and a `zone-name` filter apply.
      const inputs = args.inputs as {
        excludeZoneIds?: string[];
        excludeNames?: string[];
        filters?: { name: string; values: string[] }[];
      };
      const named = inputs.filters?.find((filter) => filter.name === 'zone-name')?.values;
      const zones = env.availabilityZones
        .map((name, i) => ({ name, zoneId: env.zoneIds[i] ?? `${env.region}-az${i + 1}` }))
        .filter(
          (zone) =>
            !inputs.excludeZoneIds?.includes(zone.zoneId) &&
            !inputs.excludeNames?.includes(zone.name) &&
            (named === undefined || named.includes(zone.name)),
        );
      return {
        names: zones.map((zone) => zone.name),
        zoneIds: zones.map((zone) => zone.zoneId),
        id: env.region,
        state: 'available',
        groupNames: [env.region],
      };
    }
    case 'aws:iam/getSessionContext:getSessionContext': {
      const roleName = env.deployerRoleArn.split('/').pop() ?? 'deployer';
      return {
        arn: args.inputs.arn,
        issuerArn: env.deployerRoleArn,
        issuerId: 'AROAMOCK',
        issuerName: roleName,
        sessionName: 'pulumi',
        id: env.deployerRoleArn,
      };
    }
    default:
      throw new Error(
        `mock runtime: no result for provider function ${args.token}: the mocks of @eks-hardening/pulumi/testing answer only the functions its components call (add it in testing/mock-state.ts)`,
      );
  }
}
