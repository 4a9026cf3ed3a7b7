import { sep } from 'node:path';
import { runCli } from '../fixtures/cli';
import { type FileTree, privilegedDeployment, writeTree } from '../fixtures/manifest-files';

// A kustomize overlay's patches are not whole objects: checked alone, a patch that sets only `replicas` has no
// pod, and one that sets an image has none of its base's security context. What kustomize builds is the
// manifest to check; the base's resources are checked as they are.

const REPLICAS_PATCH =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 5\n';
const IMAGE_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:2.0.0
`;
const OVERLAY = `resources:
  - ../../base
patches:
  - path: replicas.yaml
  - patch: |-
      - op: replace
        path: /spec/replicas
        value: 3
    target:
      kind: Deployment
  - path: ../shared/labels.yaml
patchesStrategicMerge:
  - image.yaml
`;

interface Report {
  summary: { objects: number };
  findings: { file: string; rule: string }[];
  warnings: { file: string | null; line: number | null; message: string }[];
}

describe('harden check on a kustomize tree', () => {
  let tree: FileTree;
  beforeAll(() => {
    tree = writeTree({
      'base/kustomization.yaml': 'resources:\n  - api.yaml\n',
      'base/api.yaml': privilegedDeployment('api'),
      'overlays/prod/kustomization.yaml': OVERLAY,
      'overlays/prod/replicas.yaml': REPLICAS_PATCH,
      'overlays/prod/image.yaml': IMAGE_PATCH,
      'overlays/shared/labels.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  labels:\n    tier: web\n',
    });
  });
  afterAll(() => tree.remove());

  it('skips the files a kustomization lists as patches, with a warning naming the build, and checks the base', async () => {
    const run = await runCli(['check', '.', '--format', 'json'], { cwd: tree.dir });
    const report = JSON.parse(run.stdout) as Report;
    expect(run.code).toBe(1);
    const warned = Object.fromEntries(report.warnings.map((warning) => [warning.file, warning.message]));
    const build = `kustomize build .${sep}overlays${sep}prod | harden check -`;
    expect(warned).toEqual({
      [`.${sep}base${sep}kustomization.yaml`]: expect.stringContaining(
        `kustomize build .${sep}base | harden check -`,
      ),
      [`.${sep}overlays${sep}prod${sep}kustomization.yaml`]: expect.stringContaining(build),
      [`.${sep}overlays${sep}prod${sep}replicas.yaml`]: `is listed under patches in .${sep}overlays${sep}prod${sep}kustomization.yaml, so it is not a whole manifest and was not checked on its own; check what kustomize builds: \`${build}\``,
      [`.${sep}overlays${sep}prod${sep}image.yaml`]: expect.stringContaining(
        `is listed under patchesStrategicMerge in .${sep}overlays${sep}prod${sep}kustomization.yaml`,
      ),
      [`.${sep}overlays${sep}shared${sep}labels.yaml`]: expect.stringContaining('is listed under patches'),
    });
    expect(report.summary.objects).toBe(1);
    expect(new Set(report.findings.map((finding) => finding.file))).toEqual(
      new Set([`.${sep}base${sep}api.yaml`]),
    );
  });

  it('checks a patch on its own when its kustomization is not part of the input', async () => {
    const run = await runCli(['check', 'overlays/prod/image.yaml', '--format', 'json'], { cwd: tree.dir });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.summary.objects).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
  });
});

describe('harden check on a pod-bearing object without containers', () => {
  let tree: FileTree;
  beforeAll(() => {
    tree = writeTree({
      // The containers slipped one level up, beside the template's spec.
      'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    containers:
      - name: web
        image: nginx:1.27
        securityContext:
          privileged: true
    spec: {}
`,
      'job.yaml':
        'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "@daily"\n',
    });
  });
  afterAll(() => tree.remove());

  it('warns at the object that the pod rules found nothing to check, and where the pod spec belongs', async () => {
    const run = await runCli(['check', '.', '--format', 'json'], { cwd: tree.dir });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.warnings).toEqual([
      {
        file: `.${sep}job.yaml`,
        line: 1,
        message:
          'CronJob/nightly has no containers at spec.jobTemplate.spec.template.spec.containers, so the pod rules found nothing to check; the API server refuses a CronJob without them: check that the pod spec sits at spec.jobTemplate.spec.template.spec (an indentation slip moves it)',
      },
      {
        file: `.${sep}web.yaml`,
        line: 1,
        message: expect.stringMatching(
          /^Deployment\/web has no containers at spec\.template\.spec\.containers, /,
        ),
      },
    ]);
    expect(report.findings.filter((finding) => finding.rule.startsWith('pss-'))).toEqual([]);
  });
});
