import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { type CliRun, runCli } from '../fixtures/cli';
import { type FileTree, privilegedDeployment, writeTree } from '../fixtures/manifest-files';
import { sarifValidator } from '../fixtures/sarif';

interface JsonFinding {
  file: string;
  name: string;
  rule: string;
  baselineState?: string;
}
interface JsonReport {
  summary: { baseline?: { file: string; new: number; unchanged: number; fixed: number } };
  findings: JsonFinding[];
  fixed?: { name: string; rule: string; fingerprint: string }[];
  errors: { file: string; message: string }[];
}
interface SarifResult {
  ruleId: string;
  baselineState?: string;
  partialFingerprints: Record<string, string>;
  logicalLocations?: unknown;
  locations: { logicalLocations: { name: string }[] }[];
}

const json = (run: CliRun) => JSON.parse(run.stdout) as JsonReport;
const sarifResults = (run: CliRun) =>
  (JSON.parse(run.stdout) as { runs: { results: SarifResult[] }[] }).runs[0]!.results;

/** The api Deployment with privileged: false: its pss-privileged finding is fixed, the others stay. */
const fixedApi = privilegedDeployment('api').replace('privileged: true', 'privileged: false');

describe('harden check --baseline', () => {
  let tree: FileTree;
  let before: string;
  const check = (args: string[]) => runCli(['check', ...args], { cwd: tree.dir });

  beforeAll(async () => {
    tree = writeTree({
      'deploy/api.yaml': privilegedDeployment('api'),
      'deploy/web.yaml': privilegedDeployment('web'),
    });
    const first = await check(['deploy', '--format', 'json']);
    before = join(tree.dir, 'before.json');
    writeFileSync(before, first.stdout);
    const firstSarif = await check(['deploy', '--format', 'sarif']);
    writeFileSync(join(tree.dir, 'before.sarif'), firstSarif.stdout);
    // The next run: api is fixed, web moves to another folder and gains lines above it, worker is new.
    writeFileSync(join(tree.dir, 'deploy/api.yaml'), fixedApi);
    mkdirSync(join(tree.dir, 'deploy/apps'));
    renameSync(join(tree.dir, 'deploy/web.yaml'), join(tree.dir, 'deploy/apps/web.yaml'));
    writeFileSync(
      join(tree.dir, 'deploy/apps/web.yaml'),
      `# moved here\n\n${readFileSync(join(tree.dir, 'deploy/apps/web.yaml'), 'utf8')}`,
    );
    writeFileSync(join(tree.dir, 'deploy/worker.yaml'), privilegedDeployment('worker'));
  });
  afterAll(() => tree.remove());

  it('marks each finding new or unchanged, whatever file the object moved to, and lists the fixed ones', async () => {
    const run = await check(['deploy', '--baseline', 'before.json', '--format', 'json']);
    const report = json(run);
    expect(report.errors).toEqual([]);
    const states = new Set(report.findings.map((finding) => `${finding.name}:${finding.baselineState}`));
    expect(states).toEqual(new Set(['api:unchanged', 'web:unchanged', 'worker:new']));
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        file: `deploy${sep}apps${sep}web.yaml`,
        rule: 'pss-privileged',
        baselineState: 'unchanged',
      }),
    );
    expect(report.fixed).toEqual([
      expect.objectContaining({
        name: 'api',
        rule: 'pss-privileged',
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    const worker = report.findings.filter((finding) => finding.name === 'worker').length;
    expect(report.summary.baseline).toEqual({
      file: 'before.json',
      new: worker,
      unchanged: report.findings.length - worker,
      fixed: 1,
    });
  });

  it('says what changed in the text summary and marks new findings', async () => {
    const run = await check(['deploy', '--baseline', 'before.json']);
    expect(run.stdout).toMatch(
      /Since before\.json: \d+ new \(marked \(new\) above\), \d+ unchanged, 1 fixed\./,
    );
    expect(run.stdout).toContain('  fixed  pss-privileged  Deployment shop/api: ');
    expect(run.stdout).toMatch(/pss-privileged +Deployment\/worker: .* \(new\)/);
    expect(run.stdout).not.toMatch(/Deployment\/web: .*\(new\)/);
  });

  it('gives SARIF results a baselineState (absent for the fixed) and fingerprints that survive the move', async () => {
    const run = await check(['deploy', '--baseline', 'before.json', '--format', 'sarif']);
    const results = sarifResults(run);
    const earlier = JSON.parse(readFileSync(join(tree.dir, 'before.sarif'), 'utf8')) as {
      runs: { results: SarifResult[] }[];
    };
    const fingerprint = (result: SarifResult) => result.partialFingerprints['hardenFinding/v2'];
    const webBefore = earlier.runs[0]!.results.filter(
      (result) => result.locations[0]!.logicalLocations[0]!.name === 'web',
    );
    const webNow = results.filter((result) => result.locations[0]!.logicalLocations[0]!.name === 'web');
    expect(webNow.map(fingerprint)).toEqual(webBefore.map(fingerprint));
    expect(new Set(webNow.map((result) => result.baselineState))).toEqual(new Set(['unchanged']));
    expect(results.filter((result) => result.baselineState === 'absent')).toEqual([
      expect.objectContaining({ ruleId: 'pss-privileged' }),
    ]);
    expect(results.some((result) => result.baselineState === 'new')).toBe(true);
  });

  it('reads an earlier scorecard.json as a baseline too', async () => {
    const out = join(tree.dir, 'card-before');
    await runCli(['scorecard', 'deploy', '--out', out], { cwd: tree.dir });
    const run = await check(['deploy', '--baseline', join(out, 'scorecard.json'), '--format', 'json']);
    expect(json(run).summary.baseline).toMatchObject({ new: 0, fixed: 0 });
  });

  it.each([
    ['a file that does not exist', 'missing.json', 'baseline no such file or directory'],
    ['a file that is not JSON', 'deploy/api.yaml', 'baseline is not valid JSON'],
  ])('exits 2 on %s, naming it', async (_case, file, message) => {
    const run = await check(['deploy', '--baseline', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`harden: error: ${file}: ${message}`);
  });
});

describe('harden scorecard --baseline', () => {
  let tree: FileTree;
  beforeAll(async () => {
    tree = writeTree({ 'deploy/api.yaml': privilegedDeployment('api') });
    await runCli(['scorecard', 'deploy', '--out', 'before'], { cwd: tree.dir });
    writeFileSync(join(tree.dir, 'deploy/api.yaml'), fixedApi);
    writeFileSync(join(tree.dir, 'deploy/worker.yaml'), privilegedDeployment('worker'));
  });
  afterAll(() => tree.remove());

  it('shows the score change per framework and the fixed and new findings', async () => {
    const run = await runCli(
      ['scorecard', 'deploy', '--baseline', 'before/scorecard.json', '--out', 'after'],
      {
        cwd: tree.dir,
      },
    );
    expect(run.stdout).toMatch(/points since the baseline\)/);
    expect(run.stdout).toMatch(/Since before\/scorecard\.json: 1 fixed, \d+ new, \d+ unchanged findings/);
    expect(run.stdout).toMatch(/ {4}fixed:\n {6}critical +pss-privileged +Deployment shop\/api: /);
    expect(run.stdout).toMatch(/ {4}new:\n {6}\w+ +[\w-]+ +Deployment shop\/worker: /);
    const card = JSON.parse(readFileSync(join(tree.dir, 'after/scorecard.json'), 'utf8')) as {
      baseline: {
        frameworks: { framework: string; change: number | null }[];
        fixed: unknown[];
        new: unknown[];
      };
    };
    expect(card.baseline.fixed).toEqual([expect.objectContaining({ rule: 'pss-privileged', name: 'api' })]);
    expect(card.baseline.frameworks.find((entry) => entry.framework === 'pss')?.change).toEqual(
      expect.any(Number),
    );
    const html = readFileSync(join(tree.dir, 'after/scorecard.html'), 'utf8');
    expect(html).toContain('<h2>Since before/scorecard.json</h2>');
    expect(html).toMatch(/<h3>Fixed \(1\)<\/h3>/);
  });

  it("gives the scorecard's SARIF results check's fingerprints and a baselineState, absent for the fixed", async () => {
    await runCli(['scorecard', 'deploy', '--baseline', 'before/scorecard.json', '--out', 'after'], {
      cwd: tree.dir,
    });
    const log = JSON.parse(readFileSync(join(tree.dir, 'after/scorecard.sarif'), 'utf8'));
    expect(sarifValidator()(log)).toBe(true);
    const results = log.runs[0].results as SarifResult[];
    const state = (name: string) =>
      new Set(
        results
          .filter((result) => result.locations[0]!.logicalLocations[0]!.name === name)
          .map((result) => result.baselineState),
      );
    expect(state('worker')).toEqual(new Set(['new']));
    expect(state('api')).toEqual(new Set(['unchanged', 'absent']));
    const absent = results.filter((result) => result.baselineState === 'absent');
    expect(absent.map((result) => result.ruleId)).toEqual(['pss-privileged']);
    // The same object checked by harden check carries the same fingerprints.
    const check = await runCli(['check', 'deploy', '--format', 'sarif'], { cwd: tree.dir });
    const checkFingerprints = new Set(
      sarifResults(check).map((result) => result.partialFingerprints['hardenFinding/v2']),
    );
    const current = results.filter((result) => result.baselineState !== 'absent');
    expect(current.length).toBeGreaterThan(0);
    for (const result of current) {
      expect(checkFingerprints).toContain(result.partialFingerprints['hardenFinding/v2']);
    }
  });

  it('exits 2 on a baseline it cannot read', async () => {
    const run = await runCli(['scorecard', 'deploy', '--baseline', 'nope.json', '--out', 'x'], {
      cwd: tree.dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('harden scorecard: error: nope.json: baseline no such file or directory');
  });
});
