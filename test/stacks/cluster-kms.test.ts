import {
  accountRootArn,
  autoScalingServiceLinkedRoleArn,
  buildLogsKeyPolicy,
  buildSecretsKeyPolicy,
  buildVolumesKeyPolicy,
  checkRunnerAdministersKeys,
  KEY_ADMIN_ACTIONS,
} from '../../stacks/src/cluster-kms';
import type { PolicyDocument, PolicyStatement } from '../../stacks/src/policy-document';
import {
  DEFAULT_MOCK_ENVIRONMENT,
  planStack,
  resourceNamed,
  resourcesOfType,
  type StackPlan,
} from '../fixtures/pulumi-mocks';

const ACCOUNT = {
  accountId: '111122223333',
  partition: 'aws',
  region: 'eu-west-1',
  dnsSuffix: 'amazonaws.com',
};
const ADMINS = ['arn:aws:iam::111122223333:role/platform-admin', 'arn:aws:iam::111122223333:role/deployer'];
const CLUSTER_ROLE = 'arn:aws:iam::111122223333:role/cluster';
const DATA_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:Encrypt*',
  'kms:Decrypt*',
];

const statement = (policy: PolicyDocument, sid: string): PolicyStatement => {
  const found = policy.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
};
const actions = (s: PolicyStatement): string[] => (typeof s.Action === 'string' ? [s.Action] : [...s.Action]);

const allPolicies = (administratorArns: readonly string[]) => [
  buildSecretsKeyPolicy({ account: ACCOUNT, administratorArns, clusterRoleArn: CLUSTER_ROLE }),
  buildLogsKeyPolicy({ account: ACCOUNT, administratorArns, logGroupNames: ['/aws/eks/c/cluster'] }),
  buildVolumesKeyPolicy({ account: ACCOUNT, administratorArns }),
];

