import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../fixtures/cli';

/**
 * Every folder in `test/fixtures/manifests/` is a case: its manifests are checked as a directory (so a case
 * may span files) with the default profile, and `expected.txt` says what must come out, one line each:
 * `reported <rule-id>` (an open finding), `exempted <rule-id>` (reported, marked exempted), `absent <rule-id>`
 * (never reported), or `none` (no finding at all). `#` starts a comment.
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'manifests');

interface Expectation {
  readonly reported: string[];
  readonly exempted: string[];
  readonly absent: string[];
  readonly none: boolean;
}

function readExpectation(folder: string): Expectation {
  const expectation: Expectation = { reported: [], exempted: [], absent: [], none: false };
  for (const raw of readFileSync(join(FIXTURES, folder, 'expected.txt'), 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [verb, rule] = line.split(/\s+/);
    if (verb === 'none') Object.assign(expectation, { none: true });
    else if ((verb === 'reported' || verb === 'exempted' || verb === 'absent') && rule)
      expectation[verb].push(rule);
    else
      throw new Error(
        `${folder}/expected.txt: cannot read '${raw}'; write reported|exempted|absent <rule-id> or none`,
      );
  }
  return expectation;
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('harden check on the manifest fixtures', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s', async (folder) => {
    const expectation = readExpectation(folder);
    const run = await runCli(['check', folder, '--format', 'json'], { cwd: FIXTURES });
    const report = JSON.parse(run.stdout) as {
      findings: { rule: string; exempted: boolean }[];
      errors: unknown[];
    };
    expect(report.errors).toEqual([]);
    const open = [
      ...new Set(report.findings.filter((finding) => !finding.exempted).map((finding) => finding.rule)),
    ];
    const exempted = [
      ...new Set(report.findings.filter((finding) => finding.exempted).map((finding) => finding.rule)),
    ];
    if (expectation.none) {
      expect(report.findings).toEqual([]);
      expect(run.code).toBe(0);
    }
    expect(open).toEqual(expect.arrayContaining(expectation.reported));
    expect(exempted).toEqual(expect.arrayContaining(expectation.exempted));
    for (const rule of expectation.absent) expect([...open, ...exempted]).not.toContain(rule);
    expect(run.code).toBe(open.length > 0 ? 1 : 0);
  });
});
