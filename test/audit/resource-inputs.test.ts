import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { Cluster } from '@aws-sdk/client-eks';
import type * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import {
  type AccessEntryInputs,
  type AccessPolicyAssociationInputs,
  type AddonInputs,
  accessEntryInputs,
  addonInputs,
  type ClusterInputs,
  clusterInputs,
  type DetectorFeatureInputs,
  type DetectorInputs,
  detectorInputs,
  type KmsKeyInputs,
  kmsKeyInputs,
  type LaunchTemplateInputs,
  type LogGroupInputs,
  launchTemplateInputs,
  logGroupInputs,
  type NodeGroupInputs,
  nodeGroupInputs,
  type SecurityGroupInputs,
  securityGroupInputs,
} from '../../audit/src/aws/resource-inputs';
import { ruleOptions } from '../../policies/src/engine/options';
import { awsRules } from '../../policies/src/registry/aws';
import {
  apiAddon,
  apiCluster,
  apiLaunchTemplateVersion,
  apiLogGroup,
  apiNodegroup,
  apiSecurityGroup,
} from './api-shapes';

/*
 * Compile-time: every adapter output type is the `@pulumi/aws` input type of its resource, field by field and
 * at every depth (a field the provider does not take, or takes with another type, fails `npm run typecheck`),
 * so the rules, written against the provider's inputs, read the same fields from a running cluster.
 */

/** `T` with every field `Shape` lacks, at any depth, turned into `never`. */
type Exactly<T, Shape> = T extends readonly (infer E)[]
  ? NonNullable<Shape> extends readonly (infer S)[]
    ? readonly Exactly<E, S>[]
    : never
  : T extends object
    ? { [K in keyof T]: K extends keyof NonNullable<Shape> ? Exactly<T[K], NonNullable<Shape>[K]> : never }
    : T;

/** True when `T` has only fields of the provider's `Args`, each of a type the provider takes. */
type ProviderShaped<T, Args> = [T] extends [Exactly<T, pulumi.Unwrap<Args>>]
  ? [T] extends [Partial<pulumi.Unwrap<Args>>]
    ? true
    : false
  : false;

const shaped: {
  cluster: ProviderShaped<ClusterInputs, aws.eks.ClusterArgs>;
  nodeGroup: ProviderShaped<NodeGroupInputs, aws.eks.NodeGroupArgs>;
  launchTemplate: ProviderShaped<LaunchTemplateInputs, aws.ec2.LaunchTemplateArgs>;
  addon: ProviderShaped<AddonInputs, aws.eks.AddonArgs>;
  securityGroup: ProviderShaped<SecurityGroupInputs, aws.ec2.SecurityGroupArgs>;
  kmsKey: ProviderShaped<KmsKeyInputs, aws.kms.KeyArgs>;
  logGroup: ProviderShaped<LogGroupInputs, aws.cloudwatch.LogGroupArgs>;
  accessEntry: ProviderShaped<AccessEntryInputs, aws.eks.AccessEntryArgs>;
  accessPolicyAssociation: ProviderShaped<AccessPolicyAssociationInputs, aws.eks.AccessPolicyAssociationArgs>;
  detector: ProviderShaped<DetectorInputs, aws.guardduty.DetectorArgs>;
  detectorFeature: ProviderShaped<DetectorFeatureInputs, aws.guardduty.DetectorFeatureArgs>;
} = {
  cluster: true,
  nodeGroup: true,
  launchTemplate: true,
  addon: true,
  securityGroup: true,
  kmsKey: true,
  logGroup: true,
  accessEntry: true,
  accessPolicyAssociation: true,
  detector: true,
  detectorFeature: true,
};

const rule = (id: string) => awsRules.find((candidate) => candidate.id === id)!;
const decide = (id: string, inputs: object, name = 'prod') =>
  rule(id).validate(inputs as Record<string, unknown>, ruleOptions(), name);

