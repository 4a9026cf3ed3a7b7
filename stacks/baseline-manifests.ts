import { clusterBaselineManifests } from '../blueprints';
import type { KubernetesObject } from './cluster-baseline';

/**
 * The in-cluster baseline the program deploys: the hardened namespaces and policies synthesized by the
 * cdk8s blueprint `blueprints/cluster-baseline.ts` (the one place the stack, `harden preview` and the pack
 * tests take the baseline from).
 */
export function baselineManifests(): KubernetesObject[] {
  return clusterBaselineManifests() as KubernetesObject[];
}
