import type { RbacRule } from './rbac';

/** Access presets a team can get to a namespace, least first. */
export const TEAM_ACCESS_LEVELS = ['read-only', 'deployer'] as const;
/** One of {@link TEAM_ACCESS_LEVELS}. */
export type TeamAccessLevel = (typeof TEAM_ACCESS_LEVELS)[number];

/** A group (as the cluster's authenticator names it, e.g. an EKS access entry's group) and its access. */
export interface TeamAccess {
  /** Kubernetes group name, e.g. `shop-developers`. */
  readonly group: string;
  readonly access: TeamAccessLevel;
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

/** What workloads are made of, readable by every preset. Never Secrets. */
const WORKLOAD_RESOURCES: readonly RbacRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/log',
      'services',
      'endpoints',
      'configmaps',
      'serviceaccounts',
      'persistentvolumeclaims',
      'events',
      'resourcequotas',
      'limitranges',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
    verbs: READ,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: READ },
];

/**
 * The RBAC rules of each preset.
 * - `read-only`: read workloads, their logs and events; never Secrets.
 * - `deployer`: also create, change and delete workloads, Services, ConfigMaps, autoscalers, PDBs and
 *   ExternalSecrets. Not NetworkPolicies (that would let a deployer undo the default deny), not RBAC, not
 *   Secrets, not pods/exec.
 */
export const TEAM_ACCESS_RULES: Readonly<Record<TeamAccessLevel, readonly RbacRule[]>> = {
  'read-only': WORKLOAD_RESOURCES,
  deployer: [
    ...WORKLOAD_RESOURCES,
    { apiGroups: [''], resources: ['services', 'configmaps'], verbs: WRITE },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: WRITE },
    {
      apiGroups: ['apps'],
      resources: ['deployments/scale', 'statefulsets/scale'],
      verbs: ['update', 'patch'],
    },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
    { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], verbs: WRITE },
  ],
};
