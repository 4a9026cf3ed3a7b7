/**
 * The packages as a user meets them: `npm pack --workspaces`, then, in directories outside this repository,
 * the README's install commands (our packages from the tarballs, everything else from the registry at the
 * versions this repository's lockfile pins) and the README's examples, run exactly as written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRules } from '../../policies/src/registry';
import { planProgram, type StackPlan } from '../../stacks/src/testing/plan';
import { hardenedBundle, WEAKNESSES, weakAccount, weakKubernetes } from '../audit/clusters';
import { type Analyzer, startAnalyzer, urnOf } from '../fixtures/analyzer-harness';
import { mockAwsAccount } from '../fixtures/aws-api-mock';
import { runCli } from '../fixtures/cli';
import { startKubeApiServer } from '../fixtures/kube-api-server';
import {
  commandsOf,
  consumerDirectory,
  npmInstall,
  packWorkspaces,
  REPO,
  readmeExample,
  remove,
  run,
  type Tarballs,
} from './consumer';

jest.setTimeout(900_000);

/** The tsconfig.json `cdk8s init typescript-app` writes (cdk8s-cli templates/typescript-app). */
const CDK8S_APP_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ['es2016'],
    module: 'CommonJS',
    noEmit: false,
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2017',
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};

/** The Pulumi.yaml and tsconfig.json `pulumi new typescript` writes. */
const PULUMI_PROJECT = {
  'Pulumi.yaml':
    'name: prod-cluster\nruntime:\n  name: nodejs\n  options:\n    typescript: true\ndescription: A hardened EKS cluster\n',
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        outDir: 'bin',
        target: 'es2020',
        module: 'commonjs',
        moduleResolution: 'node',
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
      },
      files: ['index.ts'],
    },
    null,
    2,
  )}\n`,
};

/** Packages the README installs that this repository's lockfile does not pin. */
const EXTRA_PINS: Readonly<Record<string, string>> = { 'ts-node': '10.9.2' };

/**
 * The README's install commands as `npm install` specs: our packages from the tarballs, the others at the
 * version this repository installs.
 */
function installSpecs(block: string, tarballs: Tarballs): { specs: string[]; dev: boolean }[] {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const ours: Record<string, string> = {
    '@eks-hardening/rules': tarballs.rules,
    '@eks-hardening/constructs': tarballs.constructs,
    '@eks-hardening/pulumi': tarballs.pulumi,
    '@eks-hardening/audit': tarballs.audit,
  };
  return commandsOf(block).map((argv) => {
    expect(argv.slice(0, 2)).toEqual(['npm', 'install']);
    const words = argv.slice(2);
    const specs = words
      .filter((word) => !word.startsWith('-'))
      .map((name) => {
        if (ours[name]) return ours[name];
        const version = lock.packages[`node_modules/${name}`]?.version ?? EXTRA_PINS[name];
        if (!version) throw new Error(`no pinned version for '${name}' (README install command)`);
        return `${name}@${version}`;
      });
    return { specs, dev: words.includes('--save-dev') };
  });
}

/** Runs the `npx …` lines of a README block in `dir`; each must exit 0. */
function runNpxLines(block: string, dir: string) {
  return commandsOf(block)
    .filter((argv) => argv[0] === 'npx')
    .map((argv) => ({ argv, ran: run(argv[0]!, argv.slice(1), dir) }));
}

let tarballs: Tarballs;
beforeAll(() => {
  tarballs = packWorkspaces();
});
afterAll(() => remove(tarballs.dir));

describe('npm pack --workspaces', () => {
  it('writes the four tarballs, with built code, types and no tests or sources', () => {
    for (const tarball of [tarballs.rules, tarballs.constructs, tarballs.pulumi, tarballs.audit]) {
      const files = run('tar', ['-tzf', tarball], tarballs.dir).stdout.split('\n').filter(Boolean);
      expect(files).toContain('package/package.json');
      expect(files).toContain('package/lib/index.js');
      expect(files).toContain('package/lib/index.d.ts');
      expect(
        files.filter((file) => /(^|\/)(src|test)\/|\.test\.|\.ts$(?<!\.d\.ts)|tsbuildinfo/.test(file)),
      ).toEqual([]);
    }
    const pulumiFiles = run('tar', ['-tzf', tarballs.pulumi], tarballs.dir).stdout;
    expect(pulumiFiles).toContain('package/policy-pack/PulumiPolicy.yaml');
    expect(pulumiFiles).toContain('package/policy-pack/lib/index.js');
    const auditFiles = run('tar', ['-tzf', tarballs.audit], tarballs.dir).stdout;
    expect(auditFiles).toContain('package/lib/cli/index.js');
    expect(auditFiles).toContain('package/permissions/cluster-role.yaml');
    expect(auditFiles).toContain('package/permissions/iam-policy.json');
  });
});

describe('an app repository with @eks-hardening/constructs and @eks-hardening/rules', () => {
  let app: string;
  beforeAll(() => {
    app = consumerDirectory('cdk8s-app', {
      'main.ts': readmeExample('constructs/main.ts'),
      'check.mjs': readmeExample('rules/check.mjs'),
      'tsconfig.json': `${JSON.stringify(CDK8S_APP_TSCONFIG, null, 2)}\n`,
    });
    for (const { specs, dev } of installSpecs(readmeExample('constructs/install'), tarballs)) {
      npmInstall(app, specs, { dev });
    }
  });
  afterAll(() => remove(app));

  it('installs no Pulumi package', () => {
    expect(existsSync(join(app, 'node_modules', '@pulumi'))).toBe(false);
    expect(readdirSync(join(app, 'node_modules', '@eks-hardening')).sort()).toEqual(['constructs', 'rules']);
  });

  const synthesized = () => readFileSync(join(app, 'dist', 'shop.k8s.yaml'), 'utf8');

  it('synthesizes the README example with ts-node, and harden check passes the output', () => {
    const [synth, check] = runNpxLines(readmeExample('constructs/run'), app);
    expect(synth!.argv).toEqual(['npx', 'ts-node', 'main.ts']);
    expect(synthesized()).toContain('kind: NetworkPolicy');
    expect(check!.argv).toEqual(['npx', 'harden', 'check', 'dist']);
    expect(check!.ran.stdout).toMatch(/^No findings: \d+ objects in 1 file/);
  });

  it('synthesizes the same output as CommonJS compiled by tsc and as an ES module', () => {
    const expected = synthesized();
    run('npx', ['tsc', '-p', '.'], app);
    run('node', ['main.js'], app);
    expect(synthesized()).toBe(expected);

    const ts = require(join(app, 'node_modules', 'typescript')) as typeof import('typescript');
    const esm = ts.transpileModule(readFileSync(join(app, 'main.ts'), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    expect(esm).toContain("from '@eks-hardening/constructs'");
    writeFileSync(join(app, 'main.mjs'), esm);
    run('node', ['main.mjs'], app);
    expect(synthesized()).toBe(expected);
  });

  it('runs the rules as a library from ESM and CommonJS', () => {
    const esm = run('node', ['check.mjs'], app).stdout;
    expect(esm).toContain("critical pss-privileged: Pod/debug: container 'shell' sets privileged: true");
    writeFileSync(
      join(app, 'check.cjs'),
      readmeExample('rules/check.mjs').replace(
        /^import \{([^}]+)\} from '@eks-hardening\/rules';/m,
        "const {$1} = require('@eks-hardening/rules');",
      ),
    );
    expect(run('node', ['check.cjs'], app).stdout).toBe(esm);
  });

  it('resolves harden paths from the directory the user runs it in', () => {
    mkdirSync(join(app, 'deploy'), { recursive: true });
    const fromSubdirectory = run('npx', ['harden', 'check', '../dist'], join(app, 'deploy'));
    expect(fromSubdirectory.stdout).toMatch(/^No findings: \d+ objects in 1 file/);
    const missing = run('npx', ['harden', 'check', 'no-such-dir'], app, { check: false });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-dir: no such file or directory');
  });

  it('imports existing manifests with harden import, from the installed constructs package', () => {
    writeFileSync(
      join(app, 'legacy.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: api }',
        'spec:',
        '  selector: { matchLabels: { app: api } }',
        '  template:',
        '    metadata: { labels: { app: api } }',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          image: registry.example.com/api:1.0',
        '          ports: [{ containerPort: 8080 }]',
        '',
      ].join('\n'),
    );
    const imported = run('npx', ['harden', 'import', 'legacy.yaml'], app);
    expect(imported.stdout).toContain("new HardenedDeployment(chart, 'api', {");
    expect(imported.stderr).toContain('harden import: review what was not carried over or changed');
  });

  it('says what to install for the commands of @eks-hardening/pulumi and @eks-hardening/audit', () => {
    const preview = run('npx', ['harden', 'preview'], app, { check: false });
    expect(preview.status).toBe(2);
    expect(preview.stderr).toContain('needs the package @eks-hardening/pulumi');
    const audit = run('npx', ['harden', 'audit', '--from', 'eks-evidence.json'], app, { check: false });
    expect(audit.status).toBe(2);
    expect(audit.stderr).toContain('needs the package @eks-hardening/audit');
  });
});

describe('a Pulumi program with @eks-hardening/pulumi', () => {
  let project: string;
  let installedPlan: StackPlan;
  let installedBaselinePlan: StackPlan;
  beforeAll(async () => {
    project = consumerDirectory('pulumi-program', {
      ...PULUMI_PROJECT,
      'index.ts': readmeExample('pulumi/index.ts'),
      // The README's second project, beside the first as `pulumi new typescript` would write it.
      'baseline/Pulumi.yaml': PULUMI_PROJECT['Pulumi.yaml'].replace(
        'name: prod-cluster',
        'name: prod-baseline',
      ),
      'baseline/tsconfig.json': PULUMI_PROJECT['tsconfig.json'],
      'baseline/index.ts': readmeExample('pulumi/baseline.ts'),
      'plan.js': [
        "const { writeFileSync } = require('node:fs');",
        "const { locateProgram, planProgramModule } = require('@eks-hardening/pulumi/offline');",
        '(async () => {',
        "  writeFileSync('plan.json', JSON.stringify(await planProgramModule(locateProgram('.', process.cwd()))));",
        "  const baseline = await planProgramModule(locateProgram('baseline', process.cwd()));",
        "  writeFileSync('baseline-plan.json', JSON.stringify(baseline));",
        '})();',
        '',
      ].join('\n'),
    });
    // The packages the user's README command names, plus the local tarballs of our packages it depends on
    // (not on the registry yet).
    npmInstall(project, [tarballs.rules, tarballs.constructs]);
    for (const { specs, dev } of installSpecs(readmeExample('pulumi/install'), tarballs)) {
      npmInstall(project, specs, { dev });
    }
    npmInstall(project, installSpecs('npm install --save-dev typescript', tarballs)[0]!.specs, { dev: true });
    run('node', ['plan.js'], project);
    installedPlan = JSON.parse(readFileSync(join(project, 'plan.json'), 'utf8')) as StackPlan;
    installedBaselinePlan = JSON.parse(
      readFileSync(join(project, 'baseline-plan.json'), 'utf8'),
    ) as StackPlan;
  });
  afterAll(() => remove(project));

  it('type-checks as Pulumi compiles it, both projects', () => {
    run('npx', ['tsc', '--noEmit', '-p', '.'], project);
    run('npx', ['tsc', '--noEmit', '-p', 'baseline'], project);
  });

  it("plans the same hardened resources as this repository's stack with the same settings", async () => {
    const settings = settingsOf(readmeExample('pulumi/index.ts'));
    const config = Object.fromEntries(
      Object.entries(settings).map(([key, value]) => [
        `eks-hardening:${key}`,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    );
    // This repository's program, as `pulumi up` runs it with these settings in its stack config.
    const repositoryPlan = await planProgram(async () => ({ ...require('../../blueprints/cluster') }), {
      project: 'eks-hardening',
      config,
    });
    expect(comparable(installedPlan)).toEqual(comparable(repositoryPlan));
    expect(installedPlan.resources.filter((resource) => resource.type === 'aws:eks/cluster:Cluster')).toEqual(
      [
        expect.objectContaining({
          inputs: expect.objectContaining({
            name: 'prod',
            vpcConfig: expect.objectContaining({ endpointPrivateAccess: true, endpointPublicAccess: false }),
          }),
        }),
      ],
    );
  });

  it('plans no Kubernetes object in the cluster project', () => {
    expect(installedPlan.resources.filter((resource) => resource.type.startsWith('kubernetes:'))).toEqual([]);
  });

  it("plans the same in-cluster baseline as this repository's baseline project, over its StackReference", async () => {
    // The baseline program's default export is an async function, which Pulumi runs for the stack's outputs.
    const program = require('../../blueprints/baseline') as {
      default: () => Promise<Record<string, unknown>>;
    };
    const repositoryPlan = await planProgram(async () => ({ ...(await program.default()) }), {
      project: 'eks-hardening-baseline',
    });
    expect(comparable(installedBaselinePlan)).toEqual(comparable(repositoryPlan));
    expect(installedBaselinePlan.resources.map((resource) => resource.type)).toEqual(
      expect.arrayContaining(['pulumi:providers:kubernetes', 'kubernetes:core/v1:Namespace']),
    );
  });

  it('previews offline with harden and the pack, as the README runs it', () => {
    const [preview] = runNpxLines(readmeExample('pulumi/run'), project);
    expect(preview!.argv).toEqual(['npx', 'harden', 'preview', '--program', '.']);
    expect(preview!.ran.stdout).toContain('No policy violations.');
  });

  describe('its policy pack, run from the installed folder as the Pulumi CLI runs it', () => {
    let analyzer: Analyzer;
    beforeAll(async () => {
      analyzer = await startAnalyzer({
        packDir: join(project, 'node_modules', '@eks-hardening', 'pulumi', 'policy-pack'),
      });
    });
    afterAll(() => analyzer?.stop());

    it('describes the pack: its name, the package version and one policy per rule', async () => {
      const info = await analyzer.getAnalyzerInfo();
      const version = (
        JSON.parse(readFileSync(join(REPO, 'stacks', 'package.json'), 'utf8')) as { version: string }
      ).version;
      expect(info).toMatchObject({ name: 'eks-hardening', version, supportsConfig: true });
      expect(info.policies.map((policy) => policy.name).sort()).toEqual(
        allRules.map((rule) => rule.id).sort(),
      );
    });

    it('passes the planned cluster and blocks a world-open public endpoint', async () => {
      await analyzer.configurePack({});
      const cluster = installedPlan.resources.find(
        (resource) => resource.type === 'aws:eks/cluster:Cluster',
      )!;
      expect(
        await analyzer.analyze({ type: cluster.type, name: cluster.name, properties: cluster.inputs }),
      ).toEqual([]);
      const open = await analyzer.analyze({
        type: 'aws:eks/cluster:Cluster',
        name: 'open',
        urn: urnOf('aws:eks/cluster:Cluster', 'open'),
        properties: {
          ...cluster.inputs,
          vpcConfig: {
            subnetIds: ['subnet-1', 'subnet-2'],
            endpointPublicAccess: true,
            publicAccessCidrs: ['0.0.0.0/0'],
          },
        },
      });
      expect(open).toContainEqual(
        expect.objectContaining({ policyName: 'eks-endpoint-private', enforcementLevel: 'mandatory' }),
      );
    });
  });
});

describe("an auditor's machine with @eks-hardening/audit", () => {
  let machine: string;
  beforeAll(async () => {
    // The evidence of the weak cluster, collected here (through the fake API server and mocked AWS APIs) and
    // carried to the auditor's machine as a file.
    const weak = await collectWeakCluster();
    const hardened = await hardenedBundle();
    machine = consumerDirectory('auditor', {
      'eks-evidence.json': JSON.stringify(weak),
      'planned.json': JSON.stringify(hardened),
    });
    for (const { specs, dev } of installSpecs(readmeExample('audit/install'), tarballs)) {
      npmInstall(machine, specs, { dev });
    }
  });
  afterAll(() => remove(machine));

  it('installs no Pulumi or cdk8s package', () => {
    expect(existsSync(join(machine, 'node_modules', '@pulumi'))).toBe(false);
    expect(existsSync(join(machine, 'node_modules', 'cdk8s'))).toBe(false);
    expect(readdirSync(join(machine, 'node_modules', '@eks-hardening')).sort()).toEqual(['audit', 'rules']);
  });

  it('scores the bundle as the README runs it: each weakness fails, with the scorecard written', () => {
    const [line] = commandsOf(readmeExample('audit/run'));
    expect(line).toEqual(['npx', 'harden', 'audit', '--from', 'eks-evidence.json']);
    const audit = run(line![0]!, line!.slice(1), machine, { check: false });
    expect(audit.stderr).toBe('');
    expect(audit.status).toBe(1);
    expect(audit.stdout).toContain('Compliance scorecard: EKS cluster prod (us-east-1)');
    const card = JSON.parse(readFileSync(join(machine, 'dist', 'audit', 'scorecard.json'), 'utf8')) as {
      controls: { control: { id: string }; status: string }[];
    };
    const failing = card.controls
      .filter((result) => result.status === 'fail')
      .map((result) => result.control.id);
    expect(failing).toEqual(expect.arrayContaining(Object.keys(WEAKNESSES)));
  });

  it('passes the cluster this repository plans', () => {
    const audit = run('npx', ['harden', 'audit', '--from', 'planned.json', '--out', 'planned'], machine);
    expect(audit.stdout).toContain('No findings on ');
  });

  it('lists audit and collect in harden --help', () => {
    const help = run('npx', ['harden', '--help'], machine).stdout;
    expect(help).toMatch(/\n {2}audit /);
    expect(help).toMatch(/\n {2}collect /);
  });
});

/** `harden collect` of the weak cluster, in this process, as the bundle it writes. */
async function collectWeakCluster(): Promise<unknown> {
  const server = await startKubeApiServer(weakKubernetes());
  const aws = mockAwsAccount(weakAccount());
  const dir = mkdtempSync(join(tmpdir(), 'evidence-'));
  const out = join(dir, 'eks-evidence.json');
  try {
    await runCli(['collect', '--kubeconfig', server.kubeconfig(), '--out', out]);
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    aws.restore();
    await server.close();
    remove(dir);
  }
}

/** The settings object literal of the README's `new HardenedEksCluster('eks', { … })`. */
function settingsOf(program: string): Record<string, unknown> {
  const literal = /new HardenedEksCluster\('eks', (\{[\s\S]*?\})\);/.exec(program)?.[1];
  if (!literal) throw new Error("the README's Pulumi example has no new HardenedEksCluster('eks', { … })");
  return new Function(`return (${literal});`)() as Record<string, unknown>;
}

/** A plan without what names the project and stack (URNs, the stack resource), sorted. */
function comparable(plan: StackPlan): string[] {
  return plan.resources
    .filter((resource) => resource.type !== 'pulumi:pulumi:Stack')
    .map((resource) => JSON.stringify({ type: resource.type, name: resource.name, inputs: resource.inputs }))
    .sort();
}
