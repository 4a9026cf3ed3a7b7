/**
 * Two clusters to audit, each as a fake Kubernetes API server's content and a mocked AWS account:
 * - a deliberately weak one, as `eksctl create cluster` with no options and a few bad habits leave it: a public
 *   endpoint open to 0.0.0.0/0, no secrets encryption, aws-auth only, IMDSv1 nodes (the launch template EKS
 *   generates for a node group created without one), a privileged DaemonSet, anonymous kubelet auth;
 * - the one this repository's two stacks (cluster, then baseline) plan, with the blueprint apps deployed (`bundleFromPlan`).
 */
import type { AuditBundle, AwsEvidence } from '../../audit/src/bundle';
import { blueprintManifests, clusterBaselineManifests } from '../../blueprints';
import type { MockAccount } from '../fixtures/aws-api-mock';
import type { FakeCluster } from '../fixtures/kube-api-server';
import { al2023Configz } from '../fixtures/kubelet';
import { bundleFromPlan } from '../fixtures/plan-to-bundle';
import { planClusterAndBaseline } from '../fixtures/pulumi-mocks';

/** The nodes of both clusters. */
export const NODES = ['ip-10-0-1-23.ec2.internal', 'ip-10-0-2-45.ec2.internal'];

/** The six weaknesses the weak cluster has, by the control each one fails. */
export const WEAKNESSES = {
  'eks-endpoint-private': 'public endpoint open to 0.0.0.0/0',
  'eks-secrets-encryption': 'no secrets encryption',
  'eks-access-entries-auth-mode': 'aws-auth only',
  'launch-template-imdsv2': 'IMDSv1 nodes',
  'pss-privileged': 'a privileged DaemonSet',
  'kubelet-anonymous-auth': 'anonymous kubelet auth',
} as const;

const daemonSetUid = '5c0a7d8e-1b2c-4d5e-8f90-a1b2c3d4e5f6';

const privilegedPodSpec = {
  serviceAccountName: 'log-agent',
  hostNetwork: false,
  containers: [
    {
      name: 'agent',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
      securityContext: { privileged: true },
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    },
  ],
};

/** The weak cluster's Kubernetes API content. */
export function weakKubernetes(): FakeCluster {
  const meta = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: `${name}-uid`,
    resourceVersion: '4242',
    creationTimestamp: '2025-01-15T10:00:00Z',
    managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1' }],
    ...extra,
  });
  return {
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta('default'),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta('kube-system'),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: meta('logging'),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { ...meta('log-agent', 'logging'), uid: daemonSetUid },
        spec: {
          selector: { matchLabels: { app: 'log-agent' } },
          template: { metadata: { labels: { app: 'log-agent' } }, spec: privilegedPodSpec },
          updateStrategy: { type: 'RollingUpdate' },
        },
        status: { desiredNumberScheduled: 2, numberReady: 2 },
      },
      ...NODES.map((node, index) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...meta(`log-agent-${['x7k2p', 'q9m4t'][index]}`, 'logging'),
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              name: 'log-agent',
              uid: daemonSetUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: { ...privilegedPodSpec, nodeName: node },
        status: { phase: 'Running', podIP: `10.0.${index + 1}.77` },
      })),
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta('aws-auth', 'kube-system'),
        data: {
          mapRoles:
            '- groups:\n  - system:bootstrappers\n  - system:nodes\n  rolearn: arn:aws:iam::111122223333:role/eksctl-prod-nodegroup-NodeInstanceRole\n  username: system:node:{{EC2PrivateDNSName}}\n',
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta('db-password', 'default', {
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration':
              '{"apiVersion":"v1","data":{"password":"aHVudGVyMg=="},"kind":"Secret","metadata":{"name":"db-password","namespace":"default"}}\n',
          },
        }),
        type: 'Opaque',
        data: { password: 'aHVudGVyMg==' },
      },
      ...NODES.map((node) => ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: meta(node, undefined, {
          labels: { 'eks.amazonaws.com/nodegroup': 'workers', 'kubernetes.io/hostname': node },
        }),
        spec: { providerID: `aws:///us-east-1a/i-0${node.length}abcdef0123456` },
        status: {
          addresses: [{ type: 'InternalIP', address: '10.0.1.23' }],
          nodeInfo: {
            kubeletVersion: 'v1.33.0-eks-802817d',
            osImage: 'Amazon Linux 2023.7.20250623',
            containerRuntimeVersion: 'containerd://1.7.27',
          },
          images: [
            { names: ['public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2'], sizeBytes: 123456 },
          ],
        },
      })),
    ],
    configz: Object.fromEntries(
      NODES.map((node) => {
        const { kubeletconfig } = al2023Configz();
        return [
          node,
          {
            ...kubeletconfig,
            authentication: { ...(kubeletconfig.authentication as object), anonymous: { enabled: true } },
          },
        ];
      }),
    ),
  };
}

const CLUSTER_SG = 'sg-0c1d2e3f4a5b60718';

