import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');

/** Runs the program through Pulumi's own TypeScript loader, with stack config as the language host passes it. */
function loadLikePulumi(config: Record<string, string>, program?: { main: string; project: string }) {
  const run = spawnSync(process.execPath, [join(__dirname, 'load-like-pulumi.js')], {
    cwd: root,
    env: {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify({ 'aws:region': 'us-east-1', ...config }),
      ...(program ? { LOAD_PROGRAM: program.main, LOAD_PROJECT: program.project } : {}),
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the Pulumi program entry point', () => {
  it('is where Pulumi.yaml says, as a TypeScript nodejs program', () => {
    const project = parse(readFileSync(join(root, 'Pulumi.yaml'), 'utf8')) as Record<string, unknown>;
    expect(project).toMatchObject({
      name: 'eks-hardening',
      main: 'blueprints/cluster.ts',
      runtime: { name: 'nodejs', options: { typescript: true } },
    });
  });

  it("type-checks and runs under Pulumi's TypeScript loader, reading `pulumi config` values", () => {
    const run = loadLikePulumi({
      'eks-hardening:clusterName': 'from-stack-config',
      'eks-hardening:natGateways': 'single',
      'aws:profile': 'platform',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { types, outputs } = JSON.parse(run.stdout) as {
      types: string[];
      outputs: Record<string, unknown>;
    };
    expect(outputs).toMatchObject({
      clusterName: 'from-stack-config',
      vpcId: expect.stringMatching(/^vpc-/),
    });
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'clusterName',
        'clusterSecurityGroupId',
        'controlPlaneSecurityGroupId',
        'ecrRegistry',
        'ecrRepositoryUrls',
        'endpoint',
        'kubeconfig',
        'nodeSecurityGroupId',
        'oidcIssuer',
        'privateSubnetIds',
        'vpcId',
      ].sort(),
    );
    expect(types.filter((type) => type === 'aws:ec2/natGateway:NatGateway')).toHaveLength(1);
    // Nothing in the cluster stack needs the (private) API endpoint.
    expect(
      types.filter((type) => type.startsWith('kubernetes:') || type === 'pulumi:providers:kubernetes'),
    ).toEqual([]);
    // The kubeconfig signs as the AWS provider does.
    expect(String(outputs.kubeconfig)).toContain('"--profile","platform"');
    // A cold ts-node type-check of the program takes several seconds on a small machine.
  }, 120_000);

  it('runs the baseline project (blueprints/baseline) the same way, reading the cluster through its StackReference', () => {
    const project = parse(
      readFileSync(join(root, 'blueprints', 'baseline', 'Pulumi.yaml'), 'utf8'),
    ) as Record<string, unknown>;
    expect(project).toMatchObject({
      name: 'eks-hardening-baseline',
      main: 'index.ts',
      runtime: { name: 'nodejs' },
    });
    const run = loadLikePulumi(
      { 'aws:profile': 'runner' },
      { main: 'blueprints/baseline/index.ts', project: 'eks-hardening-baseline' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { types, outputs } = JSON.parse(run.stdout) as {
      types: string[];
      outputs: Record<string, unknown>;
    };
    expect(outputs).toEqual({ clusterName: 'hardened-eks' });
    expect(types).toContain('pulumi:pulumi:StackReference');
    expect(types).toContain('pulumi:providers:kubernetes');
    expect(types).toContain('kubernetes:core/v1:Namespace');
    expect(types.filter((type) => type.startsWith('aws:'))).toEqual([]);
  }, 120_000);

  it('stops before creating anything when the configuration is invalid, naming every bad key', () => {
    const run = loadLikePulumi({
      'eks-hardening:logRetentionDays': '100',
      'eks-hardening:kubernetesVersion': '1.20',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("config 'kubernetesVersion' must be one of 1.34, 1.35; got '1.20'");
    expect(run.stderr).toContain("config 'logRetentionDays' must be a retention CloudWatch Logs accepts");
    expect(run.stdout).toBe('');
  }, 120_000);
});
