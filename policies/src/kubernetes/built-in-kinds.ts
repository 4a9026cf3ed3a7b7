import type { Manifest } from '../engine/types';
import { asString, kindOf } from './object';

/**
 * The API groups that serve each built-in kind the rules read. `extensions` served Deployments, DaemonSets,
 * ReplicaSets, Ingresses and NetworkPolicies until Kubernetes 1.16 and 1.22, and old manifests still say so.
 */
const BUILT_IN_GROUPS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['Pod', ['']],
  ['PodTemplate', ['']],
  ['ReplicationController', ['']],
  ['ServiceAccount', ['']],
  ['ConfigMap', ['']],
  ['Secret', ['']],
  ['Service', ['']],
  ['Namespace', ['']],
  ['Deployment', ['apps', 'extensions']],
  ['DaemonSet', ['apps', 'extensions']],
  ['ReplicaSet', ['apps', 'extensions']],
  ['StatefulSet', ['apps']],
  ['Job', ['batch']],
  ['CronJob', ['batch']],
  ['Role', ['rbac.authorization.k8s.io']],
  ['ClusterRole', ['rbac.authorization.k8s.io']],
  ['RoleBinding', ['rbac.authorization.k8s.io']],
  ['ClusterRoleBinding', ['rbac.authorization.k8s.io']],
  ['Ingress', ['networking.k8s.io', 'extensions']],
  ['NetworkPolicy', ['networking.k8s.io', 'extensions']],
  ['KubeletConfiguration', ['kubelet.config.k8s.io']],
]);

/** The API group of an object's `apiVersion` (`apps` of `apps/v1`); `''` for the core group (`v1`). */
export function groupOf(manifest: Manifest): string {
  const apiVersion = asString(manifest.apiVersion) ?? '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * True for an object whose kind has the name of a built-in kind but whose API group does not serve it: a
 * Volcano `batch.volcano.sh` Job, a Knative `serving.knative.dev` Service, an ACK `iam.services.k8s.aws`
 * Role. The rules of the built-in kind do not apply to it, as Pod Security Admission reads pods by group and
 * resource, not by kind. False for every other object, and for one without an `apiVersion` (the loader
 * reports that).
 */
export function isLookalike(manifest: Manifest): boolean {
  const groups = BUILT_IN_GROUPS.get(kindOf(manifest));
  if (!groups || manifest.apiVersion === undefined) return false;
  return !groups.includes(groupOf(manifest));
}
