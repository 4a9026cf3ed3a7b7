import { awsCredentialsFromConfig } from '../../stacks/src/aws-credentials';
import { CLUSTER_ROLE_POLICIES, NODE_ROLE_POLICIES } from '../../stacks/src/cluster-roles';
import {
  buildAdminRoleTrustPolicy,
  buildEndpointAccess,
  buildKubeconfig,
  CONTROL_PLANE_LOG_TYPES,
} from '../../stacks/src/hardened-cluster';
import {
  DEFAULT_MOCK_ENVIRONMENT,
  planStack,
  resourceNamed,
  resourcesOfType,
  type StackPlan,
} from '../fixtures/pulumi-mocks';

const ADMIN = 'arn:aws:iam::111122223333:role/platform-admin';

describe('buildEndpointAccess', () => {
  it('keeps the endpoint private and sends no CIDRs by default', () => {
    expect(buildEndpointAccess({ endpointPublicAccess: false, publicAccessCidrs: [] })).toEqual({
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
    });
  });

  it('opens the public endpoint only to the listed CIDRs, keeping private access', () => {
    expect(
      buildEndpointAccess({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.10/32'] }),
    ).toEqual({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.10/32'],
    });
  });
});

describe('buildAdminRoleTrustPolicy', () => {
  it('lets principals of the account assume the admin role as their IAM policies allow, naming no one', () => {
    expect(buildAdminRoleTrustPolicy({ partition: 'aws', accountId: '111122223333' }).Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'sts:AssumeRole',
      }),
    ]);
  });
});

describe('buildKubeconfig', () => {
  const base = {
    clusterName: 'c',
    endpoint: 'https://x',
    certificateAuthorityData: 'Q0E=',
    region: 'eu-west-1',
  };

  it('authenticates with aws eks get-token, never with static credentials', () => {
    const config = buildKubeconfig(base) as { users: { user: Record<string, unknown> }[] };
    expect(config.users[0]!.user).toEqual({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'c', '--region', 'eu-west-1', '--output', 'json'],
      },
    });
  });

  it('assumes the admin role when one is given', () => {
    const config = buildKubeconfig({ ...base, roleArn: ADMIN }) as {
      users: { user: { exec: { args: string[] } } }[];
    };
    expect(config.users[0]!.user.exec.args.slice(-2)).toEqual(['--role-arn', ADMIN]);
  });
});

