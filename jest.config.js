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
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  transformIgnorePatterns: ['/node_modules/(?!kubernetes-models|@kubernetes-models)'],
  moduleNameMapper: sources,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/[^/]+/lib/', '<rootDir>/stacks/policy-pack/lib/'],
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 30000,
};
