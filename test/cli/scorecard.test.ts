import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scorecard } from '../../policies/src/cli/scorecard/model';
import { runCli } from '../fixtures/cli';
import { type FileTree, privilegedDeployment, writeTree } from '../fixtures/manifest-files';
import { sarifValidator } from '../fixtures/sarif';

const readCard = (dir: string): Scorecard =>
  JSON.parse(readFileSync(join(dir, 'dist', 'report', 'scorecard.json'), 'utf8')) as Scorecard;

describe('harden scorecard', () => {
  let tree: FileTree;

  beforeEach(() => {
    tree = writeTree({ 'deploy/api.yaml': privilegedDeployment('api') });
  });

  afterEach(() => tree.remove());

  it('scores manifests, fails the controls they break, and exits 1', async () => {
    const run = await runCli(['scorecard', 'deploy'], { cwd: tree.dir });
    expect(run.code).toBe(1);
    const card = readCard(tree.dir);
    const privileged = card.controls.find((result) => result.control.id === 'pss-privileged');
    expect(privileged).toMatchObject({ status: 'fail' });
    expect(privileged?.findings[0]).toMatchObject({
      resourceKey: 'deploy/api.yaml#0',
      rule: 'pss-privileged',
    });
    expect(card.frameworks.find((f) => f.framework === 'pss')!.score).toBeLessThan(1);
    expect(run.stdout).toContain('HTML report: dist/report/scorecard.html');
  });

  it('writes SARIF 2.1.0 that the official schema accepts', async () => {
    await runCli(['scorecard', 'deploy'], { cwd: tree.dir });
    const log = JSON.parse(readFileSync(join(tree.dir, 'dist', 'report', 'scorecard.sarif'), 'utf8'));
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/api.yaml');
  });

  it('scores the offline preview of another Pulumi program and catches what it gets wrong', async () => {
    const program = join(__dirname, '..', 'fixtures', 'programs', 'public-eks.ts');
    const run = await runCli(['scorecard', '--program', program, '--out', 'report'], { cwd: tree.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const card = JSON.parse(readFileSync(join(tree.dir, 'report', 'scorecard.json'), 'utf8')) as Scorecard;
    const failing = card.controls.filter((result) => result.status === 'fail').flatMap((r) => r.findings);
    const rules = new Set(failing.map((finding) => finding.rule));
    for (const rule of [
      'eks-endpoint-private',
      'eks-secrets-encryption',
      'eks-control-plane-logging',
      'security-group-no-world-ingress',
    ]) {
      expect(rules).toContain(rule);
    }
    expect(card.resources.map((resource) => resource.type)).toContain('aws:eks/cluster:Cluster');
  });

  it('refuses to run with nothing to score, and says how to name something', async () => {
    const run = await runCli(['scorecard'], { cwd: tree.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing to score');
    expect(existsSync(join(tree.dir, 'dist'))).toBe(false);
  });

  it('reports unreadable input and exits 2 without writing a report', async () => {
    const run = await runCli(['scorecard', 'missing.yaml'], { cwd: tree.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yaml');
    expect(existsSync(join(tree.dir, 'dist'))).toBe(false);
  });
});

describe('harden scorecard --program on the programs @pulumi/eks users already have', () => {
  const programs = join(__dirname, '..', 'fixtures', 'programs');
  let tree: FileTree;
  type Scored = { run: Awaited<ReturnType<typeof runCli>>; card: Scorecard; out: string };
  const scored = new Map<string, Scored>();
  // Each program is planned once: a module runs once per test file under jest's module registry.
  const score = (program: string): Scored => scored.get(program)!;
  const resultOf = (card: Scorecard, id: string) =>
    card.controls.find((control) => control.control.id === id)!;
  const report = (program: string, file: string) => readFileSync(join(score(program).out, file), 'utf8');

  beforeAll(async () => {
    tree = writeTree({});
    // Only the date: the EKS release calendar decides eks-version-supported, the rest of the runtime runs for real.
    jest.useFakeTimers({
      now: new Date('2026-12-01T12:00:00Z'),
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    for (const program of ['eks-minimal.ts', 'eks-hardened.ts', 'unexamined-only.ts']) {
      const out = join(tree.dir, program);
      const run = await runCli(['scorecard', '--program', join(programs, program), '--out', out], {
        cwd: tree.dir,
      });
      const card = JSON.parse(readFileSync(join(out, 'scorecard.json'), 'utf8')) as Scorecard;
      scored.set(program, { run, card, out });
    }
  }, 120_000);

  afterAll(() => {
    jest.useRealTimers();
    tree.remove();
  });

  it('fails each insecure default of the README cluster on the component, with the argument to set, and exits 1', () => {
    const { run, card } = score('eks-minimal.ts');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const cluster = card.resources.find((resource) => resource.type === 'eks:index:Cluster')!;
    expect(cluster).toMatchObject({ name: 'my-cluster', examined: true });
    for (const [control, argument] of [
      ['eks-endpoint-private', 'endpointPublicAccess'],
      ['eks-control-plane-logging', 'enabledClusterLogTypes'],
      ['eks-secrets-encryption', 'encryptionConfigKeyArn'],
      ['eks-access-entries-auth-mode', 'authenticationMode'],
      ['eks-no-creator-admin', 'authenticationMode'],
      ['workload-aws-identity', 'createOidcProvider'],
      ['private-nodes', 'nodeAssociatePublicIpAddress'],
      ['launch-template-imdsv2', 'skipDefaultNodeGroup'],
    ] as const) {
      expect([control, resultOf(card, control).status]).toEqual([control, 'fail']);
      for (const finding of resultOf(card, control).findings) {
        expect(finding).toMatchObject({ resourceKey: cluster.key, path: argument });
        expect(finding.message).toMatch(new RegExp(`^eks\\.Cluster/my-cluster: .*\\b${argument}\\b`));
      }
    }
    expect(resultOf(card, 'eks-control-plane-logging').findings).toHaveLength(5);
    expect(run.stdout).toContain(
      'failing controls: private-nodes, eks-secrets-encryption, eks-endpoint-private',
    );
  });

  it('passes those controls for the hardened cluster, failing only what @pulumi/eks 4.3 hard-codes or cannot pass', () => {
    const { run, card } = score('eks-hardened.ts');
    for (const control of [
      'eks-endpoint-private',
      'eks-control-plane-logging',
      'eks-secrets-encryption',
      'workload-aws-identity',
      'launch-template-imdsv2',
      'ebs-encrypted',
      'vpc-flow-logs',
      'kms-key-rotation',
    ]) {
      expect([control, resultOf(card, control).status]).toEqual([control, 'pass']);
    }
    // authenticationMode API leaves no aws-auth finding on the access-entries control.
    expect(
      resultOf(card, 'eks-access-entries-auth-mode').findings.filter((f) => f.path === 'authenticationMode'),
    ).toEqual([]);
    // eks.Cluster 4.3 sets bootstrapClusterCreatorAdminPermissions: true whenever authenticationMode is set, and
    // no argument turns it off: the one finding, on the component, at authenticationMode.
    expect(resultOf(card, 'eks-no-creator-admin')).toMatchObject({
      status: 'fail',
      findings: [expect.objectContaining({ path: 'authenticationMode' })],
    });
    // eks.ManagedNodeGroup 4.3 has no nodeRepairConfig argument, so auto repair stays off: the other finding.
    expect(resultOf(card, 'node-group-auto-repair')).toMatchObject({
      status: 'fail',
      findings: [
        expect.objectContaining({
          path: '',
          message: expect.stringContaining('ManagedNodeGroup has no nodeRepairConfig argument'),
        }),
      ],
    });
    expect(card.totals.findings).toBe(2);
    expect(run.code).toBe(1);
  });

  it('shows a framework with nothing applicable as no evidence, not 100%, in text, JSON, HTML and SARIF', () => {
    const { run, card } = score('eks-hardened.ts');
    expect(card.frameworks.find((framework) => framework.framework === 'pss')).toMatchObject({
      applicable: 0,
      score: null,
    });
    expect(run.stdout).toMatch(/Kubernetes Pod Security Standards +░+ +no evidence/);
    expect(report('eks-hardened.ts', 'scorecard.html')).toMatch(
      /data-framework="pss">[\s\S]*?<span class="framework-score">no evidence<\/span>/,
    );
    const sarif = JSON.parse(report('eks-hardened.ts', 'scorecard.sarif'));
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0].properties.frameworks).toContainEqual({
      framework: 'pss',
      satisfied: 0,
      applicable: 0,
      score: null,
      evidence: false,
    });
  });

  it('lists every planned type no rule examined, in text, JSON, HTML and SARIF', () => {
    const { run, card } = score('eks-hardened.ts');
    expect(card.unexamined).toEqual([{ type: 'aws:iam/role:Role', count: 1 }]);
    expect(run.stdout).toContain('1 resource of an unexamined type: aws:iam/role:Role');
    expect(report('eks-hardened.ts', 'scorecard.html')).toContain(
      '1 resource of an unexamined type: aws:iam/role:Role',
    );
    const sarif = JSON.parse(report('eks-hardened.ts', 'scorecard.sarif'));
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain(
      '1 resource of an unexamined type: aws:iam/role:Role',
    );
  });

  it('exits 2, naming their types, when no rule examined anything the program plans', () => {
    const { run, card } = score('unexamined-only.ts');
    expect(run.code).toBe(2);
    const message =
      '3 resources of unexamined types: aws:s3/bucket:Bucket, aws:sns/topic:Topic, awsx:ecr:Repository';
    expect(run.stderr).toBe(`harden scorecard: no rule examined anything: ${message}\n`);
    expect(run.stdout).toContain(message);
    expect(card.frameworks.every((framework) => framework.score === null)).toBe(true);
    expect(card.totals.examined).toBe(0);
  });
});
