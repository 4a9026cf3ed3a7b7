/**
 * `npm run bench:port-size`: how much code the Online Boutique port takes against the upstream YAML it
 * replaces. Counts lines (all, and without blank and comment lines) of `blueprints/online-boutique.ts` and of
 * the upstream release manifest (test/fixtures/online-boutique), the objects each describes, and the
 * findings of every rule on each (blocking and exempted).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateApp } from '@eks-hardening/constructs';
import {
  evaluateManifests,
  type Manifest,
  PSS_LATEST,
  ruleOptions,
  rulesForProfile,
} from '@eks-hardening/rules';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { OnlineBoutiqueChart } from '../blueprints/online-boutique';

const ROOT = join(__dirname, '..');
const lines = (path: string, comment: RegExp) => {
  const all = readFileSync(join(ROOT, path), 'utf8').replace(/\n$/, '').split('\n');
  return {
    all: all.length,
    code: all.filter((line) => line.trim() !== '' && !comment.test(line.trim())).length,
  };
};

const ts = lines('blueprints/online-boutique.ts', /^(\/\/|\/\*\*?|\*)/);
const yaml = lines('test/fixtures/online-boutique/kubernetes-manifests.yaml', /^#/);
const upstream = parseAllDocuments(
  readFileSync(join(ROOT, 'test/fixtures/online-boutique/kubernetes-manifests.yaml'), 'utf8'),
)
  .map((doc) => doc.toJS() as Manifest)
  .filter(Boolean);
const upstreamFindings = evaluateManifests(
  upstream.map((manifest, index) => ({ key: `upstream#${index}`, manifest })),
  { rules: rulesForProfile('all', PSS_LATEST), options: ruleOptions() },
).findings;
const app = new App({ outdir: join(ROOT, 'dist', 'bench') });
new OnlineBoutiqueChart(app);
const port = validateApp(app);

process.stdout.write(
  [
    `upstream YAML   ${yaml.all} lines (${yaml.code} without blank and comment lines), ${upstream.length} objects, ${upstreamFindings.length} findings of profile all`,
    `TypeScript port ${ts.all} lines (${ts.code} without blank and comment lines), ${port.manifests.length} objects, ${port.blocking.length} findings, ${port.findings.length - port.blocking.length} exempted`,
    `ratio           ${(ts.code / yaml.code).toFixed(2)} (code lines, TypeScript / YAML)`,
    '',
  ].join('\n'),
);
