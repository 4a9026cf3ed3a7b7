import { findRule } from '../../policies/src/registry';
import { runCli } from '../fixtures/cli';
import { type FileTree, PLAIN_CONFIG_MAP, privilegedDeployment, writeTree } from '../fixtures/manifest-files';

// A rule that throws is a bug in harden. The check must say so, where, and keep everything else it found:
// the other rules' findings on that object and every finding on the other files.

describe('harden check when a rule fails on an object', () => {
  let tree: FileTree;
  beforeAll(() => {
    tree = writeTree({
      'api.yaml': privilegedDeployment('api'),
      'web.yaml': `${PLAIN_CONFIG_MAP}---\n${privilegedDeployment('web')}`,
    });
  });
  afterAll(() => tree.remove());
  afterEach(() => jest.restoreAllMocks());

  it('reports the failure as an error at the object and keeps every other finding', async () => {
    const clean = await runCli(['check', '.', '--format', 'json'], { cwd: tree.dir });
    const rule = findRule('pss-privileged');
    if (rule?.target !== 'kubernetes') throw new Error('pss-privileged is a per-object rule');
    const original = rule.validate.bind(rule);
    jest.spyOn(rule, 'validate').mockImplementation((manifest, options) => {
      if ((manifest.metadata as { name?: string }).name === 'web') throw new TypeError('x is not iterable');
      return original(manifest, options);
    });

    const run = await runCli(['check', '.', '--format', 'json'], { cwd: tree.dir });

    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      findings: { file: string; name: string; rule: string }[];
      errors: { file: string | null; line: number | null; message: string }[];
    };
    expect(report.errors).toEqual([
      {
        file: './web.yaml',
        line: expect.any(Number),
        column: null,
        message: expect.stringMatching(
          /^rule pss-privileged failed on Deployment\/web \(x is not iterable\), so that rule did not check it; this is a bug in harden, not in your manifest/,
        ),
      },
    ]);
    const expected = (JSON.parse(clean.stdout) as typeof report).findings.filter(
      (finding) => !(finding.name === 'web' && finding.rule === 'pss-privileged'),
    );
    expect(report.findings).toEqual(expected);
    expect(report.findings.some((finding) => finding.name === 'web')).toBe(true);
    expect(run.stderr).toMatch(
      /harden: error: \.\/web\.yaml:\d+: rule pss-privileged failed on Deployment\/web/,
    );
  });

  it('reports a whole-input rule that fails as an error of the input, with every per-object finding', async () => {
    const clean = await runCli(['check', '.', '--format', 'json'], { cwd: tree.dir });
    const rule = findRule('namespace-default-deny');
    if (rule?.target !== 'kubernetes-set') throw new Error('namespace-default-deny is a whole-input rule');
    jest.spyOn(rule, 'validate').mockImplementation(() => {
      throw new Error('boom');
    });

    const run = await runCli(['check', '.', '--format', 'json'], { cwd: tree.dir });

    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { findings: { rule: string }[]; errors: unknown[] };
    expect(report.errors).toEqual([
      {
        file: null,
        line: null,
        column: null,
        message: expect.stringMatching(/^rule namespace-default-deny failed on the input \(boom\)/),
      },
    ]);
    expect(report.findings).toEqual(
      (JSON.parse(clean.stdout) as typeof report).findings.filter(
        (finding) => finding.rule !== 'namespace-default-deny',
      ),
    );
  });
});
