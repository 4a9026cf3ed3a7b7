import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { version as packVersion } from '../../stacks/policy-pack/package.json';
import { runCli } from '../fixtures/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'harden-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

const publicEndpoint = file(
  'Pulumi.public.yaml',
  [
    'config:',
    '  aws:region: eu-west-1',
    '  eks-hardening:endpointPublicAccess: "true"',
    '  eks-hardening:publicAccessCidrs:',
    '    - 203.0.113.10/32',
    '',
  ].join('\n'),
);

describe('harden preview', () => {
  it('plans the stack offline and finds no violation in its default configuration', async () => {
    const result = await runCli(['preview']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Previewing HardenedEksCluster and ClusterBaseline stacks (built in)');
    expect(result.stdout).toContain(`✅ eks-hardening@v${packVersion}`);
    expect(result.stdout).toMatch(/\+ \d+ to create/);
    expect(result.stdout).toContain('No policy violations.');
  }, 60_000);

  it("allows the public endpoint's /32 the stack config opens, set once, as the pack does under pulumi preview", async () => {
    const result = await runCli(['preview', '--stack-config', publicEndpoint, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ violations: [] });
  }, 60_000);

  it('prints a mandatory violation the way pulumi preview does and exits 1', async () => {
    // An organization that allows only the pack's own list: the stack's /32 is then a violation.
    const strict = file(
      'strict-policy.json',
      JSON.stringify({ 'eks-endpoint-private': { allowStackPublicAccessCidrs: false } }),
    );
    const result = await runCli([
      'preview',
      '--stack-config',
      publicEndpoint,
      '--policy-pack-config',
      strict,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`❌ eks-hardening@v${packVersion}`);
    expect(result.stdout).toContain(
      '- [mandatory]  eks-endpoint-private  (aws:eks/cluster:Cluster: eks-cluster-eks)',
    );
    expect(result.stdout).toContain(
      "Cluster/eks-cluster-eks: vpcConfig.publicAccessCidrs[0] '203.0.113.10/32' is not within the pack's allowedPublicCidrs (none)",
    );
    expect(result.stdout).toContain('1 mandatory and 0 advisory policy violation.');
  }, 60_000);

  it('takes the policy pack configuration pulumi preview takes', async () => {
    const config = file(
      'policy-config.json',
      JSON.stringify({ 'eks-endpoint-private': { allowedPublicCidrs: ['203.0.113.0/24'] } }),
    );
    const result = await runCli([
      'preview',
      '--stack-config',
      publicEndpoint,
      '--policy-pack-config',
      config,
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { pack: unknown; planned: number; violations: unknown[] };
    expect(report).toMatchObject({ pack: { name: 'eks-hardening', version: packVersion }, violations: [] });
    expect(report.planned).toBeGreaterThan(50);
  }, 60_000);

  test.each([
    [
      'invalid policy pack configuration',
      [
        '--policy-pack-config',
        file(
          'bad-policy.json',
          JSON.stringify({ 'eks-endpoint-private': { allowedPublicCidrs: ['0.0.0.0/0'] } }),
        ),
      ],
      "harden preview: invalid configuration of policy 'eks-endpoint-private': allowedPublicCidrs[0] '0.0.0.0/0' is the whole internet and is never allowed",
    ],
    [
      'an encrypted secret in the stack config',
      [
        '--stack-config',
        file('Pulumi.secret.yaml', 'config:\n  eks-hardening:clusterName:\n    secure: AAABAA==\n'),
      ],
      "'eks-hardening:clusterName' is an encrypted secret, which an offline preview cannot decrypt",
    ],
    [
      'invalid stack configuration',
      ['--stack-config', file('Pulumi.bad.yaml', 'config:\n  eks-hardening:nodeMinSize: "many"\n')],
      'harden preview: invalid stack configuration:',
    ],
    [
      'a stack config that does not exist, in one line',
      ['--stack-config', path.join(dir, 'Pulumi.missing.yaml')],
      `harden preview: stack config ${path.join(dir, 'Pulumi.missing.yaml')} does not exist\n`,
    ],
    [
      'a stack config without a top-level config:',
      ['--stack-config', file('Pulumi.flat.yaml', 'eks-hardening:nodeMinSize: 5\n')],
      "unknown top-level key 'eks-hardening:nodeMinSize' (a setting: indent it under config:)",
    ],
    [
      'an empty stack config',
      ['--stack-config', file('Pulumi.empty.yaml', '# nothing yet\n')],
      "has no top-level 'config:' mapping",
    ],
    [
      'a misspelt top-level key',
      ['--stack-config', file('Pulumi.typo.yaml', 'confg:\n  eks-hardening:nodeMinSize: 5\n')],
      "unknown top-level key 'confg' (did you mean 'config'?)",
    ],
    [
      'every YAML error of the stack config, whole',
      ['--stack-config', file('Pulumi.broken.yaml', 'config:\n  a: [1\n  b: "x\n')],
      'is not valid YAML:\nFlow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 3:\n\n  a: [1\n  b: "x\n  ^\n',
    ],
  ])(
    'exits 2 on %s, naming the problem',
    async (_case, args, message) => {
      const result = await runCli(['preview', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    },
    60_000,
  );
});

describe('harden preview --program on @pulumi/eks programs', () => {
  const program = (name: string) => path.join(__dirname, '..', 'fixtures', 'programs', name);

  it('reports the README cluster’s insecure defaults on the eks:index:Cluster component and exits 1', async () => {
    const result = await runCli(['preview', '--program', program('eks-minimal.ts'), '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      violations: { policyName: string; type: string; name: string; path: string }[];
    };
    expect(new Set(report.violations.map((violation) => `${violation.type} ${violation.name}`))).toEqual(
      new Set(['eks:index:Cluster my-cluster']),
    );
    expect(report.violations).toContainEqual(
      expect.objectContaining({
        policyName: 'eks-secrets-encryption',
        path: 'encryptionConfigKeyArn',
        enforcementLevel: 'mandatory',
      }),
    );
  });

  it('exits 2, naming the types, when no rule examined anything', async () => {
    const result = await runCli(['preview', '--program', program('unexamined-only.ts')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'harden preview: no rule examined anything: 3 resources of unexamined types: aws:s3/bucket:Bucket, aws:sns/topic:Topic, awsx:ecr:Repository\n',
    );
    expect(result.stdout).toContain('No policy violations.');
  });
});

describe("harden preview --program on this repository's two projects", () => {
  const root = path.join(__dirname, '..', '..');
  type Report = { planned: number; examined: number; unexamined: { type: string }[]; violations: unknown[] };

  it('plans the cluster project (Pulumi.yaml) with no Kubernetes object in it', async () => {
    const result = await runCli(['preview', '--program', root, '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.violations).toEqual([]);
    expect(
      report.unexamined.map((entry) => entry.type).filter((type) => type.startsWith('kubernetes:')),
    ).toEqual([]);
  }, 60_000);

  it('plans the baseline project (blueprints/baseline) from its StackReference, and the pack passes it', async () => {
    const result = await runCli([
      'preview',
      '--program',
      path.join(root, 'blueprints', 'baseline'),
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.violations).toEqual([]);
    expect(report.examined).toBeGreaterThan(10);
  }, 60_000);
});
