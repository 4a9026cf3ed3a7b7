import {
  KubeLimitRange,
  KubeNamespace,
  KubeNetworkPolicy,
  KubeResourceQuota,
  KubeRole,
  KubeRoleBinding,
  KubeServiceAccount,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct, type IConstruct } from 'constructs';
import { exemptionAnnotations, type RuleExemption } from './exemptions';
import type { INamespaceRef } from './hardened-workload';
import { L1Object } from './l1-object';
import { checkDnsLabel, checkLabels, MANAGED_BY, MANAGED_BY_LABEL } from './names';
import { dnsEgressRule } from './network-peer';
import { invalidProp } from './prop-error';
import { parseQuantity } from './quantity';
import { checkRbacRules } from './rbac';
import { type ResourcesProps, resolveResources } from './resources';
import { TEAM_ACCESS_LEVELS, TEAM_ACCESS_RULES, type TeamAccess } from './team-access';

/** The Pod Security Admission label prefix. */
export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/**
 * Totals a namespace may not exceed (a ResourceQuota). NodePort Services are always 0; LoadBalancer
 * Services are 0 unless the namespace needs some.
 */
export interface NamespaceQuotaProps {
  /** Sum of CPU requests. @default '4' */
  readonly requestsCpu?: string;
  /** Sum of memory requests. @default '8Gi' */
  readonly requestsMemory?: string;
  /** Sum of CPU limits. @default '8' */
  readonly limitsCpu?: string;
  /** Sum of memory limits. @default '16Gi' */
  readonly limitsMemory?: string;
  /** Number of pods. @default 50 */
  readonly pods?: number;
  /** Number of PersistentVolumeClaims. @default 10 */
  readonly persistentVolumeClaims?: number;
  /**
   * Number of LoadBalancer Services. Raised to what the constructs of this namespace need (each
   * `HardenedLoadBalancer` in it counts one). @default 0
   */
  readonly loadBalancers?: number;
}

/** Props of {@link HardenedNamespace}. */
export interface HardenedNamespaceProps {
  /** Namespace name. @default the construct id */
  readonly name?: string;
  /**
   * Pod Security Standards version the `enforce`, `audit` and `warn` labels pin (`v1.N`), so a cluster
   * upgrade never changes what is admitted silently. @default 'v1.34' (the oldest Kubernetes version the stack offers)
   */
  readonly podSecurityVersion?: string;
  /** Extra labels for the Namespace. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default see {@link NamespaceQuotaProps} */
  readonly quota?: NamespaceQuotaProps;
  /** Requests and limits a container gets when it sets none (a LimitRange). @default the workload defaults */
  readonly containerDefaults?: ResourcesProps;
  /** Groups given read-only or deployer access (a Role and a RoleBinding each). @default none */
  readonly teams?: readonly TeamAccess[];
  /** Rules that do not apply to the Namespace object, each with a reason. @default none */
  readonly exemptions?: readonly RuleExemption[];
}

/** Defaults of {@link HardenedNamespaceProps}. */
export const NAMESPACE_DEFAULTS = {
  podSecurityVersion: 'v1.34',
  quota: {
    requestsCpu: '4',
    requestsMemory: '8Gi',
    limitsCpu: '8',
    limitsMemory: '16Gi',
    pods: 50,
    persistentVolumeClaims: 10,
    loadBalancers: 0,
  } satisfies Required<NamespaceQuotaProps>,
};

