/**
 * AWS API answers for one cluster, shaped as the AWS API references print them (field names, nesting, enum
 * values), typed by the AWS SDK v3 output types so a shape the API does not return does not compile.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeCluster.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeNodegroup.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 */
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { LaunchTemplateVersion, SecurityGroup } from '@aws-sdk/client-ec2';
import type { Addon, Cluster, Nodegroup } from '@aws-sdk/client-eks';

/** DescribeCluster `cluster` of a hardened cluster (private endpoint, envelope encryption, all logs, API mode). */
export function apiCluster(): Cluster {
  return {
    name: 'prod',
    arn: 'arn:aws:eks:us-east-1:111122223333:cluster/prod',
    createdAt: new Date('2025-01-15T10:00:00Z'),
    version: '1.33',
    endpoint: 'https://A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6.gr7.us-east-1.eks.amazonaws.com',
    roleArn: 'arn:aws:iam::111122223333:role/eks-cluster',
    resourcesVpcConfig: {
      subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60718'],
      securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
      clusterSecurityGroupId: 'sg-0c1d2e3f4a5b60718',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      endpointPublicAccess: false,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16', ipFamily: 'ipv4' },
    logging: {
      clusterLogging: [
        { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true },
      ],
    },
    identity: {
      oidc: { issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6' },
    },
    status: 'ACTIVE',
    certificateAuthority: { data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t' },
    platformVersion: 'eks.9',
    tags: { team: 'platform' },
    encryptionConfig: [
      {
        resources: ['secrets'],
        provider: { keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      },
    ],
    accessConfig: { bootstrapClusterCreatorAdminPermissions: false, authenticationMode: 'API' },
    upgradePolicy: { supportType: 'STANDARD' },
  };
}

/** DescribeNodegroup `nodegroup` of a managed node group with its own launch template. */
export function apiNodegroup(): Nodegroup {
  return {
    nodegroupName: 'general',
    nodegroupArn:
      'arn:aws:eks:us-east-1:111122223333:nodegroup/prod/general/0ac0b2f8-1234-5678-9abc-def012345678',
    clusterName: 'prod',
    version: '1.33',
    releaseVersion: '1.33.0-20250704',
    status: 'ACTIVE',
    capacityType: 'ON_DEMAND',
    scalingConfig: { minSize: 3, maxSize: 6, desiredSize: 3 },
    instanceTypes: ['m6i.large'],
    subnets: ['subnet-0a1b2c3d4e5f60718'],
    amiType: 'AL2023_x86_64_STANDARD',
    nodeRole: 'arn:aws:iam::111122223333:role/eks-node',
    labels: { role: 'general' },
    taints: [{ key: 'dedicated', value: 'general', effect: 'NO_SCHEDULE' }],
    resources: { autoScalingGroups: [{ name: 'eks-general-0ac0b2f8-1234-5678-9abc-def012345678' }] },
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    launchTemplate: { name: 'general-nodes', version: '3', id: 'lt-0a1b2c3d4e5f60718' },
    tags: { team: 'platform' },
  };
}

/** A DescribeLaunchTemplateVersions entry: IMDSv2 required with hop limit 1, an encrypted gp3 root volume. */
export function apiLaunchTemplateVersion(): LaunchTemplateVersion {
  return {
    LaunchTemplateId: 'lt-0a1b2c3d4e5f60718',
    LaunchTemplateName: 'general-nodes',
    VersionNumber: 3,
    CreateTime: new Date('2025-01-15T10:00:00Z'),
    CreatedBy: 'arn:aws:sts::111122223333:assumed-role/platform-deployer/pulumi',
    DefaultVersion: true,
    LaunchTemplateData: {
      ImageId: 'ami-0a1b2c3d4e5f60718',
      SecurityGroupIds: ['sg-0d1e2f3a4b5c60718'],
      MetadataOptions: {
        HttpTokens: 'required',
        HttpPutResponseHopLimit: 1,
        HttpEndpoint: 'enabled',
        HttpProtocolIpv6: 'disabled',
        InstanceMetadataTags: 'disabled',
      },
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/xvda',
          Ebs: {
            Encrypted: true,
            DeleteOnTermination: true,
            KmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab',
            VolumeSize: 50,
            VolumeType: 'gp3',
          },
        },
      ],
    },
  };
}

/** DescribeAddon `addon` of vpc-cni with NetworkPolicy enforcement on. */
export function apiAddon(): Addon {
  return {
    addonName: 'vpc-cni',
    clusterName: 'prod',
    status: 'ACTIVE',
    addonVersion: 'v1.19.2-eksbuild.1',
    health: { issues: [] },
    addonArn: 'arn:aws:eks:us-east-1:111122223333:addon/prod/vpc-cni/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    configurationValues: '{"enableNetworkPolicy":"true"}',
  };
}

/** A DescribeSecurityGroups entry: the cluster security group. */
export function apiSecurityGroup(): SecurityGroup {
  return {
    GroupId: 'sg-0c1d2e3f4a5b60718',
    GroupName: 'eks-cluster-sg-prod-123456789',
    Description:
      'EKS created security group applied to ENI that is attached to EKS Control Plane master nodes',
    OwnerId: '111122223333',
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    IpPermissions: [
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        UserIdGroupPairs: [{ GroupId: 'sg-0d1e2f3a4b5c60718', UserId: '111122223333', Description: 'nodes' }],
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '10.0.0.0/16' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        UserIdGroupPairs: [],
        PrefixListIds: [],
      },
    ],
    IpPermissionsEgress: [
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [],
        UserIdGroupPairs: [],
        PrefixListIds: [],
      },
    ],
    Tags: [{ Key: 'Name', Value: 'eks-cluster-sg-prod' }],
  };
}

/** A DescribeLogGroups entry: the control-plane log group with retention and a KMS key. */
export function apiLogGroup(): LogGroup {
  return {
    logGroupName: '/aws/eks/prod/cluster',
    creationTime: 1736935200000,
    retentionInDays: 365,
    metricFilterCount: 0,
    arn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/eks/prod/cluster:*',
    storedBytes: 0,
    kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/9abcabcd-12ab-34cd-56ef-1234567890ab',
    logGroupClass: 'STANDARD',
  };
}
