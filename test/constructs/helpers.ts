import { App, Chart } from 'cdk8s';
import { type Manifest, validateChart } from '../../constructs/src';

/** An image reference pinned by digest. */
export const IMAGE = `registry.example.com/shop/api:1.4.2@sha256:${'4c3d6f1e'.repeat(8)}`;

/** A chart in namespace `shop`, with readable object names. */
export function testChart(namespace: string | null = 'shop'): Chart {
  return new Chart(new App({ outdir: 'dist/test' }), 'test', {
    ...(namespace ? { namespace } : {}),
    disableResourceNameHashes: true,
  });
}

/** The chart's objects as Kubernetes JSON. */
export function synth(chart: Chart): Record<string, any>[] {
  return chart.toJson();
}

/** The one object of `kind` named `name`; throws listing what there is otherwise. */
export function find(
  manifests: readonly Record<string, any>[],
  kind: string,
  name: string,
): Record<string, any> {
  const found = manifests.find((m) => m.kind === kind && m.metadata?.name === name);
  if (!found)
    throw new Error(
      `no ${kind}/${name} in ${manifests.map((m) => `${m.kind}/${m.metadata?.name}`).join(', ')}`,
    );
  return found;
}

/** `rule: message` of every finding the rules (profile all) report on the chart that is not exempted. */
export function blockingFindings(chart: Chart, context: readonly Manifest[] = []): string[] {
  return validateChart(chart, { context }).blocking.map((finding) => `${finding.rule}: ${finding.message}`);
}
