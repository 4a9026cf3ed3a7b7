import {
  ADDON_IAM,
  buildAddonArgs,
  buildIrsaTrustPolicy,
  buildPodIdentityTrustPolicy,
} from '../../stacks/src/cluster-addons';
import {
  ADDON_NAMES,
  ADDON_VERSION_PATTERN,
  ADDON_VERSIONS,
  KUBERNETES_VERSIONS,
} from '../../stacks/src/versions';
import { planStack, resourceNamed, resourcesOfType, type StackPlan } from '../fixtures/pulumi-mocks';

const CLUSTER_ARN = 'arn:aws:eks:us-east-1:111122223333:cluster/c';
const addonNamed = (plan: StackPlan, addon: string) => {
  const found = resourcesOfType(plan, 'aws:eks/addon:Addon').find((a) => a.inputs.addonName === addon);
  if (!found) throw new Error(`no planned add-on ${addon}`);
  return found;
};

describe('add-on pins', () => {
  it.each(KUBERNETES_VERSIONS)('pins every add-on to a well-formed version for Kubernetes %s', (version) => {
    for (const addon of ADDON_NAMES) expect(ADDON_VERSIONS[version][addon]).toMatch(ADDON_VERSION_PATTERN);
  });

  it('pins kube-proxy to the Kubernetes minor version it serves', () => {
    for (const version of KUBERNETES_VERSIONS)
      expect(ADDON_VERSIONS[version]['kube-proxy']).toMatch(
        new RegExp(`^v${version.replace('.', '\\.')}\\.`),
      );
  });
});

describe('add-on builders', () => {
  it('turns on NetworkPolicy enforcement in the VPC CNI, as the add-on schema expects (a string)', () => {
    const args = buildAddonArgs({
      addon: 'vpc-cni',
      version: 'v1.21.1-eksbuild.7',
      clusterName: 'c',
      tags: {},
    });
    expect(JSON.parse(String(args.configurationValues))).toEqual({ enableNetworkPolicy: 'true' });
  });

  it('gives the role through a Pod Identity association or an IRSA role ARN, never both', () => {
    const pod = buildAddonArgs({
      addon: 'aws-ebs-csi-driver',
      version: 'v1.58.0-eksbuild.1',
      clusterName: 'c',
      tags: {},
      identity: { mode: 'pod-identity', serviceAccount: 'ebs-csi-controller-sa', roleArn: 'r' },
    });
    expect(pod.podIdentityAssociations).toEqual([{ serviceAccount: 'ebs-csi-controller-sa', roleArn: 'r' }]);
    expect(pod).not.toHaveProperty('serviceAccountRoleArn');
    const irsa = buildAddonArgs({
      addon: 'aws-ebs-csi-driver',
      version: 'v1.58.0-eksbuild.1',
      clusterName: 'c',
      tags: {},
      identity: { mode: 'irsa', serviceAccount: 'ebs-csi-controller-sa', roleArn: 'r' },
    });
    expect(irsa.serviceAccountRoleArn).toBe('r');
    expect(irsa).not.toHaveProperty('podIdentityAssociations');
  });

  it('lets EKS Pod Identity assume an add-on role only for its service account on this cluster', () => {
    expect(
      buildPodIdentityTrustPolicy({
        clusterArn: CLUSTER_ARN,
        namespace: 'kube-system',
        serviceAccount: 'aws-node',
      }).Statement,
    ).toEqual([
      expect.objectContaining({
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-arn': CLUSTER_ARN,
            'aws:RequestTag/kubernetes-namespace': 'kube-system',
            'aws:RequestTag/kubernetes-service-account': 'aws-node',
          },
        },
      }),
    ]);
  });

  it('lets only the add-on service account assume its IRSA role, for STS', () => {
    const issuer = 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC';
    const policy = buildIrsaTrustPolicy({
      oidcProviderArn: 'arn:oidc',
      issuer,
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
    });
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Federated: 'arn:oidc' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:kube-system:aws-node',
          'oidc.eks.us-east-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com',
        },
      },
    });
  });
});

