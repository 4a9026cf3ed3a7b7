/**
 * `@eks-hardening/rules`: the controls catalog, the rules engine and every rule, as pure functions over plain
 * data (Kubernetes manifests, or a cloud resource's inputs). The `harden` command, the cdk8s constructs and the
 * CrossGuard policy pack are thin adapters over what this module exports.
 *
 * ```ts
 * import { evaluateManifests, PSS_LATEST, ruleOptions, rulesForProfile } from '@eks-hardening/rules';
 * const { findings } = evaluateManifests([{ key: 'pod.yaml', manifest }], {
 *   rules: rulesForProfile('all', PSS_LATEST),
 *   options: ruleOptions(),
 * });
 * ```
 */
export * from './admission';
export * from './aws/bottlerocket-settings';
export * from './catalog';
export * from './catalog/references';
export * from './catalog/stages';
export { closest } from './cli/did-you-mean';
export * from './engine/evaluate-manifests';
export * from './engine/exemptions';
export * from './engine/options';
export * from './engine/profiles';
export * from './engine/pss-version';
export * from './engine/result';
export * from './engine/severity';
export * from './engine/types';
export * from './engine/unknown';
export * from './kubernetes/built-in-kinds';
export * from './kubernetes/container-images';
export * from './kubernetes/kubelet-config';
export * from './kubernetes/label-selector';
export * from './kubernetes/network-policy';
export * from './kubernetes/object';
export * from './kubernetes/pod-template';
export * from './registry';
export { EKS_CONTROL_PLANE_LOG_TYPES } from './rules/eks-control-plane-logging';
export { parseCidr } from './rules/eks-endpoint-private';
export {
  EKS_VERSION_CALENDAR,
  type EksSupportStatus,
  type EksVersionSupport,
  eksSupportStatus,
} from './rules/eks-version-supported';
export { credentialName, credentialValue } from './rules/no-secret-literal-env';
export { version } from './version';
