import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditBundle } from '../../audit/src/bundle';
import type { Scorecard } from '../../policies/src/cli/scorecard/model';
import { type MockAccount, mockAwsAccount } from '../fixtures/aws-api-mock';
import { runCli } from '../fixtures/cli';
import { type FakeCluster, startKubeApiServer } from '../fixtures/kube-api-server';
import { hardenedBundle, kubernetesOf, WEAKNESSES, weakAccount, weakKubernetes } from './clusters';

jest.setTimeout(120_000);

const WEAK_CONTROLS = Object.keys(WEAKNESSES);

const dirs: string[] = [];
/** A fresh directory under the system temp directory, removed after the file's tests. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'harden-audit-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `harden <argv>` against a fake API server for `cluster` and a mocked AWS account. */
async function againstCluster(cluster: FakeCluster, account: MockAccount, argv: readonly string[]) {
  const server = await startKubeApiServer(cluster);
  const aws = mockAwsAccount(account);
  const dir = tempDir();
  try {
    const kubeconfig = server.kubeconfig(account.evidence.cluster?.name);
    const ran = await runCli([...argv, '--kubeconfig', kubeconfig], { cwd: dir });
    return { ...ran, dir, requests: server.requests, sent: aws.sent() };
  } finally {
    aws.restore();
    await server.close();
  }
}

const scorecardIn = (dir: string, out = 'dist/audit') =>
  JSON.parse(readFileSync(join(dir, out, 'scorecard.json'), 'utf8')) as Scorecard;

const statusOf = (card: Scorecard, ids: readonly string[]) =>
  Object.fromEntries(ids.map((id) => [id, card.controls.find((result) => result.control.id === id)?.status]));

const everyControl = (ids: readonly string[], status: string) =>
  Object.fromEntries(ids.map((id) => [id, status]));

describe('harden audit of a deliberately weak cluster', () => {
  let run: Awaited<ReturnType<typeof againstCluster>>;
  beforeAll(async () => {
    run = await againstCluster(weakKubernetes(), weakAccount(), ['audit']);
  });

  it('fails each weakness: public endpoint, no secrets encryption, aws-auth only, IMDSv1, privileged DaemonSet, anonymous kubelet', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(statusOf(scorecardIn(run.dir), WEAK_CONTROLS)).toEqual(everyControl(WEAK_CONTROLS, 'fail'));
  });

  it('scores the cluster as the subject, writing the scorecard as JSON, SARIF and HTML', () => {
    const card = scorecardIn(run.dir);
    expect(card.subject).toMatch(/^EKS cluster prod \(us-east-1\), read \d{4}-\d\d-\d\dT/);
    expect(readFileSync(join(run.dir, 'dist/audit/scorecard.sarif'), 'utf8')).toContain('"version": "2.1.0"');
    expect(readFileSync(join(run.dir, 'dist/audit/scorecard.html'), 'utf8')).toContain('EKS cluster prod');
  });

  it('prints the findings by resource, with the fix', () => {
    expect(run.stdout).toContain('Cluster prod (aws:eks/cluster:Cluster)');
    expect(run.stdout).toContain(
      "Cluster/prod: vpcConfig.publicAccessCidrs[0] '0.0.0.0/0' opens the API endpoint to the whole internet",
    );
    expect(run.stdout).toContain(
      "LaunchTemplate/eks-d2c8a6f1-0000-1111-2222-333344445555 v1: metadataOptions.httpTokens is 'optional'",
    );
    expect(run.stdout).toContain('DaemonSet logging/log-agent (Kubernetes API)');
    expect(run.stdout).toContain(
      'KubeletConfiguration/ip-10-0-1-23.ec2.internal: authentication.anonymous.enabled is true',
    );
    expect(run.stdout).toContain('Compliance scorecard: EKS cluster prod (us-east-1)');
  });

  it('judges a DaemonSet once, not again on each of its pods', () => {
    const card = scorecardIn(run.dir);
    const privileged = card.controls.find((result) => result.control.id === 'pss-privileged')!;
    expect(privileged.findings.map((finding) => finding.resourceKey)).toEqual([
      'apps/v1/DaemonSet/logging/log-agent',
    ]);
  });
});

