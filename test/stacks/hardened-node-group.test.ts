import {
  buildLaunchTemplateArgs,
  NODE_INGRESS_RULES,
  ROOT_DEVICE_NAME,
} from '../../stacks/src/hardened-node-group';
import { planStack, resourceNamed, resourcesOfType, type StackPlan } from '../fixtures/pulumi-mocks';

describe('buildLaunchTemplateArgs', () => {
  const args = buildLaunchTemplateArgs({
    clusterName: 'c',
    nodeSecurityGroupId: 'sg-1',
    volumesKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
    diskSizeGib: 80,
    tags: {},
  });

  it('requires IMDSv2 with a hop limit of 1', () => {
    expect(args.metadataOptions).toEqual({
      httpEndpoint: 'enabled',
      httpTokens: 'required',
      httpPutResponseHopLimit: 1,
      httpProtocolIpv6: 'disabled',
      instanceMetadataTags: 'disabled',
    });
  });

  it('encrypts the gp3 root volume with the node-volume key', () => {
    expect(args.blockDeviceMappings).toEqual([
      {
        deviceName: ROOT_DEVICE_NAME,
        ebs: {
          volumeSize: 80,
          volumeType: 'gp3',
          encrypted: 'true',
          kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
          deleteOnTermination: 'true',
        },
      },
    ]);
  });

  it('sets no SSH key, AMI, user data or instance profile (EKS manages those)', () => {
    for (const field of ['keyName', 'imageId', 'userData', 'iamInstanceProfile'])
      expect(args).not.toHaveProperty(field);
    expect(args.vpcSecurityGroupIds).toEqual(['sg-1']);
  });
});

describe('node security rules', () => {
  it('take no CIDR source and come only from the control plane or other nodes', () => {
    for (const rule of NODE_INGRESS_RULES) expect(['control-plane', 'self']).toContain(rule.source);
  });

  it('give the control plane only the kubelet and webhook ports', () => {
    const ports = NODE_INGRESS_RULES.filter((rule) => rule.source === 'control-plane').map(
      (rule) => rule.fromPort,
    );
    expect(ports.sort((a, b) => a - b)).toEqual([443, 4443, 6443, 8443, 9443, 10250, 10251]);
  });

  it('admit the control plane to the port the EKS metrics-server add-on serves on (10251), labelled as such', () => {
    const metricsServer = NODE_INGRESS_RULES.filter((rule) => rule.description.includes('metrics-server'));
    expect(metricsServer).toContainEqual(
      expect.objectContaining({ source: 'control-plane', fromPort: 10251, toPort: 10251 }),
    );
    for (const rule of metricsServer) {
      if (rule.fromPort !== 10251) expect(rule.description).toMatch(/upstream/);
    }
  });
});

describe('HardenedNodeGroup planned', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({ clusterName: 'eks-nodes-eks', nodeDiskSizeGib: '60' });
  });

  it('runs a managed node group in the private subnets through the launch template, with no remote access', () => {
    const group = resourceNamed(plan, 'aws:eks/nodeGroup:NodeGroup', 'eks-nodes-nodes').inputs;
    expect(group).toMatchObject({
      clusterName: 'eks-nodes-eks',
      subnetIds: plan.outputs.privateSubnetIds,
      amiType: 'AL2023_x86_64_STANDARD',
      version: '1.35',
      instanceTypes: ['m6i.large'],
      scalingConfig: { desiredSize: 3, minSize: 3, maxSize: 6 },
      launchTemplate: { id: expect.stringMatching(/^lt-/), version: '1' },
    });
    expect(group).not.toHaveProperty('remoteAccess');
    expect(group.nodeRoleArn).toBe('arn:aws:iam::111122223333:role/eks-roles-node');
  });

  it('leaves the node count to an autoscaler after creation: desiredSize is in ignoreChanges', () => {
    const group = resourceNamed(plan, 'aws:eks/nodeGroup:NodeGroup', 'eks-nodes-nodes');
    expect(group.options.ignoreChanges).toContain('scalingConfig.desiredSize');
  });

  it('plans the launch template with IMDSv2, the node security group and an encrypted 60 GiB root volume', () => {
    const template = resourceNamed(plan, 'aws:ec2/launchTemplate:LaunchTemplate', 'eks-nodes-nodes').inputs;
    expect(template).toMatchObject({
      metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      vpcSecurityGroupIds: [plan.outputs.nodeSecurityGroupId],
      blockDeviceMappings: [
        {
          ebs: {
            encrypted: 'true',
            volumeSize: 60,
            volumeType: 'gp3',
            kmsKeyId: expect.stringContaining(':key/'),
          },
        },
      ],
    });
  });

  it('admits ingress to nodes only from the control-plane group and the node group itself', () => {
    const nodeGroupId = plan.outputs.nodeSecurityGroupId;
    const controlPlaneId = plan.outputs.controlPlaneSecurityGroupId;
    const rules = resourcesOfType(plan, 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule');
    const toNodes = rules.filter((rule) => rule.inputs.securityGroupId === nodeGroupId);
    expect(toNodes).toHaveLength(NODE_INGRESS_RULES.length);
    for (const rule of rules) {
      expect(rule.inputs).not.toHaveProperty('cidrIpv4');
      expect(rule.inputs).not.toHaveProperty('cidrIpv6');
      expect([nodeGroupId, controlPlaneId]).toContain(rule.inputs.referencedSecurityGroupId);
    }
    for (const group of resourcesOfType(plan, 'aws:ec2/securityGroup:SecurityGroup'))
      expect(group.inputs.ingress ?? []).toEqual([]);
  });

  it('lets nodes reach the API server on 443 only', () => {
    const rule = resourceNamed(
      plan,
      'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
      'eks-nodes-control-plane-from-nodes',
    ).inputs;
    expect(rule).toMatchObject({
      securityGroupId: plan.outputs.controlPlaneSecurityGroupId,
      referencedSecurityGroupId: plan.outputs.nodeSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
    });
  });

  it('tags the node security group for the cluster so load balancer controllers find it', () => {
    expect(
      resourceNamed(plan, 'aws:ec2/securityGroup:SecurityGroup', 'eks-nodes-nodes').inputs.tags,
    ).toMatchObject({ 'kubernetes.io/cluster/eks-nodes-eks': 'owned' });
  });

  it('creates nodes only after the networking add-ons and the node role policies', () => {
    const dependencies = resourceNamed(plan, 'aws:eks/nodeGroup:NodeGroup', 'eks-nodes-nodes').dependencies;
    for (const addon of [
      'eks-node-addons-vpc-cni',
      'eks-node-addons-kube-proxy',
      'eks-node-addons-eks-pod-identity-agent',
    ]) {
      expect(dependencies).toContain(resourceNamed(plan, 'aws:eks/addon:Addon', addon).urn);
    }
    for (const attachment of resourcesOfType(
      plan,
      'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
    ).filter((a) => a.name.startsWith('eks-roles-node-'))) {
      expect(dependencies).toContain(attachment.urn);
    }
  });
});
