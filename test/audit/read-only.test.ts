import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteClusterCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { parseAllDocuments } from 'yaml';
import { guardReadOnly, NotReadOnlyError, READ_ONLY_COMMAND } from '../../audit/src/aws/clients';
import { type MockAccount, mockAwsAccount, type SentCommand } from '../fixtures/aws-api-mock';
import { runCli } from '../fixtures/cli';
import { type FakeCluster, type RecordedRequest, startKubeApiServer } from '../fixtures/kube-api-server';
import { hardenedBundle, kubernetesOf, weakAccount, weakKubernetes } from './clusters';

jest.setTimeout(120_000);

const PERMISSIONS = join(__dirname, '..', '..', 'audit', 'permissions');

/** Collects a cluster with `harden collect` and returns every request and command it made. */
async function collect(cluster: FakeCluster, account: MockAccount) {
  const server = await startKubeApiServer(cluster);
  const aws = mockAwsAccount(account);
  try {
    const run = await runCli([
      'collect',
      '--kubeconfig',
      server.kubeconfig(account.evidence.cluster?.name),
      '--out',
      '/dev/null',
    ]);
    return { run, requests: server.requests, sent: aws.sent() };
  } finally {
    aws.restore();
    await server.close();
  }
}

let weak: Awaited<ReturnType<typeof collect>>;
let hardened: Awaited<ReturnType<typeof collect>>;
beforeAll(async () => {
  weak = await collect(weakKubernetes(), weakAccount());
  const bundle = await hardenedBundle();
  hardened = await collect(kubernetesOf(bundle), { evidence: bundle.aws });
});

describe('the AWS side is read-only', () => {
  const sent = (): SentCommand[] => [...weak.sent, ...hardened.sent];

  it('sends only Describe, List and Get calls', () => {
    expect(sent().length).toBeGreaterThan(20);
    expect(sent().filter((command) => !/^(Describe|List|Get)[A-Z]/.test(command.action))).toEqual([]);
  });

  it('needs exactly the calls the shipped IAM policy allows, all of them read-only', () => {
    const policy = JSON.parse(readFileSync(join(PERMISSIONS, 'iam-policy.json'), 'utf8')) as {
      Statement: { Effect: string; Action: string[] }[];
    };
    const allowed = policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap(
      (s) => s.Action,
    );
    const used = [...new Set(sent().map((command) => `${command.service}:${command.action}`))];
    expect(used.sort()).toEqual([...new Set(allowed)].sort());
    expect(allowed.filter((action) => !/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+$/.test(action))).toEqual([]);
  });

  it('refuses, before signing or sending, any command that could change the account', async () => {
    const handled: string[] = [];
    const client = guardReadOnly(
      new EKSClient({
        region: 'us-east-1',
        credentials: {
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
        requestHandler: {
          handle: async (request: { method: string; path: string }) => {
            handled.push(`${request.method} ${request.path}`);
            return {
              response: {
                statusCode: 200,
                headers: { 'content-type': 'application/json' },
                body: Buffer.from(JSON.stringify({ cluster: { name: 'prod' } })),
              },
            };
          },
        } as never,
      }),
    );
    await expect(client.send(new DescribeClusterCommand({ name: 'prod' }))).resolves.toMatchObject({
      cluster: { name: 'prod' },
    });
    await expect(client.send(new DeleteClusterCommand({ name: 'prod' }))).rejects.toThrow(NotReadOnlyError);
    await expect(client.send(new DeleteClusterCommand({ name: 'prod' }))).rejects.toThrow(
      'harden audit sends only Describe, List and Get calls; it refused EKSClient DeleteClusterCommand',
    );
    expect(handled).toEqual(['GET /clusters/prod']);
    expect(READ_ONLY_COMMAND.test('DescribeClusterCommand')).toBe(true);
    expect(READ_ONLY_COMMAND.test('UpdateClusterConfigCommand')).toBe(false);
  });
});

/** The RBAC request a path of the API server is: group, resource and verb; undefined for discovery. */
function rbacOf(request: RecordedRequest): { group: string; resource: string; verb: string } | undefined {
  const path = request.path.split('?')[0]!;
  const configz = /^\/api\/v1\/nodes\/[^/]+\/proxy\/configz$/.test(path);
  if (configz) return { group: '', resource: 'nodes/proxy', verb: 'get' };
  const list = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/([a-z]+)$/.exec(path);
  return list ? { group: list[1] ?? '', resource: list[2]!, verb: 'list' } : undefined;
}

describe('the Kubernetes side is read-only', () => {
  const requests = () => [...weak.requests, ...hardened.requests];

  it('makes GET requests only', () => {
    expect(requests().length).toBeGreaterThan(20);
    expect(new Set(requests().map((request) => request.method))).toEqual(new Set(['GET']));
  });

  it('needs only what the shipped ClusterRoles grant (get and list), Secrets aside', () => {
    const roles = parseAllDocuments(readFileSync(join(PERMISSIONS, 'cluster-role.yaml'), 'utf8'))
      .map(
        (document) =>
          document.toJS() as {
            kind: string;
            rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
          },
      )
      .filter((document) => document.kind === 'ClusterRole');
    const rules = roles.flatMap((role) => role.rules ?? []);
    expect(new Set(rules.flatMap((rule) => rule.verbs))).toEqual(new Set(['get', 'list']));
    const granted = (need: { group: string; resource: string; verb: string }) =>
      rules.some(
        (rule) =>
          rule.apiGroups.includes(need.group) &&
          rule.resources.includes(need.resource) &&
          rule.verbs.includes(need.verb),
      );
    const needs = requests().flatMap((request) => {
      const need = rbacOf(request);
      return need ? [need] : [];
    });
    expect(needs.filter((need) => !granted(need)).map((need) => need.resource)).toEqual(
      expect.arrayContaining(['secrets']),
    );
    expect(new Set(needs.filter((need) => !granted(need)).map((need) => need.resource))).toEqual(
      new Set(['secrets']),
    );
  });

  it('with Secrets refused, as the shipped ClusterRole does, says so without leaving a control unverified', async () => {
    const server = await startKubeApiServer({ ...weakKubernetes(), forbidden: ['Secret'] });
    const aws = mockAwsAccount(weakAccount());
    try {
      const run = await runCli(['collect', '--kubeconfig', server.kubeconfig(), '--out', '/dev/null']);
      expect(run.stderr).toContain('could not read list secrets in all namespaces: 403 Forbidden');
      expect(run.stderr).toContain('(no rule reads it)');
      expect(run.code).toBe(0);
    } finally {
      aws.restore();
      await server.close();
    }
  });

  it('sends the kubeconfig credentials with every request', () => {
    expect(requests().filter((request) => !request.authorization?.startsWith('Bearer k8s-aws-v1.'))).toEqual(
      [],
    );
  });
});