describe('harden collect, then harden audit --from, for auditors without access to production', () => {
  let collected: Awaited<ReturnType<typeof againstCluster>>;
  let bundleText: string;
  beforeAll(async () => {
    collected = await againstCluster(weakKubernetes(), weakAccount(), ['collect', '--out', 'evidence.json']);
    bundleText = readFileSync(join(collected.dir, 'evidence.json'), 'utf8');
  });

  it('writes one JSON bundle and says how to score it', () => {
    expect(collected.code).toBe(0);
    expect(collected.stdout).toContain('wrote evidence.json: ');
    expect(collected.stdout).toContain('harden audit --from evidence.json');
    const bundle = JSON.parse(bundleText) as AuditBundle;
    expect(bundle).toMatchObject({
      kind: 'EksHardeningAuditBundle',
      version: 1,
      target: { clusterName: 'prod', region: 'us-east-1', context: 'prod' },
    });
  });

  it('holds no Secret data: Secrets by name, namespace and type only', () => {
    expect(bundleText).not.toContain('aHVudGVyMg==');
    const bundle = JSON.parse(bundleText) as AuditBundle;
    expect(bundle.kubernetes.objects.filter((object) => object.kind === 'Secret')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'db-password',
          namespace: 'default',
          uid: 'db-password-uid',
          creationTimestamp: '2025-01-15T10:00:00Z',
        },
        type: 'Opaque',
      },
    ]);
  });

  it('keeps neither managedFields nor launch template user data', () => {
    expect(bundleText).not.toContain('managedFields');
    expect(bundleText).not.toContain('UserData');
  });

  it('scores the bundle offline exactly as the live audit scores the cluster', async () => {
    const offline = await runCli(['audit', '--from', 'evidence.json', '--out', 'offline'], {
      cwd: collected.dir,
    });
    expect(offline.code).toBe(1);
    const live = await againstCluster(weakKubernetes(), weakAccount(), ['audit', '--out', 'live']);
    const statuses = (card: Scorecard) => card.controls.map((result) => [result.control.id, result.status]);
    expect(statuses(scorecardIn(collected.dir, 'offline'))).toEqual(statuses(scorecardIn(live.dir, 'live')));
    expect(statusOf(scorecardIn(collected.dir, 'offline'), WEAK_CONTROLS)).toEqual(
      everyControl(WEAK_CONTROLS, 'fail'),
    );
  });
});

describe('harden audit of the cluster this repository plans', () => {
  let bundle: AuditBundle;
  let dir: string;
  let offline: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    bundle = await hardenedBundle();
    dir = tempDir();
    writeFileSync(join(dir, 'planned.json'), JSON.stringify(bundle));
    offline = await runCli(['audit', '--from', 'planned.json'], { cwd: dir });
  });

  it('passes each control the weak cluster fails, and every other one it measures', () => {
    expect(offline.stderr).toBe('');
    const card = scorecardIn(dir);
    expect(statusOf(card, WEAK_CONTROLS)).toEqual(everyControl(WEAK_CONTROLS, 'pass'));
    expect(card.controls.filter((result) => ['fail', 'unverified'].includes(result.status))).toEqual([]);
    expect(offline.code).toBe(0);
  });

  it('scores the same live, read through the APIs', async () => {
    const live = await againstCluster(kubernetesOf(bundle), { evidence: bundle.aws }, ['audit']);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    const statuses = (card: Scorecard) => card.controls.map((result) => [result.control.id, result.status]);
    expect(statuses(scorecardIn(live.dir))).toEqual(statuses(scorecardIn(dir)));
  });
});