describe('HardenedCluster planned with defaults', () => {
  let plan: StackPlan;
  beforeAll(async () => {
    plan = await planStack({ clusterName: 'prod-eks' });
  });
  const cluster = () => resourceNamed(plan, 'aws:eks/cluster:Cluster', 'eks-cluster-eks').inputs;

  it('envelope-encrypts secrets with the customer-managed secrets key', () => {
    const keyId = resourceNamed(plan, 'aws:kms/key:Key', 'eks-kms-secrets');
    expect(cluster().encryptionConfig).toEqual({
      provider: { keyArn: expect.stringContaining(':key/') },
      resources: ['secrets'],
    });
    expect(resourceNamed(plan, 'aws:eks/cluster:Cluster', 'eks-cluster-eks').dependencies).toContain(
      keyId.urn,
    );
  });

  it('exposes only the private endpoint and sends no public CIDRs', () => {
    expect(cluster().vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    expect(cluster().vpcConfig).not.toHaveProperty('publicAccessCidrs');
  });

  it('sends all five control-plane log types to a pre-created, KMS-encrypted log group with retention', () => {
    expect(cluster().enabledClusterLogTypes).toEqual([...CONTROL_PLANE_LOG_TYPES]);
    expect(CONTROL_PLANE_LOG_TYPES).toEqual([
      'api',
      'audit',
      'authenticator',
      'controllerManager',
      'scheduler',
    ]);
    const group = resourceNamed(plan, 'aws:cloudwatch/logGroup:LogGroup', 'eks-cluster-control-plane-logs');
    expect(group.inputs).toMatchObject({
      name: '/aws/eks/prod-eks/cluster',
      retentionInDays: 365,
      kmsKeyId: expect.stringContaining(':key/'),
    });
    // The audit log survives `pulumi destroy`.
    expect(group.inputs.skipDestroy).toBe(true);
    expect(resourceNamed(plan, 'aws:eks/cluster:Cluster', 'eks-cluster-eks').dependencies).toContain(
      group.urn,
    );
  });

  it('uses access entries only, with no implicit admin for the creator', () => {
    expect(cluster().accessConfig).toEqual({
      authenticationMode: 'API',
      bootstrapClusterCreatorAdminPermissions: false,
    });
  });

  it('turns on EKS deletion protection and protects the cluster from replacement in Pulumi', () => {
    expect(cluster().deletionProtection).toBe(true);
    const options = resourceNamed(plan, 'aws:eks/cluster:Cluster', 'eks-cluster-eks').options;
    expect(options).toMatchObject({ protect: true, deleteBeforeReplace: true });
  });

  it('lifts both protections together with deletionProtection false, for a deliberate destroy', async () => {
    const lifted = await planStack({ clusterName: 'prod-eks', deletionProtection: 'false' });
    const eks = resourceNamed(lifted, 'aws:eks/cluster:Cluster', 'eks-cluster-eks');
    expect(eks.inputs.deletionProtection).toBe(false);
    expect(eks.options.protect).toBe(false);
  });

  it('pins the Kubernetes version and installs no unmanaged add-ons', () => {
    expect(cluster()).toMatchObject({
      name: 'prod-eks',
      version: '1.35',
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType: 'STANDARD' },
    });
  });

  it('places the control plane ENIs in the private subnets with our control-plane security group', () => {
    const subnets = resourcesOfType(plan, 'aws:ec2/subnet:Subnet').filter((s) => s.name.includes('private'));
    expect(cluster().vpcConfig).toMatchObject({
      subnetIds: expect.arrayContaining([expect.stringMatching(/^subnet-/)]),
    });
    expect((cluster().vpcConfig as { subnetIds: string[] }).subnetIds).toHaveLength(subnets.length);
    expect((cluster().vpcConfig as { securityGroupIds: string[] }).securityGroupIds).toEqual([
      plan.outputs.controlPlaneSecurityGroupId,
    ]);
  });

  it('gives cluster admin to an admin role of its own, not to whoever runs the deployment', () => {
    const role = resourceNamed(plan, 'aws:iam/role:Role', 'eks-cluster-admin');
    const roleArn = 'arn:aws:iam::111122223333:role/eks-cluster-admin';
    expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal).toEqual({
      AWS: 'arn:aws:iam::111122223333:root',
    });
    const entries = resourcesOfType(plan, 'aws:eks/accessEntry:AccessEntry');
    expect(entries.map((e) => e.inputs.principalArn)).toEqual([roleArn]);
    expect(JSON.stringify(entries)).not.toContain(DEFAULT_MOCK_ENVIRONMENT.deployerRoleArn);
    expect(
      resourceNamed(plan, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation', 'eks-cluster-admin')
        .inputs,
    ).toMatchObject({
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      accessScope: { type: 'cluster' },
    });
    expect(String(plan.outputs.kubeconfig)).toContain(`"--role-arn","${roleArn}"`);
  });

  it('plans the same access entries whoever runs the deployment', async () => {
    const other = await planStack(
      { clusterName: 'prod-eks' },
      { environment: { deployerRoleArn: 'arn:aws:iam::111122223333:role/ci-runner' } },
    );
    const principals = (p: StackPlan) =>
      resourcesOfType(p, 'aws:eks/accessEntry:AccessEntry').map((e) => e.inputs.principalArn);
    expect(principals(other)).toEqual(principals(plan));
  });

  it('creates the OIDC provider for IRSA from the cluster issuer, for STS only', () => {
    expect(
      resourceNamed(plan, 'aws:iam/openIdConnectProvider:OpenIdConnectProvider', 'eks-cluster-oidc').inputs,
    ).toMatchObject({
      url: plan.outputs.oidcIssuer,
      clientIdLists: ['sts.amazonaws.com'],
    });
  });

  it('attaches only the needed managed policies to the cluster and node roles, not the CNI policy', () => {
    const attached = resourcesOfType(plan, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment').filter((a) =>
      a.name.startsWith('eks-roles-'),
    );
    expect(attached.map((a) => a.inputs.policyArn).sort()).toEqual(
      [...CLUSTER_ROLE_POLICIES, ...NODE_ROLE_POLICIES].map((p) => `arn:aws:iam::aws:policy/${p}`).sort(),
    );
    expect(JSON.stringify(attached)).not.toContain('AmazonEKS_CNI_Policy');
    const deny = resourceNamed(
      plan,
      'aws:iam/rolePolicy:RolePolicy',
      'eks-roles-cluster-deny-create-log-group',
    );
    expect(JSON.parse(String(deny.inputs.policy)).Statement[0]).toMatchObject({
      Effect: 'Deny',
      Action: 'logs:CreateLogGroup',
    });
  });
});

