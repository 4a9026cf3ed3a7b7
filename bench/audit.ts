/**
 * Benchmark of `harden audit` on a large cluster: collection through the Kubernetes API (discovery, every
 * list paged at 500 items, each node's configz) and the AWS APIs, then scoring, end to end.
 *
 *   npm run bench:audit                 # 2k, 10k and 30k objects (a tenth as many nodes as deployments / 10)
 *   npx tsx bench/audit.ts 10000        # one size
 *
 * The cluster is served by the tests' fake API server on 127.0.0.1 (so the HTTP round trips and JSON parsing
 * are real) and the AWS SDK clients are mocked with aws-sdk-client-mock (the weak cluster's account). Each size
 * runs in a fresh child process so peak memory is its own; the best of three runs is printed with the time of
 * `harden audit --from` on the bundle the same run wrote (scoring alone).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_SIZES = [2_000, 10_000, 30_000];

/** A cluster of about `size` objects: Deployments with their ReplicaSets and Pods, Services, ConfigMaps, RBAC. */
function largeCluster(size: number) {
  const { weakKubernetes } = require('../test/audit/clusters') as typeof import('../test/audit/clusters');
  const { al2023Configz } = require('../test/fixtures/kubelet') as typeof import('../test/fixtures/kubelet');
  const base = weakKubernetes();
  const deployments = Math.max(1, Math.floor(size / 6));
  const nodes = Math.max(2, Math.floor(deployments / 10));
  const objects: Record<string, unknown>[] = [];
  for (let i = 0; i < deployments; i++) {
    const namespace = `team-${i % 20}`;
    const labels = { app: `app-${i}` };
    const spec = {
      containers: [
        {
          name: 'app',
          image: `registry.example.com/team/app-${i}:1.${i % 10}.0`,
          securityContext: { allowPrivilegeEscalation: i % 3 === 0, readOnlyRootFilesystem: true },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      ],
    };
    const deployment = { name: `app-${i}`, namespace, uid: `d-${i}` };
    objects.push(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: deployment,
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `app-${i}-5d8f7`,
          namespace,
          uid: `rs-${i}`,
          ownerReferences: [
            { kind: 'Deployment', name: deployment.name, uid: deployment.uid, controller: true },
          ],
        },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
      },
      ...[0, 1].map((n) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `app-${i}-5d8f7-${n}`,
          namespace,
          uid: `p-${i}-${n}`,
          ownerReferences: [{ kind: 'ReplicaSet', name: `app-${i}-5d8f7`, uid: `rs-${i}`, controller: true }],
        },
        spec: { ...spec, nodeName: `node-${(i + n) % nodes}` },
      })),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `app-${i}`, namespace },
        spec: { selector: labels, ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `app-${i}`, namespace },
        data: { LOG_LEVEL: 'info' },
      },
    );
  }
  for (let n = 0; n < nodes; n++)
    objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${n}`, uid: `n-${n}` } });
  for (let t = 0; t < 20; t++)
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${t}`, uid: `ns-${t}` } });
  return {
    objects: [...base.objects.filter((object) => object.kind !== 'Node'), ...objects],
    configz: Object.fromEntries(
      Array.from({ length: nodes }, (_, n) => [`node-${n}`, al2023Configz().kubeletconfig]),
    ),
    pageSize: 500,
  };
}

/** One measured run, in this (child) process. */
async function measure(size: number): Promise<void> {
  const { startKubeApiServer } =
    require('../test/fixtures/kube-api-server') as typeof import('../test/fixtures/kube-api-server');
  const { mockAwsAccount } =
    require('../test/fixtures/aws-api-mock') as typeof import('../test/fixtures/aws-api-mock');
  const { weakAccount } = require('../test/audit/clusters') as typeof import('../test/audit/clusters');
  const { runCli } = require('../test/fixtures/cli') as typeof import('../test/fixtures/cli');
  const cluster = largeCluster(size);
  const server = await startKubeApiServer(cluster);
  const aws = mockAwsAccount(weakAccount());
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  try {
    const started = performance.now();
    const live = await runCli(['audit', '--kubeconfig', server.kubeconfig(), '--out', 'live'], { cwd: dir });
    const liveMs = performance.now() - started;
    await runCli(['collect', '--kubeconfig', server.kubeconfig(), '--out', 'bundle.json'], { cwd: dir });
    const scored = performance.now();
    const offline = await runCli(['audit', '--from', 'bundle.json', '--out', 'offline'], { cwd: dir });
    const offlineMs = performance.now() - scored;
    if (live.code !== 1 || offline.code !== 1)
      throw new Error(`unexpected exit codes ${live.code}, ${offline.code}\n${live.stderr}`);
    process.stdout.write(
      `${JSON.stringify({ objects: cluster.objects.length, nodes: Object.keys(cluster.configz).length, requests: server.requests.length, liveMs, offlineMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
    );
  } finally {
    aws.restore();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_AUDIT_CHILD) return measure(Number(process.env.BENCH_AUDIT_CHILD));
  const sizes = process.argv[2] ? [Number(process.argv[2])] : DEFAULT_SIZES;
  console.log('objects  nodes  requests  live audit (collect + score)  audit --from (score)  peak RSS');
  for (const size of sizes) {
    const runs = [0, 1, 2].map(() => {
      const child = spawnSync(process.execPath, [...process.execArgv, __filename], {
        env: { ...process.env, BENCH_AUDIT_CHILD: String(size) },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (child.status !== 0) throw new Error(child.stderr);
      return JSON.parse(child.stdout.trim().split('\n').pop()!) as {
        objects: number;
        nodes: number;
        requests: number;
        liveMs: number;
        offlineMs: number;
        peakRssMb: number;
      };
    });
    const best = runs.reduce((a, b) => (b.liveMs < a.liveMs ? b : a));
    const offline = Math.min(...runs.map((run) => run.offlineMs));
    const rss = Math.max(...runs.map((run) => run.peakRssMb));
    console.log(
      `${String(best.objects).padStart(7)}  ${String(best.nodes).padStart(5)}  ${String(best.requests).padStart(8)}  ${`${(best.liveMs / 1000).toFixed(2)} s`.padStart(28)}  ${`${(offline / 1000).toFixed(2)} s`.padStart(20)}  ${Math.round(rss)} MB`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
