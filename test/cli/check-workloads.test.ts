import { type CliRun, runCli } from '../fixtures/cli';
import { type FileTree, writeTree } from '../fixtures/manifest-files';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: web
          image: registry.example.com/web:1.0
          securityContext:
            privileged: true
`;

const widget = (name: string) => `apiVersion: example.com/v1
kind: Widget
metadata:
  name: ${name}
spec:
  size: 3
`;

const RUNNER = `apiVersion: ci.example.com/v1
kind: Runner
metadata:
  name: builder
spec:
  pod:
    spec:
      containers:
        - name: build
          image: registry.example.com/build:1.0
          securityContext:
            privileged: true
`;

/** A Volcano Job: a CRD named Job, whose pods sit in spec.tasks[].template (no rule reads it). */
const VOLCANO_JOB = `apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata:
  name: train
spec:
  tasks:
    - name: worker
      template:
        spec:
          containers:
            - name: train
              image: registry.example.com/train:1.0
              securityContext:
                privileged: true
`;

describe('harden check on workload CRDs and unknown kinds', () => {
  let tree: FileTree;
  const check = (args: string[]): Promise<CliRun> => runCli(['check', ...args], { cwd: tree.dir });

  beforeAll(() => {
    tree = writeTree({
      'rollout.yaml': ROLLOUT,
      'volcano-job.yaml': VOLCANO_JOB,
      'mixed.yaml': [widget('a'), widget('b'), widget('c'), RUNNER].join('---\n'),
      'config/runner.yaml': `workloads:\n  - kind: Runner\n    apiVersion: ci.example.com/v1\n    podSpecPath: spec.pod.spec\n`,
      'config/bad.yaml': `workloads:\n  - kind: Runner\n    podSpecPath: spec.containers[0]\n    runToCompletion: true\n`,
    });
  });
  afterAll(() => tree.remove());

  it('fails an Argo Rollout with a privileged container and hostPID (it passed silently before)', async () => {
    const run = await check(['rollout.yaml', '--profile', 'pss-baseline']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "Rollout/web: container 'web' sets privileged: true at spec.template.spec.containers[0].securityContext.privileged",
    );
    expect(run.stdout).toContain('spec.template.spec.hostPID');
  });

  it('says in the text summary how many objects of which kinds no rule examined', async () => {
    const run = await check(['mixed.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '4 objects of unchecked kinds: Widget (3), Runner; no rule that ran reads them, so they were not checked',
    );
  });

  it("names a CRD that has a built-in kind's name with its group, instead of taking it for that kind", async () => {
    const run = await check(['volcano-job.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '1 object of an unchecked kind: Job of batch.volcano.sh; no rule that ran reads it',
    );
    // Not the built-in Job's warning that the API server would refuse a Job without spec.template containers.
    expect(run.stderr).not.toContain('has no containers');
  });

  it('lists the unchecked kinds in JSON and SARIF', async () => {
    const json = JSON.parse((await check(['mixed.yaml', '--format', 'json'])).stdout);
    expect(json.summary.unchecked).toBe(4);
    expect(json.uncheckedKinds).toEqual([
      { kind: 'Widget', apiVersion: 'example.com/v1', count: 3 },
      { kind: 'Runner', apiVersion: 'ci.example.com/v1', count: 1 },
    ]);
    const sarif = JSON.parse((await check(['mixed.yaml', '--format', 'sarif'])).stdout);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toContainEqual({
      level: 'warning',
      message: { text: expect.stringMatching(/^4 objects of unchecked kinds: Widget \(3\), Runner;/) },
    });
    expect(sarif.runs[0].properties.uncheckedKinds).toHaveLength(2);
  });

  it('checks a kind the config file names, at its pod spec path', async () => {
    const run = await check(['mixed.yaml', '--config', 'config/runner.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "Runner/builder: container 'build' sets privileged: true at spec.pod.spec.containers[0].securityContext.privileged",
    );
    expect(run.stdout).toContain('3 objects of an unchecked kind: Widget (3)');
  });

  it('names the field, what is allowed and the fix for a bad workloads entry', async () => {
    const run = await check(['mixed.yaml', '--config', 'config/bad.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "workloads[0].podSpecPath: must be the dotted path of the pod spec in the object, such as spec.template.spec (names only, no list indices); got 'spec.containers[0]'",
    );
    expect(run.stderr).toContain(
      "workloads[0].runToCompletion: unknown field (did you mean 'runsToCompletion'?)",
    );
  });
});
