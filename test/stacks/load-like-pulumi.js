// Loads a program (LOAD_PROGRAM, a path from the repository root; default the Pulumi.yaml main,
// blueprints/cluster.ts, of project LOAD_PROJECT, default eks-hardening) the way `pulumi up` does (the nodejs language host's cmd/run/run.js): through
// Pulumi's TypeScript loader (ts-node, type-checking against ./tsconfig.json), with configuration from the
// PULUMI_CONFIG environment variable, but under the mock runtime instead of an engine. Prints a JSON summary.
const path = require('node:path');

const pulumiDir = path.dirname(require.resolve('@pulumi/pulumi/package.json'));
const tsutils = require(path.join(pulumiDir, 'tsutils.js'));
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  project: 'tsconfig.json',
  skipProject: false,
  compilerOptions: {
    target: 'ES2020',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    sourceMap: 'true',
    ...tsutils.loadTypeScriptCompilerOptions('tsconfig.json'),
  },
});

const pulumi = require('@pulumi/pulumi');
const {
  DEFAULT_MOCK_ENVIRONMENT,
  mockCall,
  mockResourceState,
} = require('../../stacks/src/testing/mock-state.ts');

const types = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      types.push(args.type);
      return mockResourceState(args, DEFAULT_MOCK_ENVIRONMENT);
    },
    call: (args) => mockCall(args, DEFAULT_MOCK_ENVIRONMENT),
  },
  process.env.LOAD_PROJECT || 'eks-hardening',
  'dev',
  true,
  'organization',
);
const program = path.join(__dirname, '..', '..', process.env.LOAD_PROGRAM || 'blueprints/cluster.ts');
pulumi.runtime
  .runInPulumiStack(async () => {
    // As Pulumi's Node.js runtime does: the default export when there is one, and a function is run for the outputs.
    const loaded = require(program);
    const exported = Object.getOwnPropertyDescriptor(loaded, 'default') ? loaded.default : loaded;
    return typeof exported === 'function' ? await exported() : exported;
  })
  .then(async (outputs) => {
    await pulumi.runtime.disconnect();
    process.stdout.write(JSON.stringify({ types, outputs }));
  })
  .catch((error) => {
    process.stderr.write(String(error instanceof Error ? error.message : error));
    process.exit(1);
  });