describe('what cannot be read is unverified, never a pass', () => {
  it('names a kind the API refuses, pages the others, and leaves the controls reading it unverified', async () => {
    const cluster = { ...weakKubernetes(), forbidden: ['ClusterRole'], pageSize: 1 };
    const run = await againstCluster(cluster, weakAccount(), ['audit']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'harden audit: could not read list clusterroles.rbac.authorization.k8s.io: 403 Forbidden: clusterroles.rbac.authorization.k8s.io is forbidden: User "arn:aws:sts::111122223333:assumed-role/auditor/session" cannot list resource "clusterroles"',
    );
    expect(run.stderr).toContain('grant get and list on clusterroles.rbac.authorization.k8s.io');
    const card = scorecardIn(run.dir);
    expect(statusOf(card, ['rbac-no-wildcards', 'rbac-no-escalation-verbs', 'rbac-secrets-access'])).toEqual(
      everyControl(['rbac-no-wildcards', 'rbac-no-escalation-verbs', 'rbac-secrets-access'], 'unverified'),
    );
    // One page per item: both namespaces' pages were followed with `continue`.
    expect(run.requests.filter((request) => request.path.startsWith('/api/v1/namespaces?'))).toEqual([
      expect.objectContaining({ path: '/api/v1/namespaces?limit=500' }),
      expect.objectContaining({ path: expect.stringMatching(/^\/api\/v1\/namespaces\?limit=500&continue=/) }),
      expect.objectContaining({ path: expect.stringMatching(/^\/api\/v1\/namespaces\?limit=500&continue=/) }),
    ]);
    expect(statusOf(card, WEAK_CONTROLS)).toEqual(everyControl(WEAK_CONTROLS, 'fail'));
  });

  it('leaves the kubelet controls unverified when nodes/proxy is refused', async () => {
    const cluster = weakKubernetes();
    const run = await againstCluster(
      { ...cluster, configz: Object.fromEntries(Object.keys(cluster.configz!).map((node) => [node, 403])) },
      weakAccount(),
      ['audit'],
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'could not read the kubelet configuration of the nodes (get nodes/proxy): 403 Forbidden',
    );
    expect(statusOf(scorecardIn(run.dir), ['kubelet-anonymous-auth', 'kubelet-read-only-port'])).toEqual({
      'kubelet-anonymous-auth': 'unverified',
      'kubelet-read-only-port': 'unverified',
    });
  });

  it('names the AWS call refused, and leaves what it reads unverified', async () => {
    const run = await againstCluster(
      weakKubernetes(),
      { ...weakAccount(), refuse: { DescribeClusterCommand: 'AccessDenied' } },
      ['audit'],
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'harden audit: could not read eks:DescribeCluster prod: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/auditor/session is not authorized',
    );
    expect(run.stderr).toContain('allow eks:DescribeCluster to the identity harden runs as');
    const card = scorecardIn(run.dir);
    expect(
      statusOf(card, ['eks-endpoint-private', 'eks-secrets-encryption', 'eks-access-entries-auth-mode']),
    ).toEqual(
      everyControl(
        ['eks-endpoint-private', 'eks-secrets-encryption', 'eks-access-entries-auth-mode'],
        'unverified',
      ),
    );
    expect(statusOf(card, ['launch-template-imdsv2', 'pss-privileged'])).toEqual(
      everyControl(['launch-template-imdsv2', 'pss-privileged'], 'fail'),
    );
  });

  it('stops at missing AWS credentials with one message, every AWS control unverified', async () => {
    const run = await againstCluster(
      weakKubernetes(),
      { ...weakAccount(), refuse: { DescribeClusterCommand: 'CredentialsProviderError' } },
      ['audit'],
    );
    expect(run.code).toBe(2);
    expect(run.sent.map((command) => command.action)).toEqual(['DescribeCluster']);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(
        'could not read the AWS APIs of cluster prod (stopped at eks:DescribeCluster prod): CredentialsProviderError',
      ),
    ]);
    const card = scorecardIn(run.dir);
    expect(
      statusOf(card, ['eks-endpoint-private', 'launch-template-imdsv2', 'vpc-cni-network-policy']),
    ).toEqual(
      everyControl(
        ['eks-endpoint-private', 'launch-template-imdsv2', 'vpc-cni-network-policy'],
        'unverified',
      ),
    );
    expect(statusOf(card, ['pss-privileged', 'kubelet-anonymous-auth'])).toEqual(
      everyControl(['pss-privileged', 'kubelet-anonymous-auth'], 'fail'),
    );
  });

  it('names an unreachable API server, every Kubernetes control unverified, and still scores AWS', async () => {
    const server = await startKubeApiServer(weakKubernetes());
    // The server removes the kubeconfigs it wrote when it closes: keep a copy that outlives it.
    const kubeconfig = join(tempDir(), 'config');
    copyFileSync(server.kubeconfig(), kubeconfig);
    await server.close();
    const aws = mockAwsAccount(weakAccount());
    const dir = tempDir();
    try {
      const run = await runCli(['audit', '--kubeconfig', kubeconfig], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /could not read the Kubernetes API server: connect ECONNREFUSED 127\.0\.0\.1:\d+; make the API server reachable/,
      );
      const card = scorecardIn(dir);
      expect(statusOf(card, ['pss-privileged', 'kubelet-anonymous-auth', 'namespace-default-deny'])).toEqual(
        everyControl(['pss-privileged', 'kubelet-anonymous-auth', 'namespace-default-deny'], 'unverified'),
      );
      expect(statusOf(card, ['eks-endpoint-private'])).toEqual({ 'eks-endpoint-private': 'fail' });
    } finally {
      aws.restore();
    }
  });
});