describe('key policies', () => {
  it('delegate every key to the account (the AWS default statement) when no key administrators are named', () => {
    for (const policy of allPolicies([])) {
      expect(statement(policy, 'EnableIamPoliciesOfTheAccount')).toEqual({
        Sid: 'EnableIamPoliciesOfTheAccount',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      });
      expect(policy.Statement.map((s) => s.Sid)).not.toContain('KeyAdministration');
    }
    expect(accountRootArn({ partition: 'aws', accountId: '444455556666' })).toBe(
      'arn:aws:iam::444455556666:root',
    );
  });

  it('answer only to the named administrators, with no account-root statement, when they are named', () => {
    for (const policy of allPolicies(ADMINS)) {
      expect(JSON.stringify(policy)).not.toMatch(/:root"/);
      expect(statement(policy, 'KeyAdministration').Principal).toEqual({ AWS: ADMINS });
    }
  });

  it('lets administrators manage every key but never encrypt or decrypt with it', () => {
    for (const policy of [
      buildSecretsKeyPolicy({ account: ACCOUNT, administratorArns: ADMINS, clusterRoleArn: CLUSTER_ROLE }),
      buildLogsKeyPolicy({
        account: ACCOUNT,
        administratorArns: ADMINS,
        logGroupNames: ['/aws/eks/c/cluster'],
      }),
      buildVolumesKeyPolicy({ account: ACCOUNT, administratorArns: ADMINS }),
    ]) {
      const admin = statement(policy, 'KeyAdministration');
      expect(admin.Principal).toEqual({ AWS: ADMINS });
      expect(actions(admin)).toEqual([...KEY_ADMIN_ACTIONS]);
      for (const action of DATA_ACTIONS) expect(actions(admin)).not.toContain(action);
      expect(statement(policy, 'GrantsForAwsResourcesOnly').Condition).toEqual({
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      });
      // A wildcard principal only ever comes with a condition naming one principal of this account.
      for (const s of policy.Statement) {
        if (JSON.stringify(s.Principal) === '{"AWS":"*"}')
          expect(s.Condition).toMatchObject({
            StringEquals: { 'kms:CallerAccount': '111122223333' },
            ArnEquals: { 'aws:PrincipalArn': expect.any(String) },
          });
      }
    }
  });

  it('lists each administrator once', () => {
    const policy = buildSecretsKeyPolicy({
      account: ACCOUNT,
      administratorArns: [ADMINS[0]!, ADMINS[0]!],
      clusterRoleArn: CLUSTER_ROLE,
    });
    expect(statement(policy, 'KeyAdministration').Principal).toEqual({ AWS: [ADMINS[0]] });
  });

  it('gives the cluster role exactly what secrets envelope encryption needs', () => {
    const policy = buildSecretsKeyPolicy({
      account: ACCOUNT,
      administratorArns: ADMINS,
      clusterRoleArn: CLUSTER_ROLE,
    });
    expect(statement(policy, 'ClusterRoleEnvelopeEncryption')).toMatchObject({
      Principal: { AWS: CLUSTER_ROLE },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:ListGrants'],
    });
    expect(policy.Statement).toHaveLength(3);
  });

  it('lets CloudWatch Logs of this region use the log key only for the named log groups', () => {
    const policy = buildLogsKeyPolicy({
      account: ACCOUNT,
      administratorArns: ADMINS,
      logGroupNames: ['/aws/eks/c/cluster', '/aws/vpc/c/flow-logs'],
    });
    expect(statement(policy, 'CloudWatchLogsForTheseLogGroups')).toMatchObject({
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': [
            'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/eks/c/cluster',
            'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vpc/c/flow-logs',
          ],
        },
      },
    });
  });

  it('lets the Auto Scaling service-linked role use the volume key by condition, so the role need not exist yet', () => {
    const policy = buildVolumesKeyPolicy({ account: ACCOUNT, administratorArns: ADMINS });
    const role = autoScalingServiceLinkedRoleArn(ACCOUNT);
    expect(role).toBe(
      'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    );
    const onlyThatRole = {
      StringEquals: { 'kms:CallerAccount': '111122223333' },
      ArnEquals: { 'aws:PrincipalArn': role },
    };
    expect(statement(policy, 'AutoScalingUseForNodeVolumes')).toMatchObject({
      Principal: { AWS: '*' },
      Condition: onlyThatRole,
    });
    expect(statement(policy, 'AutoScalingAttachNodeVolumes')).toMatchObject({
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Condition: { ...onlyThatRole, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
    // KMS rejects a principal that does not exist; the role is never named as one.
    expect(JSON.stringify(policy.Statement.map((s) => s.Principal))).not.toContain(
      'AWSServiceRoleForAutoScaling',
    );
  });
});

describe('ClusterKms planned', () => {
  let plan: StackPlan;
  const admin = 'arn:aws:iam::111122223333:role/platform-admin';
  beforeAll(async () => {
    plan = await planStack({ clusterName: 'keys', clusterAdminRoleArns: admin });
  });

  it('creates three symmetric keys with yearly rotation, a 30-day window and the lockout check on', () => {
    const keys = resourcesOfType(plan, 'aws:kms/key:Key');
    expect(keys.map((k) => k.name).sort()).toEqual(['eks-kms-logs', 'eks-kms-secrets', 'eks-kms-volumes']);
    for (const key of keys) {
      expect(key.inputs).toMatchObject({
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        bypassPolicyLockoutSafetyCheck: false,
        keyUsage: 'ENCRYPT_DECRYPT',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      });
    }
  });

  it('gives every key policy the account-root statement by default and never names the deploying role', () => {
    for (const key of resourcesOfType(plan, 'aws:kms/key:Key')) {
      const policy = JSON.parse(String(key.inputs.policy)) as PolicyDocument;
      expect(statement(policy, 'EnableIamPoliciesOfTheAccount').Principal).toEqual({
        AWS: 'arn:aws:iam::111122223333:root',
      });
      expect(JSON.stringify(policy)).not.toContain(DEFAULT_MOCK_ENVIRONMENT.deployerRoleArn);
    }
  });

  it('plans the same key policies whoever runs the deployment', async () => {
    const other = await planStack(
      { clusterName: 'keys', clusterAdminRoleArns: admin },
      { environment: { deployerRoleArn: 'arn:aws:iam::111122223333:role/ci-runner' } },
    );
    for (const key of resourcesOfType(plan, 'aws:kms/key:Key'))
      expect(resourceNamed(other, 'aws:kms/key:Key', key.name).inputs.policy).toBe(key.inputs.policy);
  });

  it('uses only the named key administrators, and refuses a list without the running role at preview', async () => {
    const named = await planStack({
      kmsKeyAdministratorArns: [DEFAULT_MOCK_ENVIRONMENT.deployerRoleArn, admin],
    });
    const policy = JSON.parse(
      String(resourceNamed(named, 'aws:kms/key:Key', 'eks-kms-volumes').inputs.policy),
    ) as PolicyDocument;
    expect(statement(policy, 'KeyAdministration').Principal).toEqual({
      AWS: [DEFAULT_MOCK_ENVIRONMENT.deployerRoleArn, admin],
    });
    expect(JSON.stringify(policy)).not.toMatch(/:root"/);
    // Checked in the key policies' apply, so a real preview fails before any key exists.
    expect(() =>
      checkRunnerAdministersKeys('eks-kms', DEFAULT_MOCK_ENVIRONMENT.deployerRoleArn, [admin]),
    ).toThrow(
      `eks-kms: kmsKeyAdministratorArns does not list ${DEFAULT_MOCK_ENVIRONMENT.deployerRoleArn}, the role running this deployment, so KMS would refuse the key policies (lockout safety check); add it to kmsKeyAdministratorArns, or leave kmsKeyAdministratorArns empty`,
    );
    expect(() => checkRunnerAdministersKeys('eks-kms', admin, [])).not.toThrow();
  });

  it('protects the keys from deletion and replacement unless deletionProtection is false', async () => {
    for (const key of resourcesOfType(plan, 'aws:kms/key:Key')) expect(key.options.protect).toBe(true);
    const lifted = await planStack({ deletionProtection: 'false' });
    for (const key of resourcesOfType(lifted, 'aws:kms/key:Key')) expect(key.options.protect).toBe(false);
  });

  it('names the planned cluster role and the planned log groups in the key policies', () => {
    const clusterRole = `arn:aws:iam::111122223333:role/eks-roles-cluster`;
    const secrets = JSON.parse(
      String(resourceNamed(plan, 'aws:kms/key:Key', 'eks-kms-secrets').inputs.policy),
    ) as PolicyDocument;
    expect(statement(secrets, 'ClusterRoleEnvelopeEncryption').Principal).toEqual({ AWS: clusterRole });
    const logs = JSON.parse(
      String(resourceNamed(plan, 'aws:kms/key:Key', 'eks-kms-logs').inputs.policy),
    ) as PolicyDocument;
    expect(JSON.stringify(statement(logs, 'CloudWatchLogsForTheseLogGroups').Condition)).toContain(
      'log-group:/aws/eks/keys/cluster',
    );
  });

  it('never makes the account-wide Auto Scaling service-linked role a stack resource', async () => {
    expect(resourcesOfType(plan, 'aws:iam/serviceLinkedRole:ServiceLinkedRole')).toEqual([]);
    await expect(planStack({ createAutoScalingServiceLinkedRole: 'true' })).rejects.toThrow(
      "config 'createAutoScalingServiceLinkedRole' is no longer read",
    );
  });
});
