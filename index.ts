/** The package entry point (`main`): the hardened cdk8s constructs. */
export * from './constructs';
