/**
 * Jest runs the TypeScript sources through SWC (no type-check: `npm run typecheck` does that once for the whole
 * tree). The packages resolve to their sources here, as tsconfig.json `paths` maps them; the tests of what a
 * user installs (test/packages/) pack, install and run the built packages instead.
 */
const sources = {
  '^@eks-hardening/rules$': '<rootDir>/policies/src/index.ts',
  '^@eks-hardening/rules/cli$': '<rootDir>/policies/src/cli/index.ts',
  '^@eks-hardening/constructs$': '<rootDir>/constructs/src/index.ts',
  '^@eks-hardening/constructs/cli$': '<rootDir>/constructs/src/cli.ts',
  '^@eks-hardening/pulumi$': '<rootDir>/stacks/src/index.ts',
  '^@eks-hardening/pulumi/cli$': '<rootDir>/stacks/src/cli/index.ts',
  '^@eks-hardening/pulumi/offline$': '<rootDir>/stacks/src/offline.ts',
  '^@eks-hardening/pulumi/testing$': '<rootDir>/stacks/src/testing/index.ts',
  '^@eks-hardening/audit$': '<rootDir>/audit/src/index.ts',
  '^@eks-hardening/audit/cli$': '<rootDir>/audit/src/cli/index.ts',
};

/**
 * Packages in node_modules published as ES modules only, which jest's CommonJS runtime cannot require on
 * Node.js 22: SWC compiles them like our sources. `@kubernetes/client-node` (and what it imports) is loaded by
 * `@eks-hardening/audit`, where Node.js itself requires it as an ES module.
 */
const ESM_ONLY = [
  'kubernetes-models',
  '@kubernetes-models',
  '@kubernetes/client-node',
  'jsonpath-plus',
  '@jsep-plugin',
  'jsep',
  'openid-client',
  'jose',
  'oauth4webapi',
  'rfc4648',
  'socks-proxy-agent',
  'agent-base',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY.join('|')})`],
  moduleNameMapper: sources,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/[^/]+/lib/', '<rootDir>/stacks/policy-pack/lib/'],
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 30000,
};
