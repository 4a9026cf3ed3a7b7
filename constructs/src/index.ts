/**
 * Hardened cdk8s constructs: compose them in a chart and the manifests pass every rule of this project.
 *
 * ```ts
 * const chart = new Chart(app, 'shop', { namespace: 'shop' });
 * new HardenedNamespace(chart, 'shop');
 * new HardenedDeployment(chart, 'api', { image: '…@sha256:…', ports: [{ name: 'http', port: 8080 }], … });
 * enforceRules(app);
 * ```
 */
export * from './cluster-baseline-chart';
export * from './env';
export * from './exemptions';
export * from './hardened-autoscaler';
export * from './hardened-cron-job';
export * from './hardened-daemon-set';
export * from './hardened-deployment';
export * from './hardened-external-secret';
export * from './hardened-ingress';
export * from './hardened-job';
export * from './hardened-load-balancer';
export * from './hardened-namespace';
export * from './hardened-stateful-set';
export * from './hardened-workload';
export * from './image';
export * from './l1-object';
export * from './names';
export * from './network-peer';
export * from './pod-hardening';
export * from './ports';
export * from './probe';
export * from './prop-error';
export * from './quantity';
export * from './rbac';
export * from './resources';
export * from './secrets';
export * from './secure-defaults';
export * from './team-access';
export * from './validate-chart';
