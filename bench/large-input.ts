/**
 * Benchmark of large inputs (issue 12, item 4): one file of about 50 MB holding many documents, and one
 * ConfigMap of 240,000 keys (about 50 MB in a single document).
 *
 *   npm run build && npx tsx bench/large-input.ts
 *
 * Each measurement is a fresh process, so peak memory (max RSS) is its own:
 *   - parse: `node bench/parse-only.js <dir>`, only reading and parsing with the same library and schema;
 *   - check: `node policies/bin/harden.js check <dir> --format json`, output to a pipe that is drained.
 * Goals: the 50 MB multi-document check takes at most 2x the parse and peaks at 1 GB or less; the
 * 240,000-key ConfigMap is checked in under 5 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateManifests } from './check';

/** Wall time of one process and its peak RSS, as GNU time reports it (`%M`, in KB). */
function run(args: readonly string[], cwd: string): { ms: number; maxRssMb: number; status: number | null } {
  const start = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // GNU time also says when the command exited non-zero (a check with findings exits 1): not an error here.
  const lines = child.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('Command exited with non-zero status'));
  const kb = Number(lines[lines.length - 1]);
  if (lines.length > 1) process.stderr.write(`${lines.slice(0, -1).join('\n')}\n`);
  return { ms, maxRssMb: kb / 1024, status: child.status };
}

const HARDEN = join(__dirname, '..', 'policies', 'bin', 'harden.js');
const PARSE = join(__dirname, 'parse-only.js');

function configMap(keys: number): string {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: big',
    '  namespace: shop',
    'data:',
  ];
  for (let i = 0; i < keys; i++) lines.push(`  key-${i}: "value number ${i} ${'x'.repeat(180)}"`);
  return `${lines.join('\n')}\n`;
}

function report(name: string, dir: string): void {
  const parse = run([PARSE, '.'], dir);
  const check = run([HARDEN, 'check', '.', '--format', 'json', '--max-file-size', '100MB'], dir);
  if (check.status === 2) throw new Error(`${name}: harden check reported input errors`);
  console.log(
    [
      name.padEnd(34),
      `parse ${(parse.ms / 1000).toFixed(2)} s ${parse.maxRssMb.toFixed(0)} MB`.padEnd(24),
      `check ${(check.ms / 1000).toFixed(2)} s ${check.maxRssMb.toFixed(0)} MB`.padEnd(24),
      `ratio ${(check.ms / parse.ms).toFixed(2)}`,
    ].join('  '),
  );
}

function main(): void {
  console.log(`node ${process.version}; wall time and peak RSS of each whole process (GNU time %M)`);
  const multi = mkdtempSync(join(tmpdir(), 'harden-large-multi-'));
  const map = mkdtempSync(join(tmpdir(), 'harden-large-map-'));
  try {
    // About 710 bytes per object: 70,000 objects make one file of about 50 MB.
    generateManifests(multi, 70_000, 70_000);
    const file = join(multi, 'team-0', 'app-0.yaml');
    const size = statSync(file).size;
    report(`multi-document ${(size / 1e6).toFixed(1)} MB (70,000 objects)`, multi);
    const text = configMap(240_000);
    writeFileSync(join(map, 'configmap.yaml'), text);
    report(`ConfigMap 240,000 keys ${(text.length / 1e6).toFixed(1)} MB`, map);
  } finally {
    rmSync(multi, { recursive: true, force: true });
    rmSync(map, { recursive: true, force: true });
  }
}

main();
