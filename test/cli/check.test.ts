import { join, sep } from 'node:path';
import { type CliRun, runCli } from '../fixtures/cli';
import { type FileTree, PLAIN_CONFIG_MAP, privilegedDeployment, writeTree } from '../fixtures/manifest-files';

interface JsonFinding {
  file: string;
  documentIndex: number;
  itemIndex?: number;
  line: number | null;
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  rule: string;
  controls: string[];
  severity: string;
  message: string;
  path: string;
  exempted: boolean;
  exemption?: { reason: string; source: string };
}

interface JsonReport {
  profile: string;
  pssVersion: string;
  summary: {
    files: number;
    objects: number;
    findings: number;
    exempted: number;
    errors: number;
    warnings: number;
  };
  findings: JsonFinding[];
  errors: { file: string; line: number | null; column: number | null; message: string }[];
  warnings: { file: string | null; line: number | null; message: string }[];
}

const json = (run: CliRun) => JSON.parse(run.stdout) as JsonReport;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

const BROKEN_YAML = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports: [80
`;

describe('harden check', () => {
  let tree: FileTree;
  const check = (args: string[], options: { stdin?: string; tty?: boolean } = {}) =>
    runCli(['check', ...args], { cwd: tree.dir, ...options });

  beforeAll(() => {
    tree = writeTree({
      'clean/settings.yaml': PLAIN_CONFIG_MAP,
      'apps/api.yaml': privilegedDeployment('api'),
      'apps/web.yaml': `${PLAIN_CONFIG_MAP}---\n${privilegedDeployment('web')}`,
      'mixed/broken.yaml': BROKEN_YAML,
      'mixed/good.yaml': privilegedDeployment('good'),
      'latin1.yaml': Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  city: Cr'),
        Buffer.from([0xe9, 0x74, 0x65, 0x0a]),
      ]),
      'values.yaml': 'replicaCount: 2\nimage:\n  tag: latest\n',
      'exempt/annotated.yaml': privilegedDeployment(
        'agent',
        '  annotations:\n    eks-hardening.io/exempt-pss-privileged: "node agent needs the host network stack; reviewed in SEC-42"\n',
      ),
      'exempt/empty-reason.yaml': privilegedDeployment(
        'agent2',
        '  annotations:\n    eks-hardening.io/exempt-pss-privileged: " "\n',
      ),
      'exempt/on-template.yaml': privilegedDeployment('agent4').replace(
        '    metadata:\n      labels:',
        '    metadata:\n      annotations:\n        eks-hardening.io/exempt-pss-privileged: "needs the host"\n      labels:',
      ),
      'exempt/typo.yaml': privilegedDeployment(
        'agent3',
        '  annotations:\n    eks-hardening.io/exempt-pss-privilegd: "typo"\n',
      ),
      'config/exempt-api.yaml': `exemptions:
  - rule: pss-privileged
    name: api
    reason: the api image needs a kernel module; tracked in SEC-7
`,
      'config/no-annotations.yaml': 'allowAnnotationExemptions: false\n',
      'config/never-privileged.yaml': 'neverExempt: [pss-privileged]\n',
      'config/settings.yaml': 'profile: pss-baseline\npssVersion: v1.25\n',
      'config/newer-pss.yaml': 'pssVersion: v1.40\n',
      'config/bad.yaml': `profile: strict
exemptions:
  - rule: pss-privileged
    reason: ""
  - rule: pss-privilegd
    reason: typo
  - rule: pss-privileged
    reason: ok
    nmae: api
colour: true
`,
    });
  });
  afterAll(() => tree.remove());

  describe('exit codes', () => {
    it('exits 0 when nothing is found', async () => {
      const run = await check(['clean', '--profile', 'pss-restricted']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('No findings: 1 object in 1 file');
      expect(run.stderr).toBe('');
    });

    it('exits 1 when a rule fails', async () => {
      expect((await check(['apps'])).code).toBe(1);
    });

    it('exits 2 when any input is bad, even with findings', async () => {
      expect((await check(['mixed'])).code).toBe(2);
    });
  });

  describe('--format json', () => {
    it('prints one object with every finding located by file, document and object', async () => {
      const run = await check(['apps', '--format', 'json']);
      const report = json(run);
      expect(report).toMatchObject({ profile: 'all', pssVersion: 'latest', errors: [], warnings: [] });
      expect(report.summary).toMatchObject({ files: 2, objects: 3, errors: 0 });
      const privileged = report.findings.filter((finding) => finding.rule === 'pss-privileged');
      expect(privileged).toEqual([
        expect.objectContaining({
          file: `apps${sep}api.yaml`,
          documentIndex: 0,
          line: 1,
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'api',
          controls: expect.any(Array),
          severity: expect.stringMatching(/^(critical|high|medium|low)$/),
          path: 'spec.template.spec.containers[0].securityContext.privileged',
          message: expect.stringContaining("container 'app'"),
          exempted: false,
        }),
        expect.objectContaining({ file: `apps${sep}web.yaml`, documentIndex: 1, line: 9, name: 'web' }),
      ]);
      expect(privileged[0]?.controls.length).toBeGreaterThan(0);
    });

    it('keeps reporting the good file of a directory with a broken one, and names the broken file and line', async () => {
      const run = await check(['mixed', '--format', 'json']);
      const report = json(run);
      expect(run.code).toBe(2);
      expect(report.errors).toEqual([
        {
          file: `mixed${sep}broken.yaml`,
          line: expect.any(Number),
          column: expect.any(Number),
          message: expect.stringMatching(/^invalid YAML: /),
        },
      ]);
      expect(report.findings).toContainEqual(
        expect.objectContaining({ file: `mixed${sep}good.yaml`, rule: 'pss-privileged' }),
      );
      expect(run.stderr).toMatch(
        new RegExp(`^harden: error: mixed\\${sep}broken\\.yaml:\\d+:\\d+: invalid YAML: `),
      );
    });

    it('reports a file that is not UTF-8 with its line and column, and exits 2', async () => {
      const run = await check(['latin1.yaml', 'apps/api.yaml', '--format', 'json']);
      expect(run.code).toBe(2);
      expect(json(run).errors).toEqual([
        { file: 'latin1.yaml', line: 4, column: 11, message: expect.stringContaining('not valid UTF-8') },
      ]);
      expect(json(run).findings.length).toBeGreaterThan(0);
      expect(run.stderr).toContain('harden: error: latin1.yaml:4:11: file is not valid UTF-8');
    });

    it('skips a YAML file that is not a Kubernetes object with a warning, not an error', async () => {
      const run = await check(['values.yaml', '--format', 'json']);
      expect(run.code).toBe(0);
      expect(json(run).errors).toEqual([]);
      expect(json(run).warnings).toEqual([
        {
          file: 'values.yaml',
          line: 1,
          message: expect.stringContaining(
            'is not a Kubernetes manifest (no document has apiVersion, kind or metadata)',
          ),
        },
      ]);
    });

    it('reads standard input for -', async () => {
      const run = await check(['-', '--format', 'json'], { stdin: privilegedDeployment('piped') });
      expect(run.code).toBe(1);
      expect(json(run).findings).toContainEqual(
        expect.objectContaining({ file: '-', name: 'piped', rule: 'pss-privileged' }),
      );
    });

    it('reads a List and gives each item the list document index and its item index', async () => {
      const list = `apiVersion: v1
kind: List
items:
  - ${PLAIN_CONFIG_MAP.trimEnd().replace(/\n/g, '\n    ')}
  - ${privilegedDeployment('listed').trimEnd().replace(/\n/g, '\n    ')}
`;
      const run = await check(['-', '--format', 'json'], { stdin: list });
      expect(json(run).findings).toContainEqual(
        expect.objectContaining({
          name: 'listed',
          documentIndex: 0,
          itemIndex: 1,
          line: 11,
          rule: 'pss-privileged',
        }),
      );
    });
  });

  describe('--format text', () => {
    it('groups findings by file and ends with a summary by severity', async () => {
      const run = await check(['apps']);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe(`apps${sep}api.yaml`);
      expect(lines[1]).toBe('  Deployment shop/api (document 0, line 1)');
      expect(run.stdout).toMatch(
        /^ {4}critical +pss-privileged +Deployment\/api: container 'app' sets privileged/m,
      );
      expect(run.stdout).toContain(`\napps${sep}web.yaml\n  Deployment shop/web (document 1, line 9)\n`);
      expect(run.stdout).toMatch(
        /\d+ findings \(.*\d+ critical.*\) in 2 objects; checked 3 objects in 2 files, profile all/,
      );
      expect(run.stdout).not.toMatch(ANSI);
    });

    it('uses colour on a terminal unless NO_COLOR is set', async () => {
      const saved = process.env.NO_COLOR;
      try {
        delete process.env.NO_COLOR;
        expect((await check(['apps'], { tty: true })).stdout).toMatch(ANSI);
        process.env.NO_COLOR = '1';
        expect((await check(['apps'], { tty: true })).stdout).not.toMatch(ANSI);
      } finally {
        if (saved === undefined) delete process.env.NO_COLOR;
        else process.env.NO_COLOR = saved;
      }
    });

    it('prints input errors on stderr and counts them in the summary', async () => {
      const run = await check(['mixed']);
      expect(run.stderr).toContain(`mixed${sep}broken.yaml:`);
      expect(run.stdout).toContain(`mixed${sep}good.yaml`);
      expect(run.stdout).toContain('1 input error: some input was not checked (see stderr).');
    });
  });

  describe('exemptions', () => {
    it('marks a finding exempted by an annotation with its reason, still reports it, and exits 0', async () => {
      const run = await check(['exempt/annotated.yaml', '--format', 'json', '--profile', 'pss-baseline']);
      expect(json(run).findings).toEqual([
        expect.objectContaining({
          rule: 'pss-privileged',
          exempted: true,
          exemption: {
            reason: 'node agent needs the host network stack; reviewed in SEC-42',
            source: 'annotation',
          },
        }),
      ]);
      expect(run.code).toBe(0);
      const text = await check(['exempt/annotated.yaml', '--profile', 'pss-baseline']);
      expect(text.stdout).toMatch(/exempted +pss-privileged/);
      expect(text.stdout).toContain('reason (annotation): node agent needs the host network stack');
      expect(text.stdout).toContain('1 finding exempted');
    });

    it('does not exempt with an empty reason, and warns', async () => {
      const run = await check(['exempt/empty-reason.yaml', '--format', 'json', '--profile', 'pss-baseline']);
      expect(run.code).toBe(1);
      expect(json(run).findings).toEqual([
        expect.objectContaining({ rule: 'pss-privileged', exempted: false }),
      ]);
      expect(json(run).warnings).toEqual([
        expect.objectContaining({
          file: `exempt${sep}empty-reason.yaml`,
          message: expect.stringContaining('empty reason'),
        }),
      ]);
      expect(run.stderr).toContain('harden: warning:');
    });

    it('warns about an exemption annotation that names no rule', async () => {
      const run = await check(['exempt/typo.yaml', '--format', 'json', '--profile', 'pss-baseline']);
      expect(json(run).warnings).toEqual([
        expect.objectContaining({
          message: expect.stringContaining("names no rule 'pss-privilegd', so it exempts nothing"),
        }),
      ]);
    });

    it('warns about an exemption annotation on the pod template, which exempts nothing', async () => {
      const run = await check(['exempt/on-template.yaml', '--format', 'json', '--profile', 'pss-baseline']);
      expect(json(run).findings).toEqual([
        expect.objectContaining({ rule: 'pss-privileged', exempted: false }),
      ]);
      expect(json(run).warnings).toEqual([
        expect.objectContaining({
          message:
            "annotation 'eks-hardening.io/exempt-pss-privileged' at spec.template.metadata.annotations is on the pod template, where it exempts nothing; move it to the Deployment's own metadata.annotations",
        }),
      ]);
    });

    it('exempts from a config file, scoped by name, with the file as the source', async () => {
      const run = await check([
        'apps',
        '--format',
        'json',
        '--profile',
        'pss-baseline',
        '--config',
        'config/exempt-api.yaml',
      ]);
      const privileged = json(run).findings.filter((finding) => finding.rule === 'pss-privileged');
      expect(privileged).toEqual([
        expect.objectContaining({
          name: 'api',
          exempted: true,
          exemption: {
            reason: 'the api image needs a kernel module; tracked in SEC-7',
            source: 'config/exempt-api.yaml',
          },
        }),
        expect.objectContaining({ name: 'web', exempted: false }),
      ]);
    });

    it('ignores annotations (with a warning) when the config file turns them off', async () => {
      const run = await check([
        'exempt/annotated.yaml',
        '--format',
        'json',
        '--profile',
        'pss-baseline',
        '--config',
        'config/no-annotations.yaml',
      ]);
      expect(run.code).toBe(1);
      expect(json(run).findings).toEqual([
        expect.objectContaining({ rule: 'pss-privileged', exempted: false }),
      ]);
      expect(json(run).warnings[0]?.message).toContain('allowAnnotationExemptions: false');
    });

    it('keeps a finding open (with a warning at the object) when the config file lists its rule under neverExempt', async () => {
      const run = await check([
        'exempt/annotated.yaml',
        '--format',
        'json',
        '--profile',
        'pss-baseline',
        '--config',
        'config/never-privileged.yaml',
      ]);
      expect(run.code).toBe(1);
      expect(json(run).findings).toEqual([
        expect.objectContaining({ rule: 'pss-privileged', exempted: false }),
      ]);
      expect(json(run).warnings).toEqual([
        {
          file: 'exempt/annotated.yaml',
          line: 1,
          message:
            "annotation 'eks-hardening.io/exempt-pss-privileged' is ignored because config/never-privileged.yaml lists 'pss-privileged' under neverExempt, so nothing exempts it; fix the finding instead",
        },
      ]);
    });
  });

  describe('settings', () => {
    it('takes the profile and PSS version from the config file, and lets the command line override them', async () => {
      const fromConfig = json(await check(['clean', '--format', 'json', '--config', 'config/settings.yaml']));
      expect(fromConfig).toMatchObject({ profile: 'pss-baseline', pssVersion: 'v1.25' });
      const overridden = json(
        await check([
          'clean',
          '--format',
          'json',
          '--config',
          'config/settings.yaml',
          '--profile',
          'all',
          '--pss-version',
          'v1.30',
        ]),
      );
      expect(overridden).toMatchObject({ profile: 'all', pssVersion: 'v1.30' });
    });

    it('evaluates a version newer than any known as latest, as PSA does, and warns that it did', async () => {
      const run = await check(['clean', '--format', 'json', '--pss-version', 'v1.99']);
      expect(json(run).pssVersion).toBe('latest');
      expect(run.stderr).toContain(
        'Pod Security Standards version v1.99 is newer than the newest this release knows (v1.37); it is evaluated as latest (v1.37)',
      );
    });

    it('knows v1.37 and v1.36 without a warning', async () => {
      for (const version of ['v1.36', 'v1.37']) {
        const run = await check(['clean', '--format', 'json', '--pss-version', version]);
        expect(json(run).pssVersion).toBe(version);
        expect(run.stderr).not.toContain('is newer than the newest');
      }
    });

    it('warns about a too-new pssVersion in the config file too', async () => {
      const run = await check(['clean', '--format', 'json', '--config', 'config/newer-pss.yaml']);
      expect(run.stderr).toContain('Pod Security Standards version v1.40 is newer than the newest');
    });
  });

  describe('usage and configuration errors', () => {
    it('rejects an unknown option with exit 2 and names it', async () => {
      const run = await check(['apps', '--strict']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("unknown option '--strict'");
    });

    it('rejects an invalid --pss-version with exit 2 and says what is allowed', async () => {
      const run = await check(['apps', '--pss-version', '1.30']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("invalid Pod Security Standards version '1.30': use 'latest' or 'v1.N'");
    });

    it('rejects an unknown profile, listing the allowed ones', async () => {
      const run = await check(['apps', '--profile', 'strict']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Allowed choices are all, pss-baseline, pss-restricted, nsa-cisa, cis-eks',
      );
    });

    it('asks for a path when none is given', async () => {
      const run = await check([]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'name at least one file or directory to check, or - to read standard input',
      );
    });

    it('reports every problem of a config file by field, with what is allowed, and exits 2', async () => {
      const run = await check(['apps', '--format', 'json', '--config', 'config/bad.yaml']);
      expect(run.code).toBe(2);
      const messages = json(run).errors.map((error) => `${error.file}: ${error.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^config\/bad\.yaml: profile: must be one of all, pss-baseline, .*; got 'strict'$/,
          ),
          expect.stringMatching(
            /^config\/bad\.yaml: exemptions\[0\]\.reason: must be a non-empty reason .*; got an empty string$/,
          ),
          expect.stringMatching(
            /^config\/bad\.yaml: exemptions\[2\]\.nmae: unknown field \(did you mean 'name'\?\); allowed fields are rule, reason, kind, namespace, name, path/,
          ),
          expect.stringMatching(/^config\/bad\.yaml: colour: unknown field; allowed fields are profile, /),
        ]),
      );
      expect(run.stderr).toContain('harden: error: config/bad.yaml: profile: must be one of');
    });
  });
});

describe('runCheck without keeping objects', () => {
  it('finds the same as when it keeps every object, and keeps only where each object is and what it is', async () => {
    const { runCheck } = await import('../../policies/src/cli/commands/check');
    const io = { cwd: join(__dirname, '..', 'fixtures'), readStdin: async () => Buffer.alloc(0) };
    const request = { paths: ['manifests', 'online-boutique', 'real-world'] };
    const kept = await runCheck(request, io);
    const dropped = await runCheck({ ...request, keepObjects: false }, io);
    expect(kept.findings.length).toBeGreaterThan(50);
    expect(kept.findings.some((finding) => finding.rule === 'namespace-default-deny')).toBe(true);
    expect(dropped.findings).toEqual(kept.findings);
    expect(dropped.tallies).toEqual(kept.tallies);
    expect(dropped.warnings).toEqual(kept.warnings);
    expect(dropped.unchecked).toEqual(kept.unchecked);
    expect(dropped.located.map(({ manifest, ...where }) => where)).toEqual(
      kept.located.map(({ manifest, ...where }) => where),
    );
    const deployment = dropped.located.find((object) => object.manifest.kind === 'Deployment')!;
    expect(deployment.manifest).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: expect.any(String), namespace: expect.anything() },
    });
  });
});
