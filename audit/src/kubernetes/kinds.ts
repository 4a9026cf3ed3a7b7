import {
  KUBELET_CONFIGURATION_KIND,
  type KubernetesRule,
  kubernetesRules,
  POD_BEARING_KINDS,
  pssRules,
} from '@eks-hardening/rules';

/**
 * The kinds a whole-input rule reads, which its type does not declare: namespace-default-deny looks at
 * Namespaces, NetworkPolicies and the workloads in each namespace.
 */
const SET_RULE_KINDS: Readonly<Record<string, readonly string[]>> = {
  'namespace-default-deny': ['Namespace', 'NetworkPolicy', ...POD_BEARING_KINDS],
};

/** The API group of each kind the rules read (the core group is ''). */
const KIND_GROUPS: Readonly<Record<string, string>> = {
  Pod: '',
  PodTemplate: '',
  ReplicationController: '',
  Service: '',
  ServiceAccount: '',
  ConfigMap: '',
  Namespace: '',
  Secret: '',
  Node: '',
  Deployment: 'apps',
  DaemonSet: 'apps',
  StatefulSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Ingress: 'networking.k8s.io',
  NetworkPolicy: 'networking.k8s.io',
  Role: 'rbac.authorization.k8s.io',
  ClusterRole: 'rbac.authorization.k8s.io',
  RoleBinding: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
};

/** A kind to list, in the API group it belongs to. */
export interface WantedKind {
  readonly kind: string;
  /** The API group ('' for core); undefined when discovery should find the kind in any group. */
  readonly group: string | undefined;
}

/** The kinds each rule reads (object rules by their `kinds`, whole-input rules by {@link SET_RULE_KINDS}). */
export function kindsReadBy(rule: KubernetesRule): readonly string[] {
  return rule.target === 'kubernetes' ? rule.kinds : (SET_RULE_KINDS[rule.id] ?? []);
}

/**
 * Every kind `harden audit` lists, in all namespaces: what any Kubernetes rule reads (so a new rule's kind is
 * read without a change here), Nodes (to fetch each kubelet's configuration) and Secrets (listed by name and
 * type only, as evidence).
 */
export function kindsToRead(): WantedKind[] {
  const rules: readonly KubernetesRule[] = [...pssRules, ...kubernetesRules];
  const kinds = new Set<string>(rules.flatMap(kindsReadBy));
  kinds.delete(KUBELET_CONFIGURATION_KIND);
  for (const extra of ['Node', 'Secret']) kinds.add(extra);
  return [...kinds].sort().map((kind) => ({ kind, group: KIND_GROUPS[kind] }));
}
