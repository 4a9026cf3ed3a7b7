/** Where the API server serves a kind the rules read: its API group and the resource (plural) name. */
export interface KindResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  /** Subresources whose writes carry the whole object and change what the rules read (a Pod's ephemeral containers). */
  readonly subresources?: readonly string[];
}

/**
 * The resources of every kind a Kubernetes rule reads, at the API version the admission forms are written
 * for. A rule whose kind is missing here has no admission form (the registry test says so).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */
export const KIND_RESOURCES: Readonly<Record<string, KindResource>> = {
  Pod: { group: '', version: 'v1', resource: 'pods', subresources: ['ephemeralcontainers'] },
  PodTemplate: { group: '', version: 'v1', resource: 'podtemplates' },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps' },
  ServiceAccount: { group: '', version: 'v1', resource: 'serviceaccounts' },
  Service: { group: '', version: 'v1', resource: 'services' },
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  Ingress: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' },
  Role: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
  RoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  ClusterRoleBinding: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
};

/** A rule of `matchConstraints.resourceRules` / `excludeResourceRules`. */
export interface ResourceRule {
  readonly apiGroups: string[];
  readonly apiVersions: string[];
  readonly operations: string[];
  readonly resources: string[];
  readonly resourceNames?: string[];
}

/**
 * The resource rules matching `kinds`, one per API group, in the order the kinds are given; with
 * `subresources`, each kind's listed subresources are matched too.
 */
export function resourceRules(
  kinds: readonly string[],
  operations: readonly string[],
  options: { readonly subresources?: boolean; readonly resourceNames?: readonly string[] } = {},
): ResourceRule[] {
  const byGroup = new Map<string, ResourceRule>();
  for (const kind of kinds) {
    const found = KIND_RESOURCES[kind];
    if (!found) throw new Error(`no API resource is known for kind ${kind}; add it to KIND_RESOURCES`);
    const key = `${found.group}/${found.version}`;
    let rule = byGroup.get(key);
    if (!rule) {
      rule = {
        apiGroups: [found.group],
        apiVersions: [found.version],
        operations: [...operations],
        resources: [],
        ...(options.resourceNames ? { resourceNames: [...options.resourceNames] } : {}),
      };
      byGroup.set(key, rule);
    }
    rule.resources.push(found.resource);
    if (options.subresources) {
      for (const sub of found.subresources ?? []) rule.resources.push(`${found.resource}/${sub}`);
    }
  }
  return [...byGroup.values()];
}