describe('harden audit settings', () => {
  it('takes the exemptions of a harden check config, for AWS resources by type and name too', async () => {
    const dir = tempDir();
    const config = join(dir, 'harden.yaml');
    writeFileSync(
      config,
      [
        'exemptions:',
        '  - rule: eks-endpoint-private',
        '    kind: Cluster',
        '    name: prod',
        '    reason: the public endpoint is closed in the change window of TICKET-42',
        '  - rule: pss-privileged',
        '    kind: DaemonSet',
        '    namespace: logging',
        '    name: log-agent',
        '    reason: reads host logs by design',
        '',
      ].join('\n'),
    );
    const run = await againstCluster(weakKubernetes(), weakAccount(), ['audit', '--config', config]);
    const card = scorecardIn(run.dir);
    expect(statusOf(card, ['eks-endpoint-private', 'pss-privileged', 'eks-secrets-encryption'])).toEqual({
      'eks-endpoint-private': 'exempted',
      'pss-privileged': 'exempted',
      'eks-secrets-encryption': 'fail',
    });
    expect(run.stdout).toContain(
      `reason (${config}): the public endpoint is closed in the change window of TICKET-42`,
    );
  });

  it('draws a progress bar on a terminal, and nothing on a pipe', async () => {
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const server = await startKubeApiServer(weakKubernetes());
      const aws = mockAwsAccount(weakAccount());
      const dir = tempDir();
      try {
        const tty = await runCli(['collect', '--kubeconfig', server.kubeconfig(), '--out', 'e.json'], {
          cwd: dir,
          tty: true,
        });
        expect(tty.stderr).toMatch(/\[█+░*\] \d+\/\d+ /);
        expect(tty.stderr).toContain('✔ Kubernetes API http://127.0.0.1:');
        const pipe = await runCli(['collect', '--kubeconfig', server.kubeconfig(), '--out', 'e.json'], {
          cwd: dir,
        });
        expect(pipe.stderr).toBe('');
      } finally {
        aws.restore();
        await server.close();
      }
    } finally {
      if (ci !== undefined) process.env.CI = ci;
    }
  });
});

describe('harden audit usage errors', () => {
  it('refuses --from together with a cluster to read', async () => {
    const run = await runCli(['audit', '--from', 'evidence.json', '--context', 'prod']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from scores a bundle offline; leave out --context');
  });

  it('names the bad field of a bundle', async () => {
    const dir = tempDir();
    const bundle = JSON.parse(JSON.stringify(await hardenedBundle())) as Record<
      string,
      Record<string, unknown>
    >;
    bundle.aws!.nodegroups = 'none';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bundle));
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ kind: 'List', items: [] }));
    const bad = await runCli(['audit', '--from', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'harden audit: bad.json: aws.nodegroups: Invalid input: expected array, received string',
    );
    const other = await runCli(['audit', '--from', 'other.json'], { cwd: dir });
    expect(other.stderr).toContain(
      "other.json: is not an evidence bundle (its kind is not 'EksHardeningAuditBundle')",
    );
    const missing = await runCli(['audit', '--from', 'missing.json'], { cwd: dir });
    expect(missing.stderr).toContain(
      'missing.json: no such file; write it with `harden collect --out <file>`',
    );
  });

  it('names a kubeconfig context that does not exist', async () => {
    const server = await startKubeApiServer(weakKubernetes());
    const aws = mockAwsAccount(weakAccount());
    try {
      const dir = tempDir();
      const run = await runCli(
        [
          'audit',
          '--kubeconfig',
          server.kubeconfig(),
          '--context',
          'staging',
          '--cluster',
          'prod',
          '--region',
          'us-east-1',
        ],
        { cwd: dir },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("the kubeconfig has no context 'staging'; its contexts are prod, other");
    } finally {
      aws.restore();
      await server.close();
    }
  });
});
