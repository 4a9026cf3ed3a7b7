import { UNKNOWN } from '../../policies/src/engine/unknown';
import type { AnalyzerResource } from '../fixtures/analyzer-harness';

/**
 * AWS resources as a Pulumi program would plan them (inputs as `@pulumi/aws` v7 sends them), secure by
 * default, and the smallest insecure change per policy. Shared by the gRPC and the in-process tests.
 */
export const secureCluster: AnalyzerResource = {
  type: 'aws:eks/cluster:Cluster',
  name: 'prod',
  properties: {
    name: 'prod',
    version: '1.35',
    roleArn: 'arn:aws:iam::111122223333:role/prod-cluster',
    vpcConfig: {
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
      subnetIds: ['subnet-0a', 'subnet-0b'],
    },
    encryptionConfig: {
      provider: { keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k' },
      resources: ['secrets'],
    },
    enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
  },
};

export const secureResources: readonly AnalyzerResource[] = [
  secureCluster,
  {
    type: 'aws:kms/key:Key',
    name: 'secrets',
    properties: { enableKeyRotation: true, deletionWindowInDays: 30 },
  },
  {
    type: 'aws:ec2/securityGroup:SecurityGroup',
    name: 'nodes',
    properties: {
      vpcId: 'vpc-1',
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
    },
  },
  {
    type: 'aws:ec2/securityGroupRule:SecurityGroupRule',
    name: 'kubelet',
    properties: {
      type: 'ingress',
      protocol: 'tcp',
      fromPort: 10250,
      toPort: 10250,
      sourceSecurityGroupId: 'sg-1',
      securityGroupId: 'sg-2',
    },
  },
  {
    type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
    name: 'https-v6',
    properties: { securityGroupId: 'sg-2', ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' },
  },
  {
    type: 'aws:ec2/launchTemplate:LaunchTemplate',
    name: 'nodes',
    properties: {
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { encrypted: 'true', volumeSize: 50, volumeType: 'gp3' } },
      ],
    },
  },
  {
    type: 'aws:eks/nodeGroup:NodeGroup',
    name: 'workers',
    properties: {
      clusterName: 'prod',
      nodeRoleArn: 'arn:aws:iam::111122223333:role/nodes',
      subnetIds: ['subnet-0a'],
      nodeRepairConfig: { enabled: true },
    },
  },
  {
    type: 'aws:cloudwatch/logGroup:LogGroup',
    name: 'control-plane-logs',
    properties: {
      name: '/aws/eks/prod/cluster',
      retentionInDays: 365,
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/l',
    },
  },
  {
    type: 'aws:ebs/volume:Volume',
    name: 'data',
    properties: { availabilityZone: 'us-east-1a', size: 20, encrypted: true },
  },
  {
    type: 'aws:ecr/repository:Repository',
    name: 'api',
    properties: {
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: 'IMMUTABLE',
      encryptionConfigurations: [
        { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:111122223333:key/ecr' },
      ],
    },
  },
  {
    type: 'aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration',
    name: 'registry',
    properties: {
      scanType: 'ENHANCED',
      rules: [
        { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'api', filterType: 'WILDCARD' }] },
      ],
    },
  },
  {
    type: 'aws:eks/addon:Addon',
    name: 'vpc-cni',
    properties: {
      clusterName: 'prod',
      addonName: 'vpc-cni',
      configurationValues: '{"enableNetworkPolicy":"true"}',
      podIdentityAssociations: [
        { serviceAccount: 'aws-node', roleArn: 'arn:aws:iam::111122223333:role/prod-vpc-cni' },
      ],
    },
  },
];

function secure(type: string): AnalyzerResource {
  return secureResources.find((resource) => resource.type === type)!;
}

function changed(type: string, properties: Record<string, unknown>): AnalyzerResource {
  const base = secure(type);
  return { ...base, properties: { ...base.properties, ...properties } };
}

/** One insecure variant: the resource, the policy that must catch it, at which level, and a piece of the message. */
export interface InsecureVariant {
  readonly case: string;
  readonly resource: AnalyzerResource;
  readonly policy: string;
  readonly level: 'mandatory' | 'advisory';
  readonly message: string;
}

