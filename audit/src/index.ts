/**
 * `@eks-hardening/audit`: score a running EKS cluster, built with any tool, against the controls of
 * `@eks-hardening/rules`. Read the cluster (read-only) into an evidence bundle with {@link collectEvidence},
 * score a bundle with {@link auditBundle}, and build the scorecard with `buildScorecard` from
 * `@eks-hardening/rules/cli`. `harden audit` and `harden collect` (this package's `cli` export) do all three.
 *
 * ```ts
 * import { auditBundle, readBundle } from '@eks-hardening/audit';
 * const { part, gaps } = auditBundle(readBundle('eks-evidence.json'));
 * ```
 */
export {
  type AwsClients,
  createAwsClients,
  guardReadOnly,
  NotReadOnlyError,
  READ_ONLY_COMMAND,
} from './aws/clients';
export { type AwsCollection, collectAws } from './aws/collect-aws';
export * from './aws/resource-inputs';
export * from './bundle';
export { type CollectProgress, type CollectRequest, collectEvidence } from './collect';
export {
  type AuditResult,
  type AuditSettings,
  auditBundle,
  kubernetesInputs,
  rulesMissing,
  type ScoredGap,
  SOURCES,
} from './evaluate';
export { collectKubernetes, type KubernetesCollection, PAGE_SIZE } from './kubernetes/collect-kubernetes';
export { kindsReadBy, kindsToRead, type WantedKind } from './kubernetes/kinds';
export {
  eksClusterOf,
  type KubeAnswer,
  type KubeApi,
  KubeconfigError,
  type KubeconfigOptions,
  type KubeTarget,
  openKubeApi,
} from './kubernetes/kube-api';
export { renderAuditText, renderGaps } from './render-text';
export { name, version } from './version';