describe('HardenedCluster planned with configured access', () => {
  it('opens the public endpoint only to the configured CIDRs', async () => {
    const plan = await planStack({ endpointPublicAccess: 'true', publicAccessCidrs: '203.0.113.10/32' });
    expect(resourceNamed(plan, 'aws:eks/cluster:Cluster', 'eks-cluster-eks').inputs.vpcConfig).toMatchObject({
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.10/32'],
    });
  });

  it('gives admin only to the configured roles, creates no admin role, and the kubeconfig assumes the first', async () => {
    const second = 'arn:aws:iam::111122223333:role/break-glass';
    const plan = await planStack({ clusterAdminRoleArns: [ADMIN, second] });
    expect(resourcesOfType(plan, 'aws:iam/role:Role').map((r) => r.name)).not.toContain('eks-cluster-admin');
    const principals = resourcesOfType(plan, 'aws:eks/accessEntry:AccessEntry').map(
      (e) => e.inputs.principalArn,
    );
    expect(principals).toEqual([ADMIN, second]);
    expect(resourcesOfType(plan, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation')).toHaveLength(2);
    expect(String(plan.outputs.kubeconfig)).toContain(`"--role-arn","${ADMIN}"`);
  });
});

describe('private access to the API endpoint', () => {
  const RUNNER_SG = 'sg-0123456789abcdef0';
  const ingressTo = (plan: StackPlan, groupId: unknown) =>
    resourcesOfType(plan, 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule').filter(
      (rule) => rule.inputs.securityGroupId === groupId,
    );

  it('admits nothing but the nodes by default: no rule on the cluster security group', async () => {
    const plan = await planStack();
    expect(ingressTo(plan, plan.outputs.clusterSecurityGroupId)).toEqual([]);
  });

  it('admits each configured runner network and security group to the cluster security group on 443 only', async () => {
    const plan = await planStack({
      privateAccessCidrs: '10.20.0.0/24',
      privateAccessSecurityGroupIds: RUNNER_SG,
    });
    const rules = ingressTo(plan, plan.outputs.clusterSecurityGroupId);
    expect(rules.map((rule) => rule.inputs)).toEqual([
      expect.objectContaining({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.20.0.0/24' }),
      expect.objectContaining({
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: RUNNER_SG,
      }),
    ]);
    expect(rules.map((rule) => rule.name)).toEqual([
      'eks-cluster-private-access-10-20-0-0-24',
      `eks-cluster-private-access-${RUNNER_SG}`,
    ]);
    // The endpoint itself stays private.
    expect(resourceNamed(plan, 'aws:eks/cluster:Cluster', 'eks-cluster-eks').inputs.vpcConfig).toMatchObject({
      endpointPublicAccess: false,
    });
  });
});

describe('the kubeconfig signs as the AWS provider does', () => {
  const execArgs = (plan: StackPlan) =>
    (JSON.parse(String(plan.outputs.kubeconfig)) as { users: { user: { exec: { args: string[] } } }[] })
      .users[0]!.user.exec.args;
  const ROLE = 'arn:aws:iam::111122223333:role/deployer';

  it('assumes the created admin role from the stack config’s aws:profile, in its region, not as aws:assumeRoles', async () => {
    const plan = await planStack(
      {},
      {
        config: {
          'aws:profile': 'platform',
          'aws:assumeRoles': JSON.stringify([
            { roleArn: 'arn:aws:iam::111122223333:role/hop' },
            { roleArn: ROLE },
          ]),
        },
        environment: { region: 'eu-west-1' },
      },
    );
    expect(execArgs(plan)).toEqual([
      ...['eks', 'get-token', '--cluster-name', 'hardened-eks', '--region', 'eu-west-1', '--output', 'json'],
      ...['--role-arn', 'arn:aws:iam::111122223333:role/eks-cluster-admin', '--profile', 'platform'],
    ]);
    expect(execArgs(plan)).not.toContain(ROLE);
  });

  it('assumes the admin role from the ambient credentials when the provider has no profile', async () => {
    const args = execArgs(await planStack());
    expect(args).not.toContain('--profile');
    expect(args).toEqual(
      expect.arrayContaining(['--role-arn', 'arn:aws:iam::111122223333:role/eks-cluster-admin']),
    );
  });

  it('assumes the first listed admin role from the provider’s profile', async () => {
    const plan = await planStack(
      { clusterAdminRoleArns: [ADMIN] },
      { config: { 'aws:profile': 'platform', 'aws:assumeRoles': JSON.stringify([{ roleArn: ROLE }]) } },
    );
    expect(execArgs(plan)).toEqual(expect.arrayContaining(['--role-arn', ADMIN, '--profile', 'platform']));
    expect(execArgs(plan)).not.toContain(ROLE);
  });

  it('refuses an aws:assumeRoles it cannot read, naming the key', () => {
    expect(() => awsCredentialsFromConfig({ 'aws:assumeRoles': '{"roleArn":"x"}' })).toThrow(
      "config 'aws:assumeRoles' must be a list of { roleArn: <IAM role ARN> }, as the AWS provider reads it",
    );
  });
});
