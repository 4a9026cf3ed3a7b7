import { sep } from 'node:path';
import { type CliRun, runCli } from '../fixtures/cli';
import { type FileTree, PLAIN_CONFIG_MAP, privilegedDeployment, writeTree } from '../fixtures/manifest-files';

interface JsonReport {
  summary: {
    files: number;
    skippedFiles: number;
    objects: number;
    findings: number;
    failOn: string;
    failing: number;
  };
  findings: { file: string; rule: string; severity: string }[];
  errors: { file: string; line: number | null; column: number | null; message: string }[];
  warnings: { file: string | null; line: number | null; message: string }[];
}

const json = (run: CliRun) => JSON.parse(run.stdout) as JsonReport;
/** A path as reported below `.`, without the leading `./`. */
const below = (file: string | null) => file?.slice(2);

/** A Service exposed on every node: a `low`-or-`medium` finding only, never critical or high. */
const NODE_PORT_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
`;

const HELM_TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: app
          {{- with .Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`;

/** A PrometheusRule: real YAML whose strings hold Go templates, checked like any object. */
const PROMETHEUS_RULE = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: alerts
spec:
  groups:
    - name: node
      rules:
        - alert: NodeDown
          annotations:
            description: "{{ $labels.instance }} is down"
`;

/**
 * A rendered manifest (as in Cilium's install/kubernetes) whose only `{{` is in a shell script's string, with a
 * ConfigMap that repeats a key: it is no template, and its error and its pod's findings both stand.
 */
const RENDERED_WITH_BRACES = `apiVersion: v1
kind: Pod
metadata:
  name: node-init
  namespace: demo
spec:
  hostPID: true
  containers:
    - name: init
      image: busybox:1.36
      securityContext:
        privileged: true
      env:
        - name: SCRIPT
          value: docker ps --format '{{.Image}}'
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: demo
data:
  tunnel: vxlan
  tunnel: disabled
`;

/** A repository as a new user meets it: manifests beside tool files, a chart and kustomize. */
const REPOSITORY = {
  'package.json': '{ "name": "shop", "version": "1.0.0", "scripts": {} }\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
  'Pulumi.yaml': 'name: shop\nruntime: nodejs\n',
  'Pulumi.dev.yaml': 'config:\n  aws:region: eu-west-1\n',
  'deploy/api.yaml': privilegedDeployment('api'),
  'deploy/settings.yaml': PLAIN_CONFIG_MAP,
  'deploy/kustomization.yaml': 'resources:\n  - api.yaml\n  - settings.yaml\n',
  'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
  'chart/values.yaml': 'replicaCount: 2\nimage:\n  tag: latest\n',
  'chart/templates/deployment.yaml': HELM_TEMPLATE,
  'monitoring/rules.yaml': PROMETHEUS_RULE,
  'broken/object.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [1\n',
  'broken/no-kind.yaml': 'metadata:\n  name: half\nspec:\n  replicas: 1\n',
  'services/web.yaml': NODE_PORT_SERVICE,
};

describe('harden check on a real repository', () => {
  let tree: FileTree;
  const check = (args: string[], stdin?: string) =>
    runCli(['check', ...args], { cwd: tree.dir, ...(stdin === undefined ? {} : { stdin }) });

  beforeAll(() => {
    tree = writeTree({
      ...REPOSITORY,
      '.settings/fail-high.yaml': "failOn: high\nexclude: ['broken/**']\n",
      '.settings/bad.yaml': 'failOn: severe\nexclude: [""]\nmaxFileSize: lots\n',
    });
  });
  afterAll(() => tree.remove());

  describe('files that are not Kubernetes manifests', () => {
    it('skips tool, Pulumi, Helm and kustomize files with a warning each and checks the manifests', async () => {
      const run = await check(['.', '--exclude', 'broken/**', '--format', 'json']);
      const report = json(run);
      expect(run.code).toBe(1);
      expect(report.errors).toEqual([]);
      const warned = Object.fromEntries(
        report.warnings.map((warning) => [below(warning.file), warning.message]),
      );
      expect(warned).toEqual({
        'package.json': expect.stringContaining('tool settings file'),
        'tsconfig.json': expect.stringContaining('tool settings file'),
        'Pulumi.yaml': expect.stringContaining('Pulumi project or stack settings'),
        'Pulumi.dev.yaml': expect.stringContaining('Pulumi project or stack settings'),
        [`deploy${sep}kustomization.yaml`]: expect.stringContaining(
          `kustomize build .${sep}deploy | harden check -`,
        ),
        [`chart${sep}Chart.yaml`]: expect.stringContaining("Helm chart's metadata"),
        [`chart${sep}values.yaml`]: expect.stringContaining('is not a Kubernetes manifest'),
        [`chart${sep}templates${sep}deployment.yaml`]: expect.stringContaining(
          'holds template syntax ({{ ... }}), so it is not a manifest yet and was not checked; render it first and check the output, for example `helm template <release> <chart> | harden check -`',
        ),
      });
      expect(report.findings).toContainEqual(
        expect.objectContaining({ file: `.${sep}deploy${sep}api.yaml`, rule: 'pss-privileged' }),
      );
      expect(report.summary).toMatchObject({ files: 12, skippedFiles: 8, objects: 4 });
      expect(run.stderr).toContain(
        `harden: warning: .${sep}chart${sep}templates${sep}deployment.yaml: holds template syntax`,
      );
    });

    it('says in the text summary how many of the files it read were skipped', async () => {
      const run = await check(['.', '--exclude', 'broken/**']);
      expect(run.stdout).toContain(
        'checked 4 objects in 12 files (8 skipped, see the warnings), profile all',
      );
    });

    it('checks an object whose strings hold {{ }} (a PrometheusRule) like any other', async () => {
      const run = await check(['monitoring', '--format', 'json']);
      expect(run.code).toBe(0);
      expect(json(run)).toMatchObject({ errors: [], warnings: [], summary: { objects: 1 } });
    });

    it('keeps an error for a document that looks like an object but is broken, and still reports the others', async () => {
      const run = await check(['broken', 'deploy/api.yaml', '--format', 'json']);
      const report = json(run);
      expect(run.code).toBe(2);
      expect(report.errors).toEqual([
        expect.objectContaining({
          file: `broken${sep}no-kind.yaml`,
          line: 1,
          message: expect.stringContaining("no 'apiVersion'"),
        }),
        {
          file: `broken${sep}object.yaml`,
          line: 7,
          column: 1,
          message: expect.stringMatching(/^invalid YAML: /),
        },
      ]);
      expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'pss-privileged' }));
    });
  });

  it('does not take a rendered file for a template because a string in it holds {{ }}', async () => {
    const rendered = writeTree({ 'cilium-like.yaml': RENDERED_WITH_BRACES });
    const run = await runCli(['check', '.', '--format', 'json'], { cwd: rendered.dir });
    rendered.remove();
    const report = json(run);
    expect(run.code).toBe(2);
    expect(report.warnings).toEqual([]);
    expect(report.errors).toEqual([
      expect.objectContaining({
        line: 24,
        message: expect.stringContaining("duplicated mapping key 'tunnel'"),
      }),
    ]);
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'pss-privileged' }));
  });

  describe('--exclude', () => {
    it('is repeatable and matches paths below the named directory, or names anywhere without a slash', async () => {
      const run = await check([
        '.',
        '--exclude',
        'broken/**',
        '--exclude',
        'chart',
        '--exclude',
        '*.json',
        '--exclude',
        'Pulumi*.yaml',
        '--format',
        'json',
      ]);
      const files = new Set(json(run).warnings.map((warning) => below(warning.file)));
      expect(files).toEqual(new Set([`deploy${sep}kustomization.yaml`]));
      expect(json(run).summary.files).toBe(5);
    });

    it('is read from the config file too', async () => {
      const run = await check(['.', '--config', '.settings/fail-high.yaml', '--format', 'json']);
      expect(json(run).errors).toEqual([]);
    });

    it('still reads a file named on the command line', async () => {
      const run = await check(['broken/object.yaml', '--exclude', 'broken/**', '--format', 'json']);
      expect(run.code).toBe(2);
    });

    it('says when a named directory holds only excluded files, without calling it an error', async () => {
      const run = await check(['broken', '--exclude', 'broken/**']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('0 objects in 0 files');
    });
  });

  describe('--fail-on', () => {
    it('exits 1 only for findings at or above the severity and says which findings decided it', async () => {
      const high = await check(['services', '--fail-on', 'high']);
      expect(high.code).toBe(0);
      expect(high.stdout).toMatch(
        /Exit code 0: no finding at or above high \(--fail-on high\); \d+ findings? below high do(es)? not fail it\./,
      );

      const low = await check(['services', '--fail-on', 'low']);
      expect(low.code).toBe(1);
      expect(low.stdout).toContain(
        'Exit code 1: every open finding fails the check (--fail-on low, the default).',
      );

      const critical = await check(['deploy', '--fail-on', 'critical', '--format', 'json']);
      expect(critical.code).toBe(1);
      const report = json(critical);
      const criticalCount = report.findings.filter((finding) => finding.severity === 'critical').length;
      expect(report.summary).toMatchObject({ failOn: 'critical', failing: criticalCount });
      expect(criticalCount).toBeGreaterThan(0);
      expect(criticalCount).toBeLessThan(report.summary.findings);
    });

    it('names the findings that fail it in the text summary', async () => {
      const run = await check(['deploy', '--fail-on', 'critical']);
      expect(run.stdout).toMatch(
        /Exit code 1: \d+ findings? at or above critical \(--fail-on critical\); \d+ findings? below critical do(es)? not fail it\./,
      );
    });

    it('is read from the config file, and the option wins over it', async () => {
      expect((await check(['services', '--config', '.settings/fail-high.yaml'])).code).toBe(0);
      expect(
        (await check(['services', '--config', '.settings/fail-high.yaml', '--fail-on', 'low'])).code,
      ).toBe(1);
    });

    it('rejects a severity that does not exist with exit 2 and lists the allowed ones', async () => {
      const run = await check(['services', '--fail-on', 'severe']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('critical, high, medium, low');
    });

    it('reports bad failOn, exclude and maxFileSize in the config file by field', async () => {
      const run = await check(['services', '--config', '.settings/bad.yaml']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('failOn: must be one of critical, high, medium, low');
      expect(run.stderr).toContain("exclude[0]: must be a non-empty glob such as 'charts/**'");
      expect(run.stderr).toContain("maxFileSize: must be a size such as '200MB'");
    });
  });

  describe('exit codes', () => {
    it('are documented in --help, with --fail-on, --max-file-size and skipped files', async () => {
      const run = await check(['--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('--exclude <glob>');
      expect(run.stdout).toContain('--baseline <report>');
      expect(run.stdout).toMatch(
        /1 {2}findings: .*for check, a finding that is\s+not exempted and is at or above --fail-on/,
      );
      expect(run.stdout).toMatch(/2 {2}usage or input error: .*a file over\s+--max-file-size/);
      expect(run.stdout).toContain('are warnings on stderr and do not change the exit code');
    });

    it('stay 0 when only skipped files are met, 1 on findings, 2 on a broken object', async () => {
      expect((await check(['chart', 'package.json', 'Pulumi.yaml'])).code).toBe(0);
      expect((await check(['chart', 'deploy'])).code).toBe(1);
      expect((await check(['chart', 'deploy', 'broken/object.yaml'])).code).toBe(2);
    });
  });

  describe('--max-file-size', () => {
    it('refuses a file over the limit with its size and how to raise it, and checks the others', async () => {
      const run = await check(['deploy', 'services', '--max-file-size', '300', '--format', 'json']);
      expect(run.code).toBe(2);
      expect(json(run).errors).toContainEqual({
        file: `deploy${sep}api.yaml`,
        line: null,
        column: null,
        message: expect.stringMatching(
          /^file is \d+ bytes, over the 300 bytes limit per file; raise it with --max-file-size 1MB \(or maxFileSize in the config file\), or split the file$/,
        ),
      });
      expect(json(run).summary.objects).toBeGreaterThan(0);
    });

    it('applies to standard input too', async () => {
      const run = await check(['-', '--max-file-size', '1KiB'], 'x'.repeat(2000));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('harden: error: -: file is 2000 bytes, over the 1024 bytes limit');
    });

    it('rejects a size it cannot read', async () => {
      const run = await check(['deploy', '--max-file-size', 'big']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("must be a size such as '200MB', '64MiB'");
    });
  });
});