/**
 * A namespace for one application, hardened: Pod Security Admission `restricted` (enforce, audit and warn,
 * each pinned to a version), a default-deny NetworkPolicy for ingress and egress plus one that lets every
 * pod resolve DNS, a ResourceQuota (no NodePort or LoadBalancer Services), a LimitRange, the `default`
 * ServiceAccount with its token unmounted, and least-privilege access for the named teams.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class HardenedNamespace extends Construct implements INamespaceRef {
  /** The HardenedNamespace named `name` in the app `scope` belongs to, if the app has one. */
  static find(scope: IConstruct, name: string): HardenedNamespace | undefined {
    return scope.node.root.node
      .findAll()
      .find(
        (child): child is HardenedNamespace =>
          child instanceof HardenedNamespace && child.namespaceName === name,
      );
  }

  readonly namespaceName: string;
  readonly podSecurityVersion: string;
  /** LoadBalancer Services the constructs of this namespace create, by construct path. */
  private readonly loadBalancers = new Set<string>();

  constructor(scope: Construct, id: string, props: HardenedNamespaceProps = {}) {
    super(scope, id);
    const name = checkDnsLabel(
      this,
      props.name === undefined ? 'name (the construct id)' : 'name',
      props.name ?? id,
    );
    if (name === 'default' || name.startsWith('kube-')) {
      throw invalidProp(
        this,
        'name',
        name,
        "must not be 'default' or a kube-* system namespace",
        'Name the namespace after the application, e.g. "shop".',
      );
    }
    this.namespaceName = name;
    const version = props.podSecurityVersion ?? NAMESPACE_DEFAULTS.podSecurityVersion;
    if (!/^v1\.(0|[1-9][0-9]*)$/.test(version)) {
      throw invalidProp(
        this,
        'podSecurityVersion',
        version,
        "must be a pinned version 'v1.N' (not 'latest')",
        "Use the cluster's minor version, e.g. 'v1.34'.",
      );
    }
    this.podSecurityVersion = version;
    const own = { [MANAGED_BY_LABEL]: MANAGED_BY };
    const psa: Record<string, string> = {};
    for (const mode of ['enforce', 'audit', 'warn']) {
      psa[`${PSA_LABEL_PREFIX}${mode}`] = 'restricted';
      psa[`${PSA_LABEL_PREFIX}${mode}-version`] = version;
    }
    const annotations = exemptionAnnotations(this, 'exemptions', props.exemptions ?? []);
    new L1Object(this, 'Resource', KubeNamespace, {
      metadata: {
        name,
        labels: { ...checkLabels(this, 'labels', props.labels ?? {}), ...own, ...psa },
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
    });
    const metadata = (objectName: string) => ({ name: objectName, namespace: name, labels: { ...own } });

    new L1Object(this, 'DefaultDeny', KubeNetworkPolicy, {
      metadata: metadata('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new L1Object(this, 'AllowDns', KubeNetworkPolicy, {
      metadata: metadata('allow-dns'),
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [dnsEgressRule()] },
    });

    const quota = { ...NAMESPACE_DEFAULTS.quota, ...props.quota };
    const amount = (prop: keyof NamespaceQuotaProps) => {
      const value = quota[prop];
      const parsed = typeof value === 'string' ? parseQuantity(value) : undefined;
      if (parsed === undefined || parsed <= 0) {
        throw invalidProp(
          this,
          `quota.${prop}`,
          value,
          'must be a positive quantity',
          "Write it like '4' (cores) or '8Gi'.",
        );
      }
      return { text: value as string, value: parsed };
    };
    const count = (prop: 'pods' | 'persistentVolumeClaims' | 'loadBalancers') => {
      const value = quota[prop];
      if (!Number.isInteger(value) || value < 0) {
        throw invalidProp(
          this,
          `quota.${prop}`,
          value,
          'must be a whole number',
          `Set quota.${prop} to 0 or more.`,
        );
      }
      return String(value);
    };
    const [requestsCpu, limitsCpu, requestsMemory, limitsMemory] = (
      ['requestsCpu', 'limitsCpu', 'requestsMemory', 'limitsMemory'] as const
    ).map(amount) as [
      ReturnType<typeof amount>,
      ReturnType<typeof amount>,
      ReturnType<typeof amount>,
      ReturnType<typeof amount>,
    ];
    for (const [limit, request, prop] of [
      [limitsCpu, requestsCpu, 'limitsCpu'],
      [limitsMemory, requestsMemory, 'limitsMemory'],
    ] as const) {
      if (limit.value < request.value) {
        throw invalidProp(
          this,
          `quota.${prop}`,
          limit.text,
          `must be at least the requests total (${request.text})`,
          `Raise quota.${prop} or lower the requests total.`,
        );
      }
    }
    const loadBalancers = Number(count('loadBalancers'));
    const needed = this.loadBalancers;
    new L1Object(this, 'ResourceQuota', KubeResourceQuota, {
      metadata: metadata('default'),
      spec: {
        hard: {
          // Read at synth, so load balancers declared after the namespace raise it.
          get 'services.loadbalancers'() {
            return Quantity.fromString(String(Math.max(loadBalancers, needed.size)));
          },
          'requests.cpu': Quantity.fromString(requestsCpu.text),
          'requests.memory': Quantity.fromString(requestsMemory.text),
          'limits.cpu': Quantity.fromString(limitsCpu.text),
          'limits.memory': Quantity.fromString(limitsMemory.text),
          pods: Quantity.fromString(count('pods')),
          persistentvolumeclaims: Quantity.fromString(count('persistentVolumeClaims')),
          'services.nodeports': Quantity.fromString('0'),
        },
      },
    });

    const defaults = resolveResources(this, 'containerDefaults', props.containerDefaults);
    const limits = {
      cpu: Quantity.fromString(defaults.cpu.limit),
      memory: Quantity.fromString(defaults.memory.limit),
      'ephemeral-storage': Quantity.fromString(defaults.ephemeralStorage.limit),
    };
    const requests = {
      cpu: Quantity.fromString(defaults.cpu.request),
      memory: Quantity.fromString(defaults.memory.request),
      'ephemeral-storage': Quantity.fromString(defaults.ephemeralStorage.request),
    };
    new L1Object(this, 'LimitRange', KubeLimitRange, {
      metadata: metadata('default'),
      spec: { limits: [{ type: 'Container', default: limits, defaultRequest: requests }] },
    });

    // The ServiceAccount every namespace gets; pods that name none use it. Server-side apply takes it over.
    new L1Object(this, 'DefaultServiceAccount', KubeServiceAccount, {
      metadata: metadata('default'),
      automountServiceAccountToken: false,
    });

    this.addTeams(props.teams ?? [], metadata);
  }

  /**
   * Counts a LoadBalancer Service the construct `by` creates in this namespace, raising the quota's
   * `services.loadbalancers` to fit.
   */
  reserveLoadBalancer(by: IConstruct): void {
    this.loadBalancers.add(by.node.path);
  }

  private addTeams(
    teams: readonly TeamAccess[],
    metadata: (name: string) => { name: string; namespace: string; labels: Record<string, string> },
  ): void {
    const levels = new Set<string>();
    const bindings = new Set<string>();
    teams.forEach((team, index) => {
      const at = `teams[${index}]`;
      if (!TEAM_ACCESS_LEVELS.includes(team.access)) {
        throw invalidProp(
          this,
          `${at}.access`,
          team.access,
          `must be one of ${TEAM_ACCESS_LEVELS.join(', ')}`,
          "Use 'read-only' or 'deployer'.",
        );
      }
      if (
        typeof team.group !== 'string' ||
        team.group.trim() === '' ||
        team.group.includes('*') ||
        team.group.startsWith('system:')
      ) {
        throw invalidProp(
          this,
          `${at}.group`,
          team.group,
          "must be a group name, not empty, without '*' and not a 'system:' group",
          'Use the group your EKS access entries map the team to, e.g. "shop-developers".',
        );
      }
      if (teams.findIndex((other) => other.group === team.group) !== index) {
        throw invalidProp(
          this,
          `${at}.group`,
          team.group,
          'must appear once',
          'Give each group one access level.',
        );
      }
      const role = `team-${team.access}`;
      if (!levels.has(team.access)) {
        levels.add(team.access);
        new L1Object(this, `Role-${team.access}`, KubeRole, {
          metadata: metadata(role),
          rules: checkRbacRules(this, `teams (${team.access} preset)`, TEAM_ACCESS_RULES[team.access]),
        });
      }
      const slug = team.group
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40);
      const binding = new L1Object(this, `Team-${index}`, KubeRoleBinding, {
        // Distinct groups may slug alike ('a.b', 'a-b'): the index keeps their bindings apart.
        metadata: metadata(
          bindings.has(`${role}-${slug}`) || slug === '' ? `${role}-${slug}-${index}` : `${role}-${slug}`,
        ),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: team.group }],
      });
      bindings.add(binding.name);
    });
  }
}
