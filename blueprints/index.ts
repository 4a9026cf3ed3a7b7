import {
  ClusterBaselineChart,
  chartManifests,
  enforceRules,
  formatFinding,
  validateApp,
} from '@eks-hardening/constructs';
import type { Manifest } from '@eks-hardening/rules';
import { App, type Chart } from 'cdk8s';
import { BatchJobChart } from './batch-job';
import { OnlineBoutiqueChart } from './online-boutique';
import { ThreeTierWebChart } from './three-tier-web';

export { BatchJobChart, ClusterBaselineChart, OnlineBoutiqueChart, ThreeTierWebChart };

/** The blueprint charts, by chart name (the file name under dist/manifests/, without `.k8s.yaml`). */
export const BLUEPRINTS = {
  'cluster-baseline': (app: App) => new ClusterBaselineChart(app),
  'three-tier-web': (app: App) => new ThreeTierWebChart(app),
  'batch-job': (app: App) => new BatchJobChart(app),
  'online-boutique': (app: App) => new OnlineBoutiqueChart(app),
} as const;

/** One of the blueprint chart names. */
export type BlueprintName = keyof typeof BLUEPRINTS;

/** An app holding every blueprint chart, whose synth fails on any finding of the `all` profile. */
export function blueprintApp(outdir = 'dist/manifests'): App {
  const app = new App({ outdir });
  for (const make of Object.values(BLUEPRINTS)) make(app);
  enforceRules(app);
  return app;
}

/**
 * Each blueprint chart's objects as plain data, checked by the rules (throws listing the findings), without
 * writing files: what the cluster stack and the scorecard consume.
 */
export function blueprintManifests(): Record<BlueprintName, Manifest[]> {
  const app = new App({ outdir: 'dist/manifests' });
  const charts = Object.entries(BLUEPRINTS).map(
    ([name, make]) => [name, make(app)] as [BlueprintName, Chart],
  );
  const validation = validateApp(app);
  const problems = [...validation.blocking.map(formatFinding), ...validation.invalidExemptions];
  if (problems.length > 0) {
    throw new Error(`The blueprints break the hardening rules:\n  ${problems.join('\n  ')}`);
  }
  return Object.fromEntries(charts.map(([name, chart]) => [name, chartManifests(chart)])) as Record<
    BlueprintName,
    Manifest[]
  >;
}

/** The in-cluster baseline's objects (namespaces, policies, StorageClass) as plain data, for the cluster stack. */
export function clusterBaselineManifests(): Manifest[] {
  return blueprintManifests()['cluster-baseline'];
}
