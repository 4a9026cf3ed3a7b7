/**
 * Benchmark of `harden check`: how close checking is to the cost of only reading and parsing the files.
 *
 *   npm run bench:check                 # 1k, 10k and 50k objects
 *   npx tsx bench/check.ts 10000        # one size
 *
 * For each size it generates that many objects (Deployments, Pods, StatefulSets, CronJobs, Services, RBAC,
 * NetworkPolicies, Namespaces, ConfigMaps; a third of the workloads with violations) in multi-document files,
 * then, each in a fresh child process so peak memory is its own:
 *   - parse: read every file and parse it with the same library and schema as `harden check` (js-yaml's
 *     `loadAll` with `MANIFEST_SCHEMA`), which is the floor for any checker;
 *   - check: `harden check <dir> --format json` in-process through `run()`, output to a null sink;
 *   - eval: the rule evaluation alone on already-parsed objects, parsed afresh before each timed run so nothing
 *     a rule caches about an object carries over (to show it stays linear).
 * It prints the best of a few runs, the check/parse ratio (goal: at most 1.5), peak RSS, and the same
 * comparison for whole processes (goal: at most 2): `node policies/bin/harden.js check . --format json`, the
 * built executable with start-up and JSON output, against `node bench/parse-only.js .`, a process that only
 * reads and parses the same files with the same library, as the median of alternating runs (on a noisy
 * machine the best of a few is whichever run was lucky). Build first (`npm run build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { loadInputs } from '../policies/src/cli/load/load-inputs';
import { MANIFEST_SCHEMA } from '../policies/src/cli/load/parse-yaml';
import { run } from '../policies/src/cli/main';
import { evaluateManifests } from '../policies/src/engine/evaluate-manifests';
import { ruleOptions } from '../policies/src/engine/options';
import { rulesForProfile } from '../policies/src/engine/profiles';
import { PSS_LATEST } from '../policies/src/engine/pss-version';

const OBJECTS_PER_FILE = 5;
const DEFAULT_SIZES = [1_000, 10_000, 50_000];

// ---------------------------------------------------------------------------------------------------------
// Manifests

function podSpec(i: number, indent: string): string {
  const bad = i % 3 === 0;
  const lines = [
    bad ? 'hostNetwork: true' : 'automountServiceAccountToken: false',
    `serviceAccountName: ${bad ? 'default' : `app-${i}`}`,
    'securityContext:',
    `  runAsNonRoot: ${bad ? 'false' : 'true'}`,
    '  seccompProfile:',
    `    type: ${bad ? 'Unconfined' : 'RuntimeDefault'}`,
    'containers:',
    `  - name: app`,
    `    image: ${bad ? 'nginx:latest' : `registry.example.com/team/app-${i}:1.${i % 10}.0`}`,
    '    ports:',
    `      - containerPort: 8080${bad ? '\n        hostPort: 8080' : ''}`,
    '    env:',
    '      - name: LOG_LEVEL',
    '        value: info',
    bad ? '      - name: DB_PASSWORD\n        value: hunter2' : '      - name: MODE\n        value: prod',
    '    securityContext:',
    `      privileged: ${bad ? 'true' : 'false'}`,
    `      allowPrivilegeEscalation: ${bad ? 'true' : 'false'}`,
    `      readOnlyRootFilesystem: ${bad ? 'false' : 'true'}`,
    '      capabilities:',
    bad ? '        add: [NET_ADMIN, SYS_ADMIN]' : '        drop: [ALL]',
    '    resources:',
    '      requests: {cpu: 100m, memory: 128Mi}',
    bad ? '' : '      limits: {cpu: 500m, memory: 256Mi}',
    '    readinessProbe:',
    '      httpGet: {path: /ready, port: 8080}',
    '    livenessProbe:',
    '      httpGet: {path: /healthz, port: 8080}',
    '  - name: sidecar',
    `    image: registry.example.com/team/proxy:2.${i % 7}.1`,
    '    securityContext:',
    '      allowPrivilegeEscalation: false',
    '      capabilities: {drop: [ALL]}',
    'volumes:',
    bad ? '  - name: docker\n    hostPath: {path: /var/run/docker.sock}' : '  - name: tmp\n    emptyDir: {}',
  ];
  return lines
    .filter((line) => line !== '')
    .join('\n')
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}

const metadata = (kind: string, i: number, namespace = `team-${i % 50}`) =>
  `kind: ${kind}\nmetadata:\n  name: ${kind.toLowerCase()}-${i}\n  namespace: ${namespace}\n  labels:\n    app: app-${i}\n    tier: backend\n`;

const GENERATORS: readonly ((i: number) => string)[] = [
  (i) =>
    `apiVersion: apps/v1\n${metadata('Deployment', i)}spec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n${podSpec(i, '      ')}\n`,
  (i) => `apiVersion: v1\n${metadata('Pod', i)}spec:\n${podSpec(i, '  ')}\n`,
  (i) =>
    `apiVersion: v1\n${metadata('Service', i)}spec:\n  type: ${i % 4 === 0 ? 'NodePort' : 'ClusterIP'}\n  selector:\n    app: app-${i}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
  (i) =>
    `apiVersion: rbac.authorization.k8s.io/v1\n${metadata('Role', i)}rules:\n  - apiGroups: [""]\n    resources: [${i % 3 === 0 ? '"*"' : 'configmaps'}]\n    verbs: [${i % 3 === 0 ? '"*"' : 'get, list, watch'}]\n  - apiGroups: [""]\n    resources: [${i % 5 === 0 ? 'secrets, pods/exec' : 'services'}]\n    verbs: [get]\n`,
  (i) =>
    `apiVersion: rbac.authorization.k8s.io/v1\n${metadata('RoleBinding', i)}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${i % 6 === 0 ? 'ClusterRole' : 'Role'}\n  name: ${i % 6 === 0 ? 'cluster-admin' : `role-${i}`}\nsubjects:\n  - kind: ${i % 9 === 0 ? 'Group' : 'ServiceAccount'}\n    name: ${i % 9 === 0 ? 'system:unauthenticated' : `app-${i}`}\n    namespace: team-${i % 50}\n`,
  (i) =>
    `apiVersion: networking.k8s.io/v1\n${metadata('NetworkPolicy', i)}spec:\n  podSelector: ${i % 2 === 0 ? '{}' : `\n    matchLabels:\n      app: app-${i}`}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - ports:\n        - {protocol: UDP, port: 53}\n`,
  (i) =>
    `apiVersion: apps/v1\n${metadata('StatefulSet', i)}spec:\n  serviceName: app-${i}\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n    metadata:\n      labels:\n        app: app-${i}\n    spec:\n${podSpec(i + 1, '      ')}\n`,
  (i) =>
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n  labels:\n    pod-security.kubernetes.io/enforce: ${i % 2 === 0 ? 'restricted' : 'privileged'}\n`,
  (i) =>
    `apiVersion: batch/v1\n${metadata('CronJob', i)}spec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n${podSpec(i + 2, '          ')}\n`,
  (i) =>
    `apiVersion: v1\n${metadata('ConfigMap', i)}data:\n  LOG_LEVEL: info\n  ${i % 4 === 0 ? 'AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE' : 'FEATURE_FLAGS: "a,b,c"'}\n`,
];

/** Writes `objects` objects into `dir`, `perFile` documents per file, 100 files per folder. */
export function generateManifests(dir: string, objects: number, perFile = OBJECTS_PER_FILE): void {
  let file = 0;
  for (let start = 0; start < objects; start += perFile, file++) {
    const folder = join(dir, `team-${Math.floor(file / 100)}`);
    if (file % 100 === 0) mkdirSync(folder, { recursive: true });
    const documents: string[] = [];
    for (let i = start; i < Math.min(objects, start + perFile); i++) {
      documents.push(GENERATORS[i % GENERATORS.length]!(i));
    }
    writeFileSync(join(folder, `app-${file}.yaml`), documents.join('---\n'));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Measurements (each runs in its own child process)

interface Measurement {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly objects: number;
  readonly findings?: number;
}

function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

async function measure(mode: string, dir: string, iterations: number): Promise<Measurement> {
  let best = Number.POSITIVE_INFINITY;
  let objects = 0;
  let findings: number | undefined;
  const sink = { write: () => true, isTTY: false };
  const io = { stdout: sink, stderr: sink, cwd: dir, readStdin: async () => Buffer.alloc(0) };
  const rules = rulesForProfile('all', PSS_LATEST);

  for (let iteration = 0; iteration < iterations; iteration++) {
    // Fresh objects for each run of the rules, read before the clock starts: what the rules cache about an
    // object must not carry over from one run to the next, as it cannot in a real check.
    const located =
      mode === 'eval'
        ? (await loadInputs(['.'], io)).objects.map((object, index) => ({
            key: String(index),
            manifest: object.manifest,
          }))
        : undefined;
    const start = process.hrtime.bigint();
    let ms: number;
    if (mode === 'parse') {
      objects = 0;
      for (const file of yamlFiles(dir)) {
        for (const document of loadAll(readFileSync(file, 'utf8'), { schema: MANIFEST_SCHEMA })) {
          if (document !== null && document !== undefined) objects++;
        }
      }
      ms = elapsed(start);
    } else if (mode === 'check') {
      let head = '';
      const capture = {
        write: (text: string) => {
          if (head === '') head = text.slice(0, 2000);
          return true;
        },
        isTTY: false,
      };
      const code = await run(['check', '.', '--format', 'json'], { ...io, stdout: capture });
      ms = elapsed(start);
      if (code === 2) throw new Error('harden check reported input errors on generated manifests');
      // The summary comes first; reading it from the head keeps the parse of the whole output out of the
      // time and out of peak memory.
      const count = (field: string) => Number(new RegExp(`"${field}": (\\d+)`).exec(head)?.[1]);
      objects = count('objects');
      findings = count('findings') + count('exempted');
    } else {
      const evaluation = evaluateManifests(located!, { rules, options: ruleOptions() });
      ms = elapsed(start);
      objects = located!.length;
      findings = evaluation.findings.length;
    }
    best = Math.min(best, ms);
  }
  return {
    ms: best,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    objects,
    ...(findings === undefined ? {} : { findings }),
  };
}

function elapsed(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function child(mode: string, dir: string, iterations: number): Measurement {
  const output = execFileSync(
    process.execPath,
    ['--max-old-space-size=8192', '-r', 'tsx/cjs', __filename, '--child', mode, dir, String(iterations)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
}

/**
 * Wall times of whole processes: start-up, reading, parsing and (for check) the rules and the JSON written
 * to a pipe that is read and dropped. `runs` runs of each command, alternating, so a slow spell of the
 * machine falls on both; the median of each (the best of a few swings with this machine's noise).
 */
function spawnMedians(commands: readonly (readonly string[])[], dir: string, runs: number): number[] {
  const times = commands.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    commands.forEach((args, index) => {
      const start = process.hrtime.bigint();
      const result = spawnSync(process.execPath, args, {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 30,
      });
      if (result.status === 2) throw new Error(`${args.join(' ')} reported input errors`);
      times[index]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return times.map((list) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)]!);
}

/** `node policies/bin/harden.js check . --format json`, the built executable. */
const CHECK_PROCESS = [
  join(__dirname, '..', 'policies', 'bin', 'harden.js'),
  'check',
  '.',
  '--format',
  'json',
];

/** `node bench/parse-only.js .`: only reading and parsing the same files with the same library. */
const PARSE_PROCESS = [join(__dirname, 'parse-only.js'), '.'];

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const [, mode, dir, iterations] = args;
    process.stdout.write(`${JSON.stringify(await measure(mode!, dir!, Number(iterations)))}\n`);
    return;
  }
  const sizes = args.length > 0 ? args.map(Number) : DEFAULT_SIZES;
  const row = (cells: (string | number)[]) =>
    cells.map((cell, i) => String(cell).padStart(i === 0 ? 7 : 11)).join(' ');
  console.log(
    `node ${process.version}, ${OBJECTS_PER_FILE} objects per file, best of N runs in process (N: 5 up to 1k objects, 3 up to 10k, 1 above), median of 5 (3 above 10k) alternating runs per process`,
  );
  console.log(
    row([
      'objects',
      'parse ms',
      'check ms',
      'ratio',
      'eval ms',
      'eval µs/obj',
      'findings',
      'parse MB',
      'check MB',
      'p-parse ms',
      'p-check ms',
      'p-ratio',
    ]),
  );
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `harden-bench-${size}-`));
    try {
      generateManifests(dir, size);
      const iterations = size > 10_000 ? 1 : size > 1_000 ? 3 : 5;
      const parse = child('parse', dir, iterations);
      const check = child('check', dir, iterations);
      const evaluation = child('eval', dir, iterations);
      const [processParse, processCheck] = spawnMedians(
        [PARSE_PROCESS, CHECK_PROCESS],
        dir,
        size > 10_000 ? 3 : 5,
      ) as [number, number];
      if (parse.objects !== size || check.objects !== size) {
        throw new Error(`expected ${size} objects; parse read ${parse.objects}, check read ${check.objects}`);
      }
      console.log(
        row([
          size,
          parse.ms.toFixed(0),
          check.ms.toFixed(0),
          (check.ms / parse.ms).toFixed(2),
          evaluation.ms.toFixed(0),
          ((evaluation.ms * 1000) / size).toFixed(1),
          check.findings ?? 0,
          parse.maxRssMb.toFixed(0),
          check.maxRssMb.toFixed(0),
          processParse.toFixed(0),
          processCheck.toFixed(0),
          (processCheck / processParse).toFixed(2),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  });
}
