import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scorecard } from '../../policies/src/cli/scorecard/model';
import { runCli } from '../fixtures/cli';
import { type FileTree, writeTree } from '../fixtures/manifest-files';
import { sarifValidator } from '../fixtures/sarif';

/** The main job, run once in a scratch directory; the other tests read what it wrote. */
describe('harden start (npm start)', () => {
  let tree: FileTree;
  let run: Awaited<ReturnType<typeof runCli>>;
  let card: Scorecard;

  beforeAll(async () => {
    tree = writeTree({});
    run = await runCli(['start'], { cwd: tree.dir });
    card = JSON.parse(readFileSync(join(tree.dir, 'dist', 'report', 'scorecard.json'), 'utf8')) as Scorecard;
  }, 120_000);

  afterAll(() => tree.remove());

  it('exits 0 because the blueprint is fully compliant', () => {
    expect(run.code).toBe(0);
    expect(card.controls.filter((result) => ['fail', 'unverified'].includes(result.status))).toEqual([]);
    for (const framework of card.frameworks) expect(framework.score).toBe(1);
  });

  it('shows progress for each of its four steps, as plain lines off a TTY', () => {
    for (const step of ['[1/4] Synthesizing', '[2/4] Previewing', '[3/4] Evaluating', '[4/4] Writing']) {
      expect(run.stderr).toContain(step);
    }
  });

  it('synthesizes one manifest file per blueprint chart', () => {
    expect(readdirSync(join(tree.dir, 'dist', 'manifests')).sort()).toEqual([
      'batch-job.k8s.yaml',
      'cluster-baseline.k8s.yaml',
      'online-boutique.k8s.yaml',
      'three-tier-web.k8s.yaml',
    ]);
  });

  it('evaluates the planned AWS resources, the planned Kubernetes resources and the manifests', () => {
    const types = new Set(card.resources.map((resource) => resource.type));
    expect([...types]).toEqual(
      expect.arrayContaining(['aws:eks/cluster:Cluster', 'kubernetes:core/v1:Namespace', 'Deployment']),
    );
    const endpoint = card.controls.find((result) =>
      result.rules.some((rule) => rule.id === 'eks-endpoint-private'),
    );
    expect(endpoint).toMatchObject({ status: 'pass' });
  });

  it('plans the in-cluster baseline as its own stack over the cluster stack, which plans no Kubernetes object', () => {
    const planned = card.resources.filter((resource) => resource.key.startsWith('urn:pulumi:'));
    const kubernetes = planned.filter((resource) => resource.type.startsWith('kubernetes:'));
    expect(kubernetes.length).toBeGreaterThan(5);
    for (const resource of kubernetes) expect(resource.key).toContain('::eks-hardening-baseline::');
    const aws = planned.filter((resource) => resource.type.startsWith('aws:'));
    for (const resource of aws) expect(resource.key).toContain('::eks-hardening::');
    expect(run.stderr).toContain('[2/4] Previewing the cluster and baseline stacks offline');
  });

  it('scores every framework with evidence, and keeps manual controls with their reason', () => {
    expect(card.frameworks.map((framework) => framework.framework)).toEqual([
      'nsaCisa',
      'cisEks',
      'pss',
      'stig',
    ]);
    for (const framework of card.frameworks) expect(framework.applicable).toBeGreaterThan(0);
    const manual = card.controls.filter((result) => result.status === 'manual');
    expect(manual.length).toBeGreaterThan(0);
    for (const result of manual) expect(result.summary).toBe(result.control.enforcement.manual);
  });

  it('writes valid SARIF and a self-contained HTML page', () => {
    const sarif = JSON.parse(readFileSync(join(tree.dir, 'dist', 'report', 'scorecard.sarif'), 'utf8'));
    expect(sarifValidator()(sarif)).toBe(true);
    const html = readFileSync(join(tree.dir, 'dist', 'report', 'scorecard.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/);
    expect(run.stdout).toContain('HTML report: dist/report/scorecard.html');
  });
});
