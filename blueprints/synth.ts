import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { blueprintApp } from './index';

/**
 * `npm run synth`: writes each blueprint chart to `dist/manifests/<chart>.k8s.yaml`. Synthesis fails, listing
 * every finding, if any object breaks a rule of the `all` profile.
 */
function main(): void {
  const outdir = join(__dirname, '..', 'dist', 'manifests');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const app = blueprintApp(outdir);
  app.synth();
  for (const chart of app.charts)
    process.stdout.write(`${join('dist', 'manifests', `${chart.node.id}.k8s.yaml`)}\n`);
}

main();