describe('ClusterAddons planned', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({ kubernetesVersion: '1.34', supportType: 'EXTENDED' });
  });

  it('installs the five add-ons at the versions pinned for the Kubernetes version', () => {
    const planned = Object.fromEntries(
      resourcesOfType(plan, 'aws:eks/addon:Addon').map((a) => [a.inputs.addonName, a.inputs.addonVersion]),
    );
    expect(planned).toEqual(ADDON_VERSIONS['1.34']);
  });

  it('configures vpc-cni to enforce NetworkPolicies', () => {
    expect(JSON.parse(String(addonNamed(plan, 'vpc-cni').inputs.configurationValues))).toEqual({
      enableNetworkPolicy: 'true',
    });
  });

  it('gives vpc-cni and the EBS CSI driver their own Pod Identity roles with only their managed policy', () => {
    for (const addon of ['vpc-cni', 'aws-ebs-csi-driver'] as const) {
      const iam = ADDON_IAM[addon]!;
      const planned = addonNamed(plan, addon);
      expect(planned.inputs.podIdentityAssociations).toEqual([
        {
          serviceAccount: iam.serviceAccount,
          roleArn: expect.stringMatching(/^arn:aws:iam::111122223333:role\//),
        },
      ]);
      const role = resourcesOfType(plan, 'aws:iam/role:Role').find((r) => r.name.endsWith(`-${addon}`))!;
      expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal).toEqual({
        Service: 'pods.eks.amazonaws.com',
      });
      const attachments = resourcesOfType(plan, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').filter(
        (a) => a.name.endsWith(`-${addon}`),
      );
      expect(attachments.map((a) => a.inputs.policyArn)).toEqual([`arn:aws:iam::aws:policy/${iam.policy}`]);
    }
  });

  it('installs CoreDNS and the EBS CSI driver only once nodes exist, the node add-ons before', () => {
    const nodeGroup = resourceNamed(plan, 'aws:eks/nodeGroup:NodeGroup', 'eks-nodes-nodes');
    for (const addon of ['coredns', 'aws-ebs-csi-driver'])
      expect(addonNamed(plan, addon).dependencies).toContain(nodeGroup.urn);
    for (const addon of ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent']) {
      expect(addonNamed(plan, addon).dependencies).not.toContain(nodeGroup.urn);
    }
  });

  it('uses IRSA roles trusted through the cluster OIDC provider when configured', async () => {
    const irsa = await planStack({ addonIdentity: 'irsa' });
    const oidc = resourceNamed(
      irsa,
      'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
      'eks-cluster-oidc',
    );
    const addon = addonNamed(irsa, 'aws-ebs-csi-driver');
    expect(addon.inputs.serviceAccountRoleArn).toEqual(expect.stringMatching(/^arn:aws:iam::/));
    expect(addon.inputs).not.toHaveProperty('podIdentityAssociations');
    const role = resourceNamed(irsa, 'aws:iam/role:Role', 'eks-addons-aws-ebs-csi-driver');
    expect(role.dependencies).toContain(oidc.urn);
    expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Action).toBe(
      'sts:AssumeRoleWithWebIdentity',
    );
  });

  it('plans GuardDuty EKS audit-log and runtime monitoring only when enabled', async () => {
    expect(resourcesOfType(plan, 'aws:guardduty/detectorFeature:DetectorFeature')).toEqual([]);
    const guarded = await planStack({ guardDuty: 'true' });
    expect(resourcesOfType(guarded, 'aws:guardduty/detector:Detector')).toHaveLength(1);
    const features = resourcesOfType(guarded, 'aws:guardduty/detectorFeature:DetectorFeature').map(
      (f) => f.inputs,
    );
    expect(features).toEqual([
      expect.objectContaining({ name: 'EKS_AUDIT_LOGS', status: 'ENABLED' }),
      expect.objectContaining({
        name: 'RUNTIME_MONITORING',
        status: 'ENABLED',
        additionalConfigurations: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }],
      }),
    ]);
    const existing = await planStack({
      guardDuty: 'true',
      guardDutyDetectorId: '0123456789abcdef0123456789abcdef',
    });
    expect(resourcesOfType(existing, 'aws:guardduty/detector:Detector')).toEqual([]);
    for (const feature of resourcesOfType(existing, 'aws:guardduty/detectorFeature:DetectorFeature')) {
      expect(feature.inputs.detectorId).toBe('0123456789abcdef0123456789abcdef');
    }
  });

  it('leaves a detector it created in place on destroy: the detector is the region’s, not the cluster’s', async () => {
    const guarded = await planStack({ guardDuty: 'true' });
    expect(resourcesOfType(guarded, 'aws:guardduty/detector:Detector')[0]!.options.retainOnDelete).toBe(true);
  });

  test.each([
    ['RUNTIME_MONITORING', ['EKS_AUDIT_LOGS', 'RUNTIME_MONITORING']],
    ['EKS_RUNTIME_MONITORING', ['EKS_AUDIT_LOGS', 'EKS_RUNTIME_MONITORING']],
    ['DISABLED', ['EKS_AUDIT_LOGS']],
  ])(
    'enables exactly the runtime-monitoring feature chosen (%s), never both, which GuardDuty refuses',
    async (choice, names) => {
      const guarded = await planStack({
        guardDuty: 'true',
        guardDutyDetectorId: '0123456789abcdef0123456789abcdef',
        guardDutyRuntimeMonitoring: choice,
      });
      expect(
        resourcesOfType(guarded, 'aws:guardduty/detectorFeature:DetectorFeature').map((f) => f.inputs.name),
      ).toEqual(names);
    },
  );
});