describe('the AWS adapter', () => {
  it('holds every output type to the provider input type of its resource', () => {
    expect(Object.values(shaped).every(Boolean)).toBe(true);
  });

  it('maps DescribeCluster to aws.eks.Cluster inputs', () => {
    expect(clusterInputs(apiCluster())).toEqual({
      name: 'prod',
      version: '1.33',
      roleArn: 'arn:aws:iam::111122223333:role/eks-cluster',
      vpcConfig: {
        subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60718'],
        securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
        clusterSecurityGroupId: 'sg-0c1d2e3f4a5b60718',
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      encryptionConfig: {
        provider: { keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
        resources: ['secrets'],
      },
      enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: '172.20.0.0/16' },
      upgradePolicy: { supportType: 'STANDARD' },
      tags: { team: 'platform' },
    });
  });

  it('reads the enabled log types only, from every logging setup', () => {
    const cluster = apiCluster();
    cluster.logging = {
      clusterLogging: [
        { types: ['api', 'audit'], enabled: true },
        { types: ['authenticator', 'controllerManager', 'scheduler'], enabled: false },
      ],
    };
    expect(clusterInputs(cluster).enabledClusterLogTypes).toEqual(['api', 'audit']);
    expect(decide('eks-control-plane-logging', clusterInputs(cluster)).findings).toHaveLength(3);
  });

  it('leaves out what DescribeCluster leaves out, so the rules apply the AWS defaults', () => {
    const bare: Cluster = { name: 'legacy', resourcesVpcConfig: { subnetIds: ['subnet-1'] } };
    expect(clusterInputs(bare)).toEqual({
      name: 'legacy',
      vpcConfig: { subnetIds: ['subnet-1'] },
      enabledClusterLogTypes: [],
    });
    expect(decide('eks-endpoint-private', clusterInputs(bare)).status).toBe('fail');
    expect(decide('eks-secrets-encryption', clusterInputs(bare)).status).toBe('fail');
    expect(decide('eks-access-entries-auth-mode', clusterInputs(bare)).status).toBe('fail');
  });

  it('maps DescribeNodegroup to aws.eks.NodeGroup inputs', () => {
    expect(nodeGroupInputs(apiNodegroup())).toEqual({
      clusterName: 'prod',
      nodeGroupName: 'general',
      nodeRoleArn: 'arn:aws:iam::111122223333:role/eks-node',
      subnetIds: ['subnet-0a1b2c3d4e5f60718'],
      scalingConfig: { desiredSize: 3, maxSize: 6, minSize: 3 },
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      instanceTypes: ['m6i.large'],
      labels: { role: 'general' },
      launchTemplate: { id: 'lt-0a1b2c3d4e5f60718', name: 'general-nodes', version: '3' },
      releaseVersion: '1.33.0-20250704',
      taints: [{ key: 'dedicated', value: 'general', effect: 'NO_SCHEDULE' }],
      updateConfig: { maxUnavailable: 1 },
      version: '1.33',
      tags: { team: 'platform' },
    });
  });

  it('maps node auto repair so node-group-auto-repair sees it on or off', () => {
    const nodegroup = apiNodegroup();
    expect(decide('node-group-auto-repair', nodeGroupInputs(nodegroup)).status).toBe('fail');
    nodegroup.nodeRepairConfig = { enabled: true };
    expect(nodeGroupInputs(nodegroup).nodeRepairConfig).toEqual({ enabled: true });
    expect(decide('node-group-auto-repair', nodeGroupInputs(nodegroup)).status).toBe('pass');
  });

  it('maps remote access so node-group-no-remote-access sees it', () => {
    const nodegroup = apiNodegroup();
    nodegroup.remoteAccess = { ec2SshKey: 'ops', sourceSecurityGroups: [] };
    expect(nodeGroupInputs(nodegroup).remoteAccess).toEqual({ ec2SshKey: 'ops', sourceSecurityGroupIds: [] });
    expect(decide('node-group-no-remote-access', nodeGroupInputs(nodegroup)).findings[0]?.message).toContain(
      'EKS opens port 22',
    );
  });

  it('maps a launch template version, EBS booleans as the strings the provider takes', () => {
    expect(launchTemplateInputs(apiLaunchTemplateVersion())).toEqual({
      name: 'general-nodes',
      imageId: 'ami-0a1b2c3d4e5f60718',
      vpcSecurityGroupIds: ['sg-0d1e2f3a4b5c60718'],
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
        httpProtocolIpv6: 'disabled',
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            deleteOnTermination: 'true',
            encrypted: 'true',
            kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab',
            volumeSize: 50,
            volumeType: 'gp3',
          },
        },
      ],
    });
    expect(decide('launch-template-imdsv2', launchTemplateInputs(apiLaunchTemplateVersion())).status).toBe(
      'pass',
    );
  });

  it('fails IMDSv1 and unencrypted volumes read from a launch template version', () => {
    const version = apiLaunchTemplateVersion();
    version.LaunchTemplateData!.MetadataOptions = { HttpTokens: 'optional', HttpPutResponseHopLimit: 2 };
    version.LaunchTemplateData!.BlockDeviceMappings![0]!.Ebs!.Encrypted = false;
    const inputs = launchTemplateInputs(version);
    expect(decide('launch-template-imdsv2', inputs).findings.map((f) => f.path)).toEqual([
      'metadataOptions.httpTokens',
      'metadataOptions.httpPutResponseHopLimit',
    ]);
    expect(decide('launch-template-ebs-encrypted', inputs).findings[0]?.message).toContain(
      "encrypted (/dev/xvda) is 'false'",
    );
  });

  it('maps an add-on with its configuration values', () => {
    expect(addonInputs(apiAddon())).toEqual({
      clusterName: 'prod',
      addonName: 'vpc-cni',
      addonVersion: 'v1.19.2-eksbuild.1',
      configurationValues: '{"enableNetworkPolicy":"true"}',
    });
    expect(decide('vpc-cni-network-policy', addonInputs(apiAddon())).status).toBe('pass');
  });

  it("maps an add-on's Pod Identity associations, listed by ARN, to their service account and role", () => {
    const arn = 'arn:aws:eks:us-east-1:111122223333:podidentityassociation/prod/a-1';
    const addon = { ...apiAddon(), podIdentityAssociations: [arn] };
    const associations = [
      { associationArn: arn, serviceAccount: 'aws-node', roleArn: 'arn:aws:iam::111122223333:role/cni' },
      {
        associationArn: `${arn}-other`,
        serviceAccount: 'other',
        roleArn: 'arn:aws:iam::111122223333:role/x',
      },
    ];
    expect(addonInputs(addon, associations).podIdentityAssociations).toEqual([
      { serviceAccount: 'aws-node', roleArn: 'arn:aws:iam::111122223333:role/cni' },
    ]);
    expect(decide('eks-addon-identity', addonInputs(addon, associations)).status).toBe('pass');
    // Without the association's description (not collected, or refused) the add-on is judged on its own.
    expect(decide('eks-addon-identity', addonInputs(addon)).status).toBe('fail');
  });

  it('maps each IpPermission of a security group to one inline rule', () => {
    const inputs = securityGroupInputs(apiSecurityGroup());
    expect(inputs.ingress).toEqual([
      {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        securityGroups: ['sg-0d1e2f3a4b5c60718'],
        description: 'nodes',
      },
      { protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: ['::/0'] },
    ]);
    expect(inputs.tags).toEqual({ Name: 'eks-cluster-sg-prod' });
    expect(decide('security-group-no-world-ingress', inputs, 'sg-0c1d2e3f4a5b60718').findings).toEqual([
      expect.objectContaining({
        path: 'ingress[1].ipv6CidrBlocks[0]',
        message: expect.stringContaining('all traffic from ::/0'),
      }),
    ]);
  });

  it('maps a KMS key from DescribeKey and GetKeyRotationStatus', () => {
    const inputs = kmsKeyInputs({
      keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      metadata: {
        KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeyManager: 'CUSTOMER',
        MultiRegion: false,
        Description: 'eks secrets',
      },
      rotationEnabled: false,
      policy: '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(inputs).toEqual({
      description: 'eks secrets',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      enableKeyRotation: false,
      multiRegion: false,
      policy: '{"Version":"2012-10-17","Statement":[]}',
    });
    expect(decide('kms-key-rotation', inputs).status).toBe('fail');
  });

  it('maps the control-plane log group', () => {
    expect(logGroupInputs(apiLogGroup())).toEqual({
      name: '/aws/eks/prod/cluster',
      retentionInDays: 365,
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/9abcabcd-12ab-34cd-56ef-1234567890ab',
      logGroupClass: 'STANDARD',
    });
    const forever: LogGroup = { logGroupName: '/aws/eks/prod/cluster' };
    expect(decide('log-group-retention-kms', logGroupInputs(forever)).findings).toHaveLength(2);
  });

  it('maps access entries and their associated policies', () => {
    const { entry, associations } = accessEntryInputs({
      entry: {
        clusterName: 'prod',
        principalArn: 'arn:aws:iam::111122223333:role/platform-admin',
        type: 'STANDARD',
        username: 'arn:aws:sts::111122223333:assumed-role/platform-admin/{{SessionName}}',
        kubernetesGroups: [],
      },
      policies: [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          accessScope: { type: 'cluster', namespaces: [] },
        },
      ],
    });
    expect(entry).toEqual({
      clusterName: 'prod',
      principalArn: 'arn:aws:iam::111122223333:role/platform-admin',
      type: 'STANDARD',
      userName: 'arn:aws:sts::111122223333:assumed-role/platform-admin/{{SessionName}}',
      kubernetesGroups: [],
    });
    expect(associations).toEqual([
      {
        clusterName: 'prod',
        principalArn: 'arn:aws:iam::111122223333:role/platform-admin',
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster' },
      },
    ]);
  });

  it('maps a GuardDuty detector and its features', () => {
    const { detector, features } = detectorInputs({
      detectorId: '12abc34d567e8fa901bc2d34e56789f0',
      detector: {
        Status: 'ENABLED',
        ServiceRole:
          'arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
        FindingPublishingFrequency: 'SIX_HOURS',
        Features: [
          { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
          {
            Name: 'RUNTIME_MONITORING',
            Status: 'ENABLED',
            AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }],
          },
        ],
      },
    });
    expect(detector).toEqual({ enable: true, findingPublishingFrequency: 'SIX_HOURS' });
    expect(features).toEqual([
      { detectorId: '12abc34d567e8fa901bc2d34e56789f0', name: 'EKS_AUDIT_LOGS', status: 'DISABLED' },
      {
        detectorId: '12abc34d567e8fa901bc2d34e56789f0',
        name: 'RUNTIME_MONITORING',
        status: 'ENABLED',
        additionalConfigurations: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }],
      },
    ]);
    expect(decide('guardduty-eks-audit-logs', features[0]!).status).toBe('fail');
  });

  it('passes every AWS rule on the responses of a hardened cluster', () => {
    const verdicts = [
      ...[
        'eks-endpoint-private',
        'eks-secrets-encryption',
        'eks-control-plane-logging',
        'eks-access-entries-auth-mode',
      ].map(
        (id) =>
          decide(id, {
            ...clusterInputs(apiCluster()),
            vpcConfig: { ...clusterInputs(apiCluster()).vpcConfig, publicAccessCidrs: undefined },
          }).status,
      ),
      decide('node-group-no-remote-access', nodeGroupInputs(apiNodegroup())).status,
      decide('launch-template-ebs-encrypted', launchTemplateInputs(apiLaunchTemplateVersion())).status,
      decide('log-group-retention-kms', logGroupInputs(apiLogGroup())).status,
    ];
    expect(verdicts.every((status) => status === 'pass')).toBe(true);
  });
});
