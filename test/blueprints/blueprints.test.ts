import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blueprintApp, blueprintManifests, clusterBaselineManifests } from '../../blueprints';
import { runCheck } from '../../policies/src/cli/commands/check';
import { schemaProblems } from '../constructs/kubernetes-schema';

describe('blueprints', () => {
  const manifests = blueprintManifests();
  const all = Object.values(manifests).flat() as Record<string, any>[];

  it('are the cluster baseline and three example apps', () => {
    expect(Object.keys(manifests)).toEqual([
      'cluster-baseline',
      'three-tier-web',
      'batch-job',
      'online-boutique',
    ]);
    expect(
      manifests['three-tier-web'].map((m) => `${m.kind}/${(m.metadata as { name: string }).name}`),
    ).toEqual(
      expect.arrayContaining([
        'Deployment/web',
        'Deployment/api',
        'StatefulSet/postgres',
        'ExternalSecret/db-credentials',
      ]),
    );
    expect(manifests['batch-job'].map((m) => m.kind)).toEqual(expect.arrayContaining(['CronJob', 'Job']));
  });

  it('give the cluster stack a baseline with a restricted, default-deny apps namespace', () => {
    const baseline = clusterBaselineManifests() as Record<string, any>[];
    const apps = baseline.find((m) => m.kind === 'Namespace' && m.metadata.name === 'apps');
    expect(apps?.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(
      baseline.find(
        (m) =>
          m.kind === 'NetworkPolicy' && m.metadata.namespace === 'apps' && m.metadata.name === 'default-deny',
      ),
    ).toBeDefined();
    expect(baseline.find((m) => m.kind === 'StorageClass')?.parameters).toEqual({
      type: 'gp3',
      encrypted: 'true',
    });
    expect(baseline.every((m) => typeof m.metadata.name === 'string' && m.metadata.name !== '')).toBe(true);
  });

  it('synthesize only schema-valid objects', () => {
    expect(schemaProblems(all)).toEqual([]);
  });

  it('write one file per chart that harden check --profile all passes, only named exemptions reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blueprints-'));
    try {
      blueprintApp(dir).synth();
      expect(readdirSync(dir).sort()).toEqual([
        'batch-job.k8s.yaml',
        'cluster-baseline.k8s.yaml',
        'online-boutique.k8s.yaml',
        'three-tier-web.k8s.yaml',
      ]);
      const report = await runCheck(
        { paths: [dir], profile: 'all' },
        { cwd: dir, readStdin: async () => Buffer.alloc(0) },
      );
      expect(report.errors).toEqual([]);
      expect(report.objects).toBe(all.length);
      expect(report.findings.filter((finding) => !finding.exemption)).toEqual([]);
      expect(report.findings.map((finding) => `${finding.rule} ${finding.kind}/${finding.name}`)).toEqual([
        'health-probes Deployment/loadgenerator',
        'health-probes Deployment/loadgenerator',
        'service-no-public-load-balancer Service/frontend-external',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
