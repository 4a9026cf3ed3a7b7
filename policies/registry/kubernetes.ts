import type { ManifestRule, ManifestSetRule } from '../engine/types';

/** Kubernetes rules beyond the Pod Security Standards (NSA/CISA, CIS EKS, best practice). */
export const kubernetesRules: readonly (ManifestRule | ManifestSetRule)[] = [];
