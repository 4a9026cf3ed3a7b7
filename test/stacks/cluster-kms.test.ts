import {
  autoScalingServiceLinkedRoleArn,
  buildLogsKeyPolicy,
  buildSecretsKeyPolicy,
  buildVolumesKeyPolicy,
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

describe('key policies', () => {
  it('lets administrators manage every key but never encrypt or decrypt with it', () => {
    for (const policy of [
      buildSecretsKeyPolicy({ administratorArns: ADMINS, clusterRoleArn: CLUSTER_ROLE }),
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
      // No statement names the account root or a wildcard principal.
      expect(JSON.stringify(policy)).not.toMatch(/:root"|"Principal":"\*"/);
    }
  });

  it('lists each administrator once', () => {
    const policy = buildSecretsKeyPolicy({
      administratorArns: [ADMINS[0]!, ADMINS[0]!],
      clusterRoleArn: CLUSTER_ROLE,
    });
    expect(statement(policy, 'KeyAdministration').Principal).toEqual({ AWS: [ADMINS[0]] });
  });

  it('gives the cluster role exactly what secrets envelope encryption needs', () => {
    const policy = buildSecretsKeyPolicy({ administratorArns: ADMINS, clusterRoleArn: CLUSTER_ROLE });
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

  it('lets the Auto Scaling service-linked role use the volume key and attach volumes', () => {
    const policy = buildVolumesKeyPolicy({ account: ACCOUNT, administratorArns: ADMINS });
    const role = autoScalingServiceLinkedRoleArn(ACCOUNT);
    expect(role).toBe(
      'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    );
    expect(statement(policy, 'AutoScalingUseForNodeVolumes').Principal).toEqual({ AWS: role });
    expect(statement(policy, 'AutoScalingAttachNodeVolumes')).toMatchObject({
      Principal: { AWS: role },
      Action: 'kms:CreateGrant',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
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

  it('makes the configured admins and the deploying role (not its session) key administrators', () => {
    const policy = JSON.parse(
      String(resourceNamed(plan, 'aws:kms/key:Key', 'eks-kms-secrets').inputs.policy),
    ) as PolicyDocument;
    expect(statement(policy, 'KeyAdministration').Principal).toEqual({
      AWS: [admin, DEFAULT_MOCK_ENVIRONMENT.deployerRoleArn],
    });
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

  it('creates the Auto Scaling service-linked role only when asked, before the volume key', async () => {
    expect(resourcesOfType(plan, 'aws:iam/serviceLinkedRole:ServiceLinkedRole')).toEqual([]);
    const fresh = await planStack({ createAutoScalingServiceLinkedRole: 'true' });
    const role = resourceNamed(
      fresh,
      'aws:iam/serviceLinkedRole:ServiceLinkedRole',
      'eks-kms-autoscaling-service-role',
    );
    expect(role.inputs.awsServiceName).toBe('autoscaling.amazonaws.com');
    expect(resourceNamed(fresh, 'aws:kms/key:Key', 'eks-kms-volumes').dependencies).toContain(role.urn);
  });
});
