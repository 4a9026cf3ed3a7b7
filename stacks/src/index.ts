/**
 * `@eks-hardening/pulumi`: a hardened Amazon EKS cluster as Pulumi components.
 *
 * ```ts
 * import { HardenedEksCluster } from '@eks-hardening/pulumi';
 * const cluster = new HardenedEksCluster('prod', { clusterName: 'prod' });
 * export const kubeconfig = cluster.kubeconfig;
 * ```
 *
 * The in-cluster baseline is a second stack, run where the API endpoint is reachable:
 *
 * ```ts
 * import { ClusterBaseline, ClusterConnection } from '@eks-hardening/pulumi';
 * const cluster = new ClusterConnection('cluster', { stack: 'acme/infra/prod' });
 * new ClusterBaseline('baseline', { provider: cluster.provider });
 * ```
 *
 * `HardenedEksCluster` composes the components below (each usable on its own) over pure, exported builders.
 * The CrossGuard policy pack is the folder `policy-pack/` of this package; `./testing` plans programs under
 * Pulumi's mock runtime, `./offline` runs the pack over such a plan in process.
 */
export * from './aws-credentials';
export * from './baseline-config';
export * from './baseline-program';
export * from './bottlerocket';
export * from './cluster-addons';
export * from './cluster-baseline';
export * from './cluster-connection';
export * from './cluster-kms';
export * from './cluster-roles';
export * from './component-type';
export * from './config';
export * from './container-registry';
export * from './falco';
export * from './hardened-cluster';
export * from './hardened-eks-cluster';
export * from './hardened-network';
export * from './hardened-node-group';
export * from './node-updates';
export * from './policy-document';
export * from './private-egress';
export * from './threat-detection';
export { version } from './version';
export * from './versions';
