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
import { checkReason, exemptionAnnotations, type Justification, type RuleExemption } from './exemptions';
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
  NetworkPeer,
  renderEgress,
  renderIngress,
} from './network-peer';
import {
  type HardenedContainerProps,
  type HardenedPod,
  hardenedPod,
  isScratchPath,
  type PodOptions,
} from './pod-hardening';
import { findPort, type PortRef, type ResolvedPort, resolvePorts } from './ports';
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

/** A workload an autoscaler can scale: a HardenedDeployment or HardenedStatefulSet. */
export interface IScalable {
  readonly name: string;
  readonly namespace: string;
  readonly node: Construct['node'];
  /** The kind the autoscaler's scaleTargetRef names. */
  readonly scaleTargetKind: 'Deployment' | 'StatefulSet';
  /** @internal */
  _autoscale(minReplicas: number, maxReplicas: number): void;
}

/** Props every hardened workload (Deployment, StatefulSet, DaemonSet, Job, CronJob) shares. */
export interface HardenedWorkloadProps extends HardenedContainerProps {
  /** Name of the workload and of its ServiceAccount, Service, NetworkPolicy and PDB. @default the construct id */
  readonly name?: string;
  /** Namespace. @default the chart's namespace (one of the two is required: never `default`) */
  readonly namespace?: string | INamespaceRef;
  /** Extra labels for every object. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Who may connect, to which declared ports. For a caller that is a hardened workload, prefer
   * `caller.connectTo(this)`, which writes both sides. @default nobody
   */
  readonly ingress?: readonly IngressRule[];
  /**
   * Where the pods may connect besides the cluster DNS. For a hardened workload, prefer `connectTo`, which
   * also lets the callee admit the traffic. @default only the cluster DNS
   */
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
  /** Whether an autoscaler owns the replica count (read at synth). */
  protected readonly scaling = { autoscaled: false };
  private readonly ingressRules: NetworkPolicyIngressRule[] = [];
  private readonly egressRules: NetworkPolicyEgressRule[] = [];
  private disruptionBudget = false;

  protected constructor(scope: Construct, id: string, props: HardenedWorkloadProps, kind: WorkloadKind) {
    super(scope, id);
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
    const ports = resolvePorts(this, 'ports', props.ports ?? []);
    (props.sidecars ?? []).forEach((sidecar, index) => {
      ports.push(...resolvePorts(this, `sidecars[${index}].ports`, sidecar.ports ?? [], ports, sidecar.name));
    });
    this.ports = ports;
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

    const listed = props.exemptions ?? [];
    this.pod = hardenedPod(this, props, this.ports, {
      ...kind,
      name: this.name,
      serviceAccountName: this.serviceAccountName,
      mountToken: props.apiAccess !== undefined,
      labels: this.labels,
      selectorLabels: this.selectorLabels,
      exemptedRules: new Set(listed.map((exemption) => exemption.rule)),
    });
    const generated: RuleExemption[] = [
      ...this.pod.exemptions,
      ...(props.apiAccess
        ? [
            {
              rule: 'service-account-token-automount',
              reason: checkReason(this, 'apiAccess', props.apiAccess),
            },
          ]
        : []),
    ];
    const annotations = exemptionAnnotations(this, 'exemptions', listed, generated);
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
   * Lets this workload connect to `target` on `ports` (the target's declared ports, by name or number; all
   * of them when unset): the egress rule on this side and the ingress rule on the target's, in one statement.
   * Works across charts and namespaces.
   */
  connectTo(target: HardenedWorkload, ports?: readonly PortRef[]): void {
    const prop = `connectTo(${target?.name ?? 'undefined'})`;
    if (!(target instanceof HardenedWorkload)) {
      throw invalidProp(
        this,
        prop,
        target,
        'must be a hardened workload (HardenedDeployment, HardenedStatefulSet, ...)',
        'For pods our constructs do not make, use allowEgressTo(NetworkPeer.pods(...), ports) and have their owner admit this workload.',
      );
    }
    if (target.ports.length === 0) {
      throw invalidProp(
        this,
        prop,
        target.node.path,
        `needs a port to connect to, and ${target.name} declares none`,
        `Declare the port ${target.name} listens on in its 'ports'.`,
      );
    }
    const targets = (ports ?? target.ports.map((port) => port.name)).map((ref, index) =>
      findPort(this, `${prop}.ports[${index}]`, target.ports, ref),
    );
    this.egressRules.push(
      ...renderEgress(
        this,
        prop,
        [
          {
            to: NetworkPeer.workload(target),
            ports: targets.map((port) => ({ port: port.port, protocol: port.protocol })),
          },
        ],
        this.namespace,
      ).slice(1),
    );
    target.ingressRules.push(
      ...renderIngress(
        target,
        `ingress from ${this.node.path}`,
        [{ from: NetworkPeer.workload(this), ports: targets.map((port) => port.name) }],
        target.ports,
        target.namespace,
      ),
    );
  }

  /**
   * Lets `from` connect to `ports` (declared ports, by name or number; every declared port when unset). For
   * sources our constructs do not make (an ingress controller's namespace, a CIDR); between hardened
   * workloads, `caller.connectTo(callee)` writes both sides.
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

  /**
   * Refuses an `emptyDir` writable path that looks like state (anything but temporary, cache and run
   * directories) when more than one replica runs: each replica would keep its own, different copy.
   */
  protected checkReplicatedState(replicas: number, prop = 'replicas'): void {
    if (replicas <= 1) return;
    for (const writable of this.pod.writablePaths) {
      if (writable.perReplica || isScratchPath(writable.path)) continue;
      throw invalidProp(
        this,
        writable.prop,
        writable.path,
        `keeps '${writable.path}' in an emptyDir of each pod, and with ${prop} ${replicas} every replica writes its own copy (what one replica stores the others never see, and it is lost with the pod)`,
        `Run one replica, keep the data in a HardenedStatefulSet with 'storage' or in a store outside the pods, or, if each replica may keep its own copy (a cache), write { path: '${writable.path}', perReplica: { reason: '...' } }.`,
      );
    }
  }

  /**
   * Hands the replica count to an autoscaler: the workload object leaves `replicas` unset (so an apply never
   * resets what the autoscaler chose), gets a PodDisruptionBudget when it may run more than one pod, and
   * must not keep state in an emptyDir when it may.
   *
   * @internal
   */
  _autoscale(_minReplicas: number, maxReplicas: number): void {
    if (this.scaling.autoscaled) {
      throw invalidProp(
        this,
        'autoscaling',
        'a second autoscaler',
        'must be one',
        'Scale each workload with one HardenedAutoscaler.',
      );
    }
    this.checkReplicatedState(maxReplicas, 'maxReplicas');
    this.scaling.autoscaled = true;
    if (maxReplicas > 1) this.addDisruptionBudget();
  }

  /** A PodDisruptionBudget letting one pod at a time be evicted (added when replicas > 1). */
  protected addDisruptionBudget(): void {
    if (this.disruptionBudget) return;
    this.disruptionBudget = true;
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