const clusterType = 'aws:eks/cluster:Cluster';
const vpc = secureCluster.properties.vpcConfig as Record<string, unknown>;

export const insecureVariants: readonly InsecureVariant[] = [
  {
    case: 'a cluster without secrets encryption',
    resource: changed(clusterType, { encryptionConfig: undefined }),
    policy: 'eks-secrets-encryption',
    level: 'mandatory',
    message: 'Cluster/prod: encryptionConfig is not set',
  },
  {
    case: 'a cluster that omits endpointPublicAccess (public by AWS default)',
    resource: changed(clusterType, { vpcConfig: { subnetIds: vpc.subnetIds } }),
    policy: 'eks-endpoint-private',
    level: 'mandatory',
    message: 'so AWS opens the API endpoint to 0.0.0.0/0',
  },
  {
    case: 'a cluster public to 0.0.0.0/0',
    resource: changed(clusterType, {
      vpcConfig: { ...vpc, endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
    }),
    policy: 'eks-endpoint-private',
    level: 'mandatory',
    message: "'0.0.0.0/0' opens the API endpoint to the whole internet",
  },
  {
    case: 'a cluster missing the audit log',
    resource: changed(clusterType, {
      enabledClusterLogTypes: ['api', 'authenticator', 'controllerManager', 'scheduler'],
    }),
    policy: 'eks-control-plane-logging',
    level: 'advisory',
    message: "control-plane log type 'audit' is not enabled",
  },
  {
    case: 'a cluster on the aws-auth ConfigMap',
    resource: changed(clusterType, {
      accessConfig: {
        authenticationMode: 'API_AND_CONFIG_MAP',
        bootstrapClusterCreatorAdminPermissions: false,
      },
    }),
    policy: 'eks-access-entries-auth-mode',
    level: 'advisory',
    message: 'the aws-auth ConfigMap still grants access',
  },
  {
    case: 'a cluster that makes its creator a permanent admin',
    resource: changed(clusterType, {
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
    }),
    policy: 'eks-no-creator-admin',
    level: 'advisory',
    message: 'accessConfig.bootstrapClusterCreatorAdminPermissions is true',
  },
  {
    case: 'a cluster without a pinned version',
    resource: changed(clusterType, { version: undefined }),
    policy: 'eks-version-supported',
    level: 'advisory',
    message: 'version is not set',
  },
  {
    case: 'a KMS key without rotation',
    resource: changed('aws:kms/key:Key', { enableKeyRotation: false }),
    policy: 'kms-key-rotation',
    level: 'advisory',
    message: 'Key/secrets: enableKeyRotation is false',
  },
  {
    case: 'a security group open to SSH from the internet',
    resource: changed('aws:ec2/securityGroup:SecurityGroup', {
      ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }],
    }),
    policy: 'security-group-no-world-ingress',
    level: 'mandatory',
    message: 'SecurityGroup/nodes: ingress[0] allows tcp port 22 from 0.0.0.0/0, which covers SSH (22)',
  },
  {
    case: 'a SecurityGroupRule open to the kubelet from ::/0',
    resource: changed('aws:ec2/securityGroupRule:SecurityGroupRule', {
      sourceSecurityGroupId: undefined,
      ipv6CidrBlocks: ['::/0'],
    }),
    policy: 'security-group-no-world-ingress',
    level: 'mandatory',
    message: 'SecurityGroupRule/kubelet: allows tcp port 10250 from ::/0',
  },
  {
    case: 'a SecurityGroupIngressRule allowing all traffic from 0.0.0.0/0',
    resource: changed('aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule', {
      ipProtocol: '-1',
      fromPort: undefined,
      toPort: undefined,
      cidrIpv6: undefined,
      cidrIpv4: '0.0.0.0/0',
    }),
    policy: 'security-group-no-world-ingress',
    level: 'mandatory',
    message: 'SecurityGroupIngressRule/https-v6: allows all traffic from 0.0.0.0/0',
  },
  {
    case: 'a launch template allowing IMDSv1',
    resource: changed('aws:ec2/launchTemplate:LaunchTemplate', { metadataOptions: undefined }),
    policy: 'launch-template-imdsv2',
    level: 'mandatory',
    message: 'LaunchTemplate/nodes: metadataOptions is not set',
  },
  {
    case: 'a launch template with hop limit 2',
    resource: changed('aws:ec2/launchTemplate:LaunchTemplate', {
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 },
    }),
    policy: 'launch-template-imdsv2',
    level: 'mandatory',
    message: 'httpPutResponseHopLimit is 2',
  },
  {
    case: 'a launch template with an unencrypted volume',
    resource: changed('aws:ec2/launchTemplate:LaunchTemplate', {
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50 } }],
    }),
    policy: 'launch-template-ebs-encrypted',
    level: 'advisory',
    message: 'blockDeviceMappings[0].ebs.encrypted (/dev/xvda) is not set',
  },
  {
    case: 'a node group with SSH access',
    resource: changed('aws:eks/nodeGroup:NodeGroup', { remoteAccess: { ec2SshKey: 'ops' } }),
    policy: 'node-group-no-remote-access',
    level: 'mandatory',
    message: 'NodeGroup/workers: remoteAccess is set',
  },
  {
    case: 'a node group without auto repair',
    resource: changed('aws:eks/nodeGroup:NodeGroup', { nodeRepairConfig: { enabled: false } }),
    policy: 'node-group-auto-repair',
    level: 'advisory',
    message: 'NodeGroup/workers: nodeRepairConfig.enabled is false',
  },
  {
    case: 'a control-plane log group kept forever',
    resource: changed('aws:cloudwatch/logGroup:LogGroup', { retentionInDays: undefined }),
    policy: 'log-group-retention-kms',
    level: 'advisory',
    message: 'retentionInDays is not set',
  },
  {
    case: 'an unencrypted EBS volume',
    resource: changed('aws:ebs/volume:Volume', { encrypted: false }),
    policy: 'ebs-volume-encrypted',
    level: 'advisory',
    message: 'Volume/data: encrypted is false',
  },
  {
    case: 'an ECR repository without scan on push',
    resource: changed('aws:ecr/repository:Repository', { imageScanningConfiguration: { scanOnPush: false } }),
    policy: 'ecr-scan-on-push',
    level: 'advisory',
    message: 'imageScanningConfiguration.scanOnPush is false',
  },
  {
    case: 'an ECR repository with mutable tags',
    resource: changed('aws:ecr/repository:Repository', { imageTagMutability: 'MUTABLE' }),
    policy: 'ecr-immutable-tags',
    level: 'advisory',
    message: "imageTagMutability is 'MUTABLE'",
  },
  {
    case: 'an ECR repository encrypted with AES256',
    resource: changed('aws:ecr/repository:Repository', {
      encryptionConfigurations: [{ encryptionType: 'AES256' }],
    }),
    policy: 'ecr-kms-encryption',
    level: 'advisory',
    message: "encryptionConfigurations[0].encryptionType is 'AES256'",
  },
  {
    case: 'the ECR registry on basic scanning',
    resource: changed('aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration', {
      scanType: 'BASIC',
    }),
    policy: 'ecr-enhanced-scanning',
    level: 'advisory',
    message: "scanType is 'BASIC'",
  },
  {
    case: 'the vpc-cni add-on without NetworkPolicy',
    resource: changed('aws:eks/addon:Addon', { configurationValues: undefined }),
    policy: 'vpc-cni-network-policy',
    level: 'mandatory',
    message: 'Addon/vpc-cni: configurationValues is not set',
  },
  {
    case: 'the vpc-cni add-on on the node role',
    resource: changed('aws:eks/addon:Addon', { podIdentityAssociations: undefined }),
    policy: 'eks-addon-identity',
    level: 'advisory',
    message: 'Addon/vpc-cni: the vpc-cni add-on calls AWS APIs but has neither',
  },
];

/** A cluster whose endpoint setting is an output not known at preview. */
export const clusterWithUnknownEndpoint: AnalyzerResource = {
  ...secureCluster,
  name: 'pending',
  properties: { ...secureCluster.properties, vpcConfig: { ...vpc, endpointPublicAccess: UNKNOWN } },
};