/** The weak cluster's AWS account. */
export function weakAccount(): MockAccount {
  const evidence: AwsEvidence = {
    cluster: {
      name: 'prod',
      arn: 'arn:aws:eks:us-east-1:111122223333:cluster/prod',
      version: '1.33',
      roleArn: 'arn:aws:iam::111122223333:role/eksctl-prod-cluster-ServiceRole',
      resourcesVpcConfig: {
        subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60718'],
        securityGroupIds: [],
        clusterSecurityGroupId: CLUSTER_SG,
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        endpointPublicAccess: true,
        endpointPrivateAccess: false,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
      logging: {
        clusterLogging: [
          { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false },
        ],
      },
      status: 'ACTIVE',
      platformVersion: 'eks.9',
      accessConfig: { bootstrapClusterCreatorAdminPermissions: true, authenticationMode: 'CONFIG_MAP' },
      upgradePolicy: { supportType: 'EXTENDED' },
    },
    nodegroups: [
      {
        nodegroupName: 'workers',
        clusterName: 'prod',
        version: '1.33',
        status: 'ACTIVE',
        capacityType: 'ON_DEMAND',
        scalingConfig: { minSize: 2, maxSize: 2, desiredSize: 2 },
        instanceTypes: ['m5.large'],
        subnets: ['subnet-0a1b2c3d4e5f60718'],
        amiType: 'AL2023_x86_64_STANDARD',
        nodeRole: 'arn:aws:iam::111122223333:role/eksctl-prod-nodegroup-NodeInstanceRole',
        diskSize: 80,
        resources: { autoScalingGroups: [{ name: 'eks-workers-d2c8a6f1-0000-1111-2222-333344445555' }] },
      },
    ],
    launchTemplateVersions: [],
    addons: [
      { addonName: 'vpc-cni', clusterName: 'prod', addonVersion: 'v1.19.2-eksbuild.1', status: 'ACTIVE' },
    ],
    securityGroups: [
      {
        GroupId: CLUSTER_SG,
        GroupName: 'eks-cluster-sg-prod-1234567890',
        Description:
          'EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.',
        VpcId: 'vpc-0a1b2c3d4e5f60718',
        IpPermissions: [
          {
            IpProtocol: '-1',
            UserIdGroupPairs: [{ GroupId: CLUSTER_SG, UserId: '111122223333' }],
            IpRanges: [],
            Ipv6Ranges: [],
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
      },
    ],
    kmsKeys: [],
    logGroups: [],
    accessEntries: [],
    guardDuty: { detectors: [] },
  };
  return {
    evidence,
    autoScalingGroups: [
      {
        AutoScalingGroupName: 'eks-workers-d2c8a6f1-0000-1111-2222-333344445555',
        MinSize: 2,
        MaxSize: 2,
        DesiredCapacity: 2,
        DefaultCooldown: 300,
        AvailabilityZones: ['us-east-1a'],
        HealthCheckType: 'EC2',
        CreatedTime: new Date('2025-01-15T10:00:00Z'),
        LaunchTemplate: {
          LaunchTemplateId: 'lt-0e1f2a3b4c5d60718',
          LaunchTemplateName: 'eks-d2c8a6f1-0000-1111-2222-333344445555',
          Version: '1',
        },
      },
    ],
    launchTemplateVersions: [
      {
        LaunchTemplateId: 'lt-0e1f2a3b4c5d60718',
        LaunchTemplateName: 'eks-d2c8a6f1-0000-1111-2222-333344445555',
        VersionNumber: 1,
        DefaultVersion: true,
        LaunchTemplateData: {
          ImageId: 'ami-0f1e2d3c4b5a60718',
          InstanceType: 'm5.large',
          UserData: 'TUlNRS1WZXJzaW9uOiAxLjAKCi0tLQphcGlWZXJzaW9uOiBub2RlLmVrcy5hd3MvdjFhbHBoYTEK',
          MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 2 },
          NetworkInterfaces: [{ DeviceIndex: 0, Groups: [CLUSTER_SG] }],
          BlockDeviceMappings: [
            {
              DeviceName: '/dev/xvda',
              Ebs: { VolumeSize: 80, VolumeType: 'gp2', DeleteOnTermination: true },
            },
          ],
        },
      },
    ],
  };
}

/** The cluster this repository's stack plans (GuardDuty on), with the blueprint apps, as a bundle. */
export async function hardenedBundle(): Promise<AuditBundle> {
  const plan = await planClusterAndBaseline({ guardDuty: true }, { manifests: clusterBaselineManifests() });
  const bundle = bundleFromPlan(plan, NODES.length);
  const apps = blueprintManifests();
  return {
    ...bundle,
    kubernetes: {
      ...bundle.kubernetes,
      objects: [...bundle.kubernetes.objects, ...apps['three-tier-web'], ...apps['batch-job']],
    },
  };
}

/** A bundle's Kubernetes evidence as a fake API server serves it. */
export function kubernetesOf(bundle: AuditBundle): FakeCluster {
  return {
    objects: bundle.kubernetes.objects.map((object, index) => ({
      ...object,
      metadata: { uid: `uid-${index}`, ...(object.metadata as object) },
    })),
    configz: Object.fromEntries(
      bundle.kubernetes.kubelets.map((kubelet) => [kubelet.node, kubelet.kubeletconfig]),
    ),
  };
}
