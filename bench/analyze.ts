/**
 * `npm run bench:analyze`: what the policy pack costs.
 *
 * 1. Per-resource latency of `Analyze` over gRPC: policies/ and bench/empty-pack/ (a pack with no policies),
 *    both started the way the Pulumi CLI starts them (test/fixtures/analyzer-harness.ts), fed the same
 *    resources in interleaved rounds. Budget: ours / empty at most 1.5 (median per call).
 * 2. In-process throughput of the same evaluation (`evaluatePlan`, the engine of `harden preview`), in
 *    resources per second.
 *
 * Resources: every custom resource of the cluster stack planned under the mock runtime, plus a set of
 * Kubernetes workloads so the Kubernetes rules are exercised. Exit code 1 when the ratio is over budget.
 */
import * as path from 'node:path';
import { evaluatePlan } from '../stacks/src/pack/evaluate-plan';

import { planStack } from '../stacks/src/testing/plan';
import {
  type Analyzer,
  type AnalyzerResource,
  startAnalyzer,
  urnOf,
} from '../test/fixtures/analyzer-harness';

const RATIO_BUDGET = 1.5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 20);
const IN_PROCESS_SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

/** Kubernetes objects of an app namespace: Namespace, NetworkPolicy, and per workload a Deployment and Service. */
function kubernetesWorkloads(count: number): AnalyzerResource[] {
  const object = (type: string, name: string, properties: Record<string, unknown>): AnalyzerResource => ({
    type,
    name,
    urn: urnOf(type, name),
    properties,
  });
  const resources = [
    object('kubernetes:core/v1:Namespace', 'shop', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    }),
    object('kubernetes:networking.k8s.io/v1:NetworkPolicy', 'shop-default-deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }),
  ];
  for (let index = 0; index < count; index++) {
    const name = `app-${index}`;
    const labels = { 'app.kubernetes.io/name': name };
    resources.push(
      object('kubernetes:apps/v1:Deployment', name, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'shop', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              serviceAccountName: name,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 10001,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: 'app',
                  image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}@sha256:${'a'.repeat(64)}`,
                  ports: [{ containerPort: 8080 }],
                  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
                  livenessProbe: { httpGet: { path: '/live', port: 8080 } },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ['ALL'] },
                  },
                },
              ],
            },
          },
        },
      }),
      object('kubernetes:core/v1:Service', name, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: 'shop' },
        spec: { type: 'ClusterIP', selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
      }),
    );
  }
  return resources;
}

async function resourcesToAnalyze(): Promise<AnalyzerResource[]> {
  const plan = await planStack({});
  const planned = plan.resources
    .filter((resource) => resource.custom)
    .map((resource) => ({
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      properties: resource.inputs,
    }));
  return [...planned, ...kubernetesWorkloads(WORKLOADS)];
}

/** Latencies (ms) of one Analyze call per resource, in order. */
async function analyzeAll(analyzer: Analyzer, resources: readonly AnalyzerResource[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const resource of resources) {
    const start = process.hrtime.bigint();
    await analyzer.analyze(resource);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return latencies;
}

function stats(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { mean: values.reduce((sum, value) => sum + value, 0) / values.length, p50: at(0.5), p95: at(0.95) };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

async function main(): Promise<void> {
  const resources = await resourcesToAnalyze();
  const root = path.join(__dirname, '..');
  process.stdout.write(`bench:analyze: ${resources.length} resources per round, ${ROUNDS} rounds per pack\n`);

  const ours = await startAnalyzer({ packDir: path.join(root, 'stacks', 'policy-pack') });
  const empty = await startAnalyzer({ packDir: path.join(root, 'bench/empty-pack') });
  const oursLatencies: number[] = [];
  const emptyLatencies: number[] = [];
  try {
    const policies = (await ours.getAnalyzerInfo()).policies.length;
    process.stdout.write(`policies/: ${policies} policies; bench/empty-pack/: 0 policies\n`);
    // Warm up both (JIT, gRPC channels), then interleave rounds so drift hits both alike.
    await analyzeAll(ours, resources);
    await analyzeAll(empty, resources);
    for (let round = 0; round < ROUNDS; round++) {
      emptyLatencies.push(...(await analyzeAll(empty, resources)));
      oursLatencies.push(...(await analyzeAll(ours, resources)));
    }
  } finally {
    await ours.stop();
    await empty.stop();
  }
  const oursStats = stats(oursLatencies);
  const emptyStats = stats(emptyLatencies);
  const ratio = oursStats.p50 / emptyStats.p50;
  const meanRatio = oursStats.mean / emptyStats.mean;
  process.stdout.write(
    [
      'Analyze over gRPC, per resource:',
      `  policies/         p50 ${ms(oursStats.p50)}  mean ${ms(oursStats.mean)}  p95 ${ms(oursStats.p95)}`,
      `  bench/empty-pack/ p50 ${ms(emptyStats.p50)}  mean ${ms(emptyStats.mean)}  p95 ${ms(emptyStats.p95)}`,
      `  ratio (p50) ${ratio.toFixed(2)} (mean ${meanRatio.toFixed(2)}); budget ${RATIO_BUDGET}`,
      '',
    ].join('\n'),
  );

  // In-process: the same evaluation without gRPC, repeated for a few seconds.
  const planned = resources.map((resource) => ({
    type: resource.type,
    name: resource.name,
    urn: resource.urn ?? urnOf(resource.type, resource.name),
    inputs: resource.properties,
  }));
  evaluatePlan(planned);
  let evaluated = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < IN_PROCESS_SECONDS) {
    evaluatePlan(planned);
    evaluated += planned.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  process.stdout.write(
    `In-process evaluatePlan: ${Math.round(evaluated / elapsed)} resources/s (${evaluated} in ${elapsed.toFixed(2)} s)\n`,
  );

  if (ratio > RATIO_BUDGET) {
    process.stderr.write(
      `bench:analyze: Analyze latency ratio ${ratio.toFixed(2)} is over the budget of ${RATIO_BUDGET}\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:analyze: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 2;
});
