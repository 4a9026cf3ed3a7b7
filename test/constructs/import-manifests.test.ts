import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedConnections, type Manifest, NetworkPolicyModel } from '@eks-hardening/rules';
import * as cdk8s from 'cdk8s';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as constructs from '../../constructs/src';
import { importManifests } from '../../constructs/src/import/import-manifests';
import { runCli } from '../fixtures/cli';
import type { Draft } from '../fixtures/workloads';

const FIXTURE = join(__dirname, '..', 'fixtures', 'online-boutique', 'kubernetes-manifests.yaml');
const upstream = (): Manifest[] =>
  parseAllDocuments(readFileSync(FIXTURE, 'utf8')).map((doc) => doc.toJS() as Manifest);

/** Runs a generated program (TypeScript) against the constructs, synthesizing into a temporary directory. */
function runProgram(code: string): cdk8s.App {
  const outdir = mkdtempSync(join(tmpdir(), 'harden-import-'));
  let app: cdk8s.App | undefined;
  class App extends cdk8s.App {
    constructor() {
      super({ outdir });
      app = this;
    }
  }
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const modules: Record<string, unknown> = {
    cdk8s: { ...cdk8s, App },
    '@eks-hardening/constructs': constructs,
  };
  try {
    new Function('require', 'exports', js)((id: string) => modules[id], {});
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  return app!;
}

/** Pins every image of the input by a (made-up) digest, as a team does before running the program. */
function pinned(manifests: Manifest[]): Manifest[] {
  return JSON.parse(
    JSON.stringify(manifests).replace(
      /"image":"([^"@]+)"/g,
      (_match, image: string) => `"image":"${image}@sha256:${'ab'.repeat(32)}"`,
    ),
  );
}

describe('importManifests', () => {
  const result = importManifests(upstream());

  it('carries the 12 workloads and 12 Services of Online Boutique over to the constructs', () => {
    expect(result.imported.filter((name) => name.startsWith('Deployment/'))).toHaveLength(12);
    expect(result.imported.filter((name) => name.startsWith('Service/'))).toHaveLength(12);
    expect(result.code).toContain("const emailservice = new HardenedDeployment(chart, 'emailservice', {");
    expect(result.code).toContain("  ports: [{ name: 'grpc', port: 8080, servicePort: 5000 }],");
    expect(result.code).toContain('frontend.connectTo(cartservice); // CART_SERVICE_ADDR=cartservice:7070');
    expect(result.code.match(/\.connectTo\(/g)).toHaveLength(16);
    expect(result.code).toContain("new HardenedLoadBalancer(chart, 'frontend-external', {");
  });

  it('lists what it could not carry over or changed, naming each object', () => {
    expect(result.notes).toEqual(
      expect.arrayContaining([
        "Deployment/emailservice: container image 'gcr.io/google-samples/microservices-demo/emailservice:v0.5.1' is not pinned by digest (imagePinning: 'tag' for now): append @sha256:<digest>",
        "Deployment/loadgenerator: init container 'frontend-check' image 'busybox:latest' is pinned by neither a digest nor a tag other than 'latest', which the constructs refuse (the program stops there): pin it by digest",
        "Deployment/emailservice: liveness checked the same as readiness; liveness is now a TCP check of port 'grpc' (the process accepts connections): review",
        'Deployment/redis-cart: liveness and readiness check the same; kept, with a REVIEW exemption of health-probes',
        "objects without a namespace go to 'app' (the constructs never use 'default'); pass --namespace to choose another",
      ]),
    );
  });

  it('writes a program that synthesizes, passes every rule and allows exactly the call paths, once images are pinned', () => {
    const app = runProgram(importManifests(pinned(upstream())).code);
    const validation = constructs.validateApp(app);
    expect(validation.blocking).toEqual([]);
    expect(validation.findings.every((finding) => finding.exemption?.reason.includes('REVIEW: '))).toBe(true);
    const model = NetworkPolicyModel.fromManifests(
      validation.manifests.map((manifest, i) => ({ key: `${i}`, manifest })),
    );
    const paths = allowedConnections(model).map(
      ({ from, to, port }) => `${from.subject} -> ${to.subject}:${port.port}`,
    );
    expect(paths).toHaveLength(16);
    expect(paths).toContain('Deployment/checkoutservice -> Deployment/emailservice:8080');
  });

  test.each([
    [
      'a writable root filesystem',
      (c: Draft) => (c.securityContext.readOnlyRootFilesystem = false),
      'had a writable root filesystem',
    ],
    [
      'privileged',
      (c: Draft) => (c.securityContext.privileged = true),
      'ran privileged, which is not carried over',
    ],
    ['envFrom', (c: Draft) => (c.envFrom = [{ configMapRef: { name: 'x' } }]), 'envFrom is not carried over'],
  ])('notes %s', (_case, change, note) => {
    const manifests = upstream();
    const email = manifests[0] as Draft;
    change(email.spec.template.spec.containers[0]);
    expect(
      importManifests(manifests).notes.some(
        (line) => line.startsWith('Deployment/emailservice: ') && line.includes(note),
      ),
    ).toBe(true);
  });

  it('notes objects it has no construct for', () => {
    const { notes } = importManifests([
      ...upstream().slice(0, 1),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow' } },
    ]);
    expect(notes).toContain(
      'ConfigMap/settings: not carried over (no construct for this kind); keep it in YAML or write it with cdk8s, then check it with enforceRules',
    );
    expect(notes.find((line) => line.startsWith('NetworkPolicy/allow'))).toContain(
      'connections were inferred from',
    );
  });
});

describe('harden import', () => {
  it('prints the program and, on stderr, what it could not carry over', async () => {
    const run = await runCli(['import', FIXTURE, '--namespace', 'boutique']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("new HardenedNamespace(chart, 'boutique');");
    expect(run.stderr).toMatch(
      /^harden import: review what was not carried over or changed \(\d+\):\n {2}- Deployment\/emailservice: /,
    );
  });

  it('names a bad file and still imports the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harden-import-'));
    try {
      const bad = join(dir, 'bad.yaml');
      require('node:fs').writeFileSync(bad, 'kind: [unclosed');
      const run = await runCli(['import', bad, FIXTURE, '--out', join(dir, 'main.ts')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('bad.yaml');
      expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toContain('enforceRules(app);');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an input without workloads', async () => {
    const run = await runCli(['import', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n',
    });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('no Deployment, StatefulSet or DaemonSet found in the input');
  });
});
