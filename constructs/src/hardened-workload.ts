import { type ApiObjectMetadata, Chart } from 'cdk8s';
import {
  IntOrString,
  KubeNetworkPolicy,
  KubePodDisruptionBudget,
  KubeRole,
  KubeRoleBinding,
  KubeService,
  KubeServiceAccount,
  type KubeServiceProps,
  type NetworkPolicyEgressRule,
  type NetworkPolicyIngressRule,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { exemptionAnnotations, type RuleExemption } from './exemptions';
import { L1Object } from './l1-object';
import {
  checkDnsLabel,
  checkLabels,
  checkWorkloadName,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  NAME_LABEL,
} from './names';
import {
  type EgressPort,
  type EgressRule,
  type IngressRule,
  type IWorkloadEndpoint,
  type NetworkPeer,
  renderEgress,
  renderIngress,
} from './network-peer';
import {
  type HardenedContainerProps,
  type HardenedPod,
  hardenedPod,
  type Justification,
  type PodOptions,
} from './pod-hardening';
import { type PortRef, type ResolvedPort, resolvePorts } from './ports';
import { invalidProp } from './prop-error';
import { checkRbacRules, type RbacRule } from './rbac';

/** A namespace a workload may live in: a name, or a HardenedNamespace. */
export interface INamespaceRef {
  readonly namespaceName: string;
}

/** Access to the Kubernetes API: mounts the service account token (exempting the automount rule). */
export interface ApiAccess extends Justification {
  /** RBAC rules granted to the workload's service account in its namespace. @default none */
  readonly rules?: readonly RbacRule[];
}

/** Props every hardened workload (Deployment, StatefulSet, DaemonSet, Job, CronJob) shares. */
export interface HardenedWorkloadProps extends HardenedContainerProps {
  /** Name of the workload and of its ServiceAccount, Service, NetworkPolicy and PDB. @default the construct id */
  readonly name?: string;
  /** Namespace. @default the chart's namespace (one of the two is required: never `default`) */
  readonly namespace?: string | INamespaceRef;
  /** Extra labels for every object. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Who may connect, to which declared ports. @default nobody */
  readonly ingress?: readonly IngressRule[];
  /** Where the pods may connect besides the cluster DNS. @default only the cluster DNS */
  readonly egress?: readonly EgressRule[];
  /** Mount a service account token for the Kubernetes API, with a reason. @default no token is mounted */
  readonly apiAccess?: ApiAccess;
  /** Rules that do not apply to this workload, each with a reason. @default none */
  readonly exemptions?: readonly RuleExemption[];
}

/** What a workload kind decides about the shared objects. @internal */
export interface WorkloadKind extends Pick<PodOptions, 'longRunning' | 'spread' | 'restartPolicy'> {
  /** The longest name Kubernetes accepts for this kind once it derives pod and revision names from it. */
  readonly maxNameLength: number;
  /** `headless` for StatefulSets (their pods need stable DNS names). */
  readonly service: 'cluster-ip' | 'headless';
}

/**
 * The parts every hardened workload has: a dedicated ServiceAccount (token not mounted unless asked), a
 * NetworkPolicy allowing exactly the declared ingress and egress (plus DNS), a ClusterIP Service for the
 * declared ports, and the hardened pod template. Subclasses add the workload object itself.
 */
export abstract class HardenedWorkload extends Construct implements IWorkloadEndpoint {
  readonly name: string;
  readonly namespace: string;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ResolvedPort[];
  /** Name of the workload's ServiceAccount. */
  readonly serviceAccountName: string;
  /** The Service in front of the pods, when ports are declared (always, headless, for a StatefulSet). */
  readonly service: L1Object<KubeServiceProps | undefined> | undefined;
  /** The pod template, hardened. */
  protected readonly pod: HardenedPod;
  /** Metadata of the workload object: name, namespace, labels and exemption annotations. */
  protected readonly objectMetadata: ApiObjectMetadata;
  private readonly ingressRules: NetworkPolicyIngressRule[] = [];
  private readonly egressRules: NetworkPolicyEgressRule[] = [];

  protected constructor(scope: Construct, id: string, props: HardenedWorkloadProps, kind: WorkloadKind) {
    super(scope, id);
    if (typeof props.image !== 'string') {
      throw invalidProp(
        this,
        'image',
        props.image,
        'is required',
        'Pass the image reference, pinned by digest.',
      );
    }
    this.name = checkWorkloadName(
      this,
      props.name === undefined ? 'name (the construct id)' : 'name',
      props.name ?? id,
      kind.maxNameLength,
    );
    this.namespace = resolveNamespace(this, props.namespace);
    this.selectorLabels = { [NAME_LABEL]: this.name };
    this.labels = {
      ...checkLabels(this, 'labels', props.labels ?? {}),
      ...this.selectorLabels,
      [MANAGED_BY_LABEL]: MANAGED_BY,
    };
    this.ports = resolvePorts(this, 'ports', props.ports ?? []);
    this.serviceAccountName = this.name;
    const metadata = (name = this.name): ApiObjectMetadata => ({
      name,
      namespace: this.namespace,
      labels: { ...this.labels },
    });

    new L1Object(this, 'ServiceAccount', KubeServiceAccount, {
      metadata: metadata(),
      automountServiceAccountToken: false,
    });
    if (props.apiAccess?.rules && props.apiAccess.rules.length > 0) {
      new L1Object(this, 'Role', KubeRole, {
        metadata: metadata(),
        rules: checkRbacRules(this, 'apiAccess.rules', props.apiAccess.rules),
      });
      new L1Object(this, 'RoleBinding', KubeRoleBinding, {
        metadata: metadata(),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.name },
        subjects: [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: this.namespace }],
      });
    }

    this.pod = hardenedPod(this, props, this.ports, {
      ...kind,
      name: this.name,
      serviceAccountName: this.serviceAccountName,
      mountToken: props.apiAccess !== undefined,
      labels: this.labels,
      selectorLabels: this.selectorLabels,
    });
    const exemptions = [
      ...this.pod.exemptions,
      ...(props.apiAccess
        ? [{ rule: 'service-account-token-automount', reason: props.apiAccess.reason }]
        : []),
      ...(props.exemptions ?? []),
    ];
    const annotations = exemptionAnnotations(this, 'exemptions', exemptions);
    this.objectMetadata = {
      ...metadata(),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };

    this.ingressRules.push(
      ...renderIngress(this, 'ingress', props.ingress ?? [], this.ports, this.namespace),
    );
    this.egressRules.push(...renderEgress(this, 'egress', props.egress ?? [], this.namespace));
    const ingressRules = this.ingressRules;
    new L1Object(this, 'NetworkPolicy', KubeNetworkPolicy, {
      metadata: metadata(),
      spec: {
        podSelector: { matchLabels: { ...this.selectorLabels } },
        policyTypes: ['Ingress', 'Egress'],
        // Read at synth, so allowIngressFrom() can add sources declared after this workload.
        get ingress() {
          return ingressRules.length > 0 ? ingressRules : undefined;
        },
        egress: this.egressRules,
      },
    });

    this.service =
      this.ports.length > 0 || kind.service === 'headless'
        ? new L1Object(this, 'Service', KubeService, {
            metadata: metadata(),
            spec: {
              type: 'ClusterIP',
              ...(kind.service === 'headless' ? { clusterIp: 'None', publishNotReadyAddresses: false } : {}),
              selector: { ...this.selectorLabels },
              ...(this.ports.length > 0
                ? {
                    ports: this.ports.map((port) => ({
                      name: port.name,
                      port: port.servicePort,
                      targetPort: IntOrString.fromString(port.name),
                      protocol: port.protocol,
                    })),
                  }
                : {}),
            },
          })
        : undefined;
  }

  /**
   * Lets `from` connect to `ports` (declared ports, by name or number; every declared port when unset).
   * For sources defined after this workload, e.g. a front end that itself needs this workload for egress.
   */
  allowIngressFrom(from: NetworkPeer, ports?: readonly PortRef[]): void {
    const index = this.ingressRules.length;
    this.ingressRules.push(
      ...renderIngress(this, `allowIngressFrom[${index}]`, [{ from, ports }], this.ports, this.namespace),
    );
  }

  /** Lets the pods connect to `to` on `ports` (default: the ports `to` declares, when it is a workload). */
  allowEgressTo(to: NetworkPeer, ports?: readonly EgressPort[]): void {
    const index = this.egressRules.length - 1;
    this.egressRules.push(
      ...renderEgress(this, `allowEgressTo[${index}]`, [{ to, ports }], this.namespace).slice(1),
    );
  }

  /** A PodDisruptionBudget letting one pod at a time be evicted (added when replicas > 1). */
  protected addDisruptionBudget(): void {
    new L1Object(this, 'PodDisruptionBudget', KubePodDisruptionBudget, {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      spec: {
        maxUnavailable: IntOrString.fromNumber(1),
        selector: { matchLabels: { ...this.selectorLabels } },
      },
    });
  }
}

/** Checks a replica count (an integer of at least 1) and returns it. */
export function checkReplicas(scope: Construct, replicas: number): number {
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw invalidProp(
      scope,
      'replicas',
      replicas,
      'must be an integer of at least 1',
      'Set replicas to 1 or more (2 or more for high availability).',
    );
  }
  return replicas;
}

function resolveNamespace(scope: Construct, namespace: string | INamespaceRef | undefined): string {
  const name =
    typeof namespace === 'object' && namespace !== null
      ? namespace.namespaceName
      : (namespace ?? Chart.of(scope).namespace);
  if (name === undefined) {
    throw invalidProp(
      scope,
      'namespace',
      undefined,
      'is required (the chart sets none)',
      "Pass namespace: 'shop' (or a HardenedNamespace), or create the chart with { namespace: 'shop' }; workloads never go to 'default'.",
    );
  }
  if (name === 'default' || name.startsWith('kube-')) {
    throw invalidProp(
      scope,
      'namespace',
      name,
      "must not be 'default' or a kube-* system namespace",
      'Create a HardenedNamespace for the application and deploy into it.',
    );
  }
  return checkDnsLabel(scope, 'namespace', name);
}
