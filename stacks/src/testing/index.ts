/**
 * `@eks-hardening/pulumi/testing`: plan a Pulumi program under `pulumi.runtime.setMocks` (no engine, no
 * plugins, no cloud account) and get every resource it registered with its inputs. The mocks answer the
 * provider functions this package's components call, for a realistic account.
 */
export * from './mock-state';
export * from './plan';
