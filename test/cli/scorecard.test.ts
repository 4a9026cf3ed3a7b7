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
