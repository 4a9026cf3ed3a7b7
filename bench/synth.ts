/**
 * `npm run bench:synth`: the cost of synthesizing 1,000 HardenedDeployments against 1,000 plain
 * cdk8s-plus-28 Deployments with the same image and port. Budget: at most 1.5x.
 *
 * "Synthesize" is what cdk8s's `Testing.synth` / `chart.toJson()` does: construct the charts and render every
 * object to Kubernetes JSON (the step the cluster stack and the scorecard consume). Each side runs in a fresh
 * App, alternating, after a warm-up; the median of the rounds is reported. Writing YAML and running the rules
 * are printed separately: YAML costs the same per byte on both sides and the hardened side writes five
 * objects per Deployment (ServiceAccount, Deployment, Service, NetworkPolicy, PodDisruptionBudget).
 *
 * Options: `--count N` (default 1000), `--rounds N` (default 7). Exits 1 when the ratio is over budget.
 */
import { App, Chart, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HardenedDeployment, HardenedNamespace, Probe, validateChart } from '../constructs/src';

const BUDGET = 1.5;
const IMAGE =
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2@sha256:4c3d6f1e2b7a9c8d0e5f6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f';
const PORT = 8080;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

function plainChart(count: number): Chart {
  const chart = new Chart(new App({ outdir: 'dist/bench' }), 'plain', { namespace: 'bench' });
  for (let i = 0; i < count; i++) {
    new kplus.Deployment(chart, `app-${i}`, { containers: [{ image: IMAGE, ports: [{ number: PORT }] }] });
  }
  return chart;
}

function hardenedChart(count: number): Chart {
  const chart = new Chart(new App({ outdir: 'dist/bench' }), 'hardened', { namespace: 'bench' });
  new HardenedNamespace(chart, 'bench');
  for (let i = 0; i < count; i++) {
    new HardenedDeployment(chart, `app-${i}`, {
      image: IMAGE,
      ports: [{ name: 'http', port: PORT }],
      liveness: Probe.http('/healthz'),
      readiness: Probe.http('/ready'),
    });
  }
  return chart;
}

/** Milliseconds to build and synthesize one chart, and its objects. */
function time(build: (count: number) => Chart, count: number): { ms: number; objects: unknown[] } {
  const start = performance.now();
  const objects = build(count).toJson();
  return { ms: performance.now() - start, objects };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(): void {
  const count = option('count', 1000);
  const rounds = option('rounds', 7);
  time(plainChart, Math.min(count, 200));
  time(hardenedChart, Math.min(count, 200));
  const plain: number[] = [];
  const hardened: number[] = [];
  let plainObjects: unknown[] = [];
  let hardenedObjects: unknown[] = [];
  for (let round = 0; round < rounds; round++) {
    const a = time(plainChart, count);
    const b = time(hardenedChart, count);
    plain.push(a.ms);
    hardened.push(b.ms);
    plainObjects = a.objects;
    hardenedObjects = b.objects;
  }
  const plainMs = median(plain);
  const hardenedMs = median(hardened);
  const ratio = hardenedMs / plainMs;

  const yamlMs = (objects: unknown[]) => {
    const start = performance.now();
    const text = Yaml.stringify(...objects);
    return { ms: performance.now() - start, bytes: Buffer.byteLength(text) };
  };
  const plainYaml = yamlMs(plainObjects);
  const hardenedYaml = yamlMs(hardenedObjects);
  const validationStart = performance.now();
  const validation = validateChart(hardenedChart(count));
  const validationMs = performance.now() - validationStart;

  const line = (label: string, ms: number, detail: string) =>
    process.stdout.write(`${label.padEnd(34)} ${ms.toFixed(1).padStart(9)} ms  ${detail}\n`);
  process.stdout.write(
    `synthesizing ${count} Deployments (median of ${rounds} rounds, construct + render to JSON)\n`,
  );
  line('plain cdk8s-plus-28 Deployment', plainMs, `${plainObjects.length} objects`);
  line('HardenedDeployment', hardenedMs, `${hardenedObjects.length} objects`);
  process.stdout.write(
    `ratio ${ratio.toFixed(2)}x (budget ${BUDGET}x): ${ratio <= BUDGET ? 'within budget' : 'OVER BUDGET'}\n`,
  );
  process.stdout.write('\nnot in the ratio:\n');
  line('YAML, plain', plainYaml.ms, `${(plainYaml.bytes / 1024).toFixed(0)} KiB`);
  line('YAML, hardened', hardenedYaml.ms, `${(hardenedYaml.bytes / 1024).toFixed(0)} KiB`);
  const withYaml = (hardenedMs + hardenedYaml.ms) / (plainMs + plainYaml.ms);
  const bytes = hardenedYaml.bytes / plainYaml.bytes;
  process.stdout.write(
    `ratio including YAML writing ${withYaml.toFixed(2)}x (the hardened output is ${bytes.toFixed(1)}x the bytes: ServiceAccount, NetworkPolicy, Service and PDB per Deployment)\n`,
  );
  line(
    'rules (profile all), hardened',
    validationMs,
    `${validation.manifests.length} objects, ${validation.blocking.length} findings (incl. synth)`,
  );
  if (ratio > BUDGET) process.exitCode = 1;
}

main();
