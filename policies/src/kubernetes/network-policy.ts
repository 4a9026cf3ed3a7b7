import type { LocatedManifest, Manifest, RuleOptions } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { type Cidr, cidrWithin, parseCidr } from '../rules/eks-endpoint-private';
import { allOf, anyOf, type KnownLabels, type Match, selectorMatches } from './label-selector';
import {
  asArray,
  asRecord,
  asString,
  displayName,
  kindOf,
  labelsOf,
  NAMESPACE_NAME_LABEL,
  nameOf,
} from './object';
import type { PodSpecRef } from './pod-template';
import { podsOf, runsPods } from './workloads';

/** The label the API server sets on every namespace (Kubernetes 1.22+), to its name. */

/** Transport protocols a NetworkPolicy port names. */
export const NETWORK_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
/** One of {@link NETWORK_PROTOCOLS}. */
export type NetworkProtocol = (typeof NETWORK_PROTOCOLS)[number];

/** A port a container listens on. */
export interface ListeningPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: NetworkProtocol;
}

/** The pods of one workload (a pod template), as NetworkPolicies see them. */
export interface PodGroup {
  /** Key of the workload in the input. */
  readonly key: string;
  readonly manifest: Manifest;
  /** `Deployment/frontend`. */
  readonly subject: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespaceLabels: KnownLabels;
  /** Ports of its containers and sidecars (init containers with `restartPolicy: Always`). */
  readonly ports: readonly ListeningPort[];
}

/** One end of a connection: pods of a workload, or an address (outside the cluster, or a pod by its IP). */
export type Peer =
  | { readonly pods: PodGroup; readonly ip?: string }
  | { readonly pods?: undefined; readonly ip: string };

/** A connection attempt: from a source to a destination's port. */
export interface Traffic {
  readonly source: Peer;
  readonly destination: Peer;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: NetworkProtocol;
}

/** Whether traffic is allowed, by each side, as NetworkPolicies decide it (`undefined`: the input cannot tell). */
export interface TrafficVerdict {
  readonly egress: Match;
  readonly ingress: Match;
  readonly allowed: Match;
}

/** A port of a NetworkPolicy rule. */
export interface PolicyPort {
  readonly protocol: NetworkProtocol;
  /** A number, a named container port, or undefined for every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
  /** Path in the policy, e.g. `spec.ingress[0].ports[1]`. */
  readonly path: string;
}

/** A peer (`from` / `to` entry) of a NetworkPolicy rule. */
export interface PolicyPeer {
  readonly podSelector?: unknown;
  readonly namespaceSelector?: unknown;
  /** Parsed `ipBlock`, or `invalid` when it does not parse. */
  readonly ipBlock?: { readonly cidr: Cidr; readonly except: readonly Cidr[] } | 'invalid';
  readonly path: string;
}

/** One ingress or egress rule. `peers`/`ports` undefined means every peer / every port. */
export interface PolicyRule {
  readonly peers?: readonly PolicyPeer[];
  readonly ports?: readonly PolicyPort[];
  readonly path: string;
}

/** A `networking.k8s.io` NetworkPolicy, read as the API server defaults it. */
export interface ParsedNetworkPolicy {
  readonly key: string;
  readonly manifest: Manifest;
  readonly subject: string;
  readonly namespace: string;
  readonly podSelector: unknown;
  /** The ingress rules, when the policy governs ingress (an empty list denies all ingress). */
  readonly ingress?: readonly PolicyRule[];
  /** The egress rules, when the policy governs egress. */
  readonly egress?: readonly PolicyRule[];
  /** Some field is not known yet (a Pulumi Output): every decision this policy takes part in is unknown. */
  readonly opaque: boolean;
}

/**
 * The NetworkPolicies, namespaces and pod-running workloads of a whole input, and the decisions Kubernetes
 * takes on traffic between them:
 *
 * - a pod is isolated for a direction when a policy of its namespace selects it (`podSelector`, `{}` selects
 *   all) and governs that direction: `policyTypes`, or when unset Ingress plus Egress if the policy has
 *   egress rules;
 * - isolated traffic is allowed when any rule of any policy selecting the pod allows it (policies add up);
 *   a rule with no peers allows every peer, with no ports every port;
 * - a peer with `podSelector` alone selects pods of the policy's namespace; with `namespaceSelector` pods of
 *   the namespaces it selects (by their labels; a namespace not in the input is known only by
 *   `kubernetes.io/metadata.name`); `ipBlock` matches addresses (a workload's pod addresses are not known);
 * - a port matches by protocol (default TCP) and number, a range (`endPort`), or name, which resolves
 *   against the destination pod's container ports (for ingress the selected pod, for egress the peer).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class NetworkPolicyModel {
  /**
   * Builds the model from every object of an input (other kinds are ignored); `options.workloads` names
   * more kinds that run pods.
   */
  static fromManifests(
    inputs: readonly LocatedManifest[],
    options?: Pick<RuleOptions, 'workloads'>,
  ): NetworkPolicyModel {
    const namespaces = new Map<string, Readonly<Record<string, string>>>();
    for (const { manifest } of inputs) {
      if (kindOf(manifest) === 'Namespace' && nameOf(manifest) !== '') {
        namespaces.set(nameOf(manifest), labelsOf(manifest));
      }
    }
    const namespaceLabels = (name: string): KnownLabels => {
      const declared = namespaces.get(name);
      return declared
        ? { labels: { ...declared, [NAMESPACE_NAME_LABEL]: name }, complete: true }
        : { labels: { [NAMESPACE_NAME_LABEL]: name }, complete: false };
    };
    const groups: PodGroup[] = [];
    const policies: ParsedNetworkPolicy[] = [];
    for (const { key, manifest } of inputs) {
      const kind = kindOf(manifest);
      if (kind === 'NetworkPolicy' && isKubernetesNetworkPolicy(manifest)) {
        const policy = parsePolicy(key, manifest);
        if (policy) policies.push(policy);
      } else if (runsPods(manifest, options)) {
        // A workload CRD's pods (an Argo workflow has one per template) are placed like a Deployment's.
        for (const pod of podsOf(manifest, options)) {
          const group = podGroup(key, manifest, pod, namespaceLabels);
          if (group) groups.push(group);
        }
      }
    }
    return new NetworkPolicyModel(groups, policies, namespaceLabels);
  }

  private readonly byNamespace = new Map<string, ParsedNetworkPolicy[]>();
  private readonly groupsByNamespace = new Map<string, PodGroup[]>();

  private constructor(
    /** Every workload whose pods the model can place (namespace and labels known). */
    readonly groups: readonly PodGroup[],
    readonly policies: readonly ParsedNetworkPolicy[],
    /** The labels of a namespace, as far as the input says. */
    readonly namespaceLabels: (name: string) => KnownLabels,
  ) {
    for (const policy of policies) {
      const list = this.byNamespace.get(policy.namespace);
      if (list) list.push(policy);
      else this.byNamespace.set(policy.namespace, [policy]);
    }
    for (const group of groups) {
      const list = this.groupsByNamespace.get(group.namespace);
      if (list) list.push(group);
      else this.groupsByNamespace.set(group.namespace, [group]);
    }
  }

  /** The workloads of one namespace. */
  groupsIn(namespace: string): readonly PodGroup[] {
    return this.groupsByNamespace.get(namespace) ?? [];
  }

  /** The workloads a rule's peer surely selects (none for an `ipBlock`: pod addresses are not known). */
  peerGroups(peer: PolicyPeer, policyNamespace: string): PodGroup[] {
    if (peer.ipBlock !== undefined) return [];
    if (peer.namespaceSelector === undefined) {
      return this.groupsIn(policyNamespace).filter(
        (group) => this.peerMatches(peer, { pods: group }, policyNamespace) === true,
      );
    }
    const found: PodGroup[] = [];
    for (const [namespace, groups] of this.groupsByNamespace) {
      if (selectorMatches(peer.namespaceSelector, this.namespaceLabels(namespace)) !== true) continue;
      for (const group of groups)
        if (this.peerMatches(peer, { pods: group }, policyNamespace) === true) found.push(group);
    }
    return found;
  }

  /** The policies of `group`'s namespace that select its pods (`undefined` entries: may select them). */
  selecting(
    group: PodGroup,
    direction: 'ingress' | 'egress',
  ): { policy: ParsedNetworkPolicy; selected: Match }[] {
    return (this.byNamespace.get(group.namespace) ?? [])
      .filter((policy) => policy[direction] !== undefined)
      .map((policy) => ({
        policy,
        selected: policy.opaque
          ? undefined
          : selectorMatches(policy.podSelector, { labels: group.labels, complete: true }),
      }))
      .filter(({ selected }) => selected !== false);
  }

  /** What the policies decide on `traffic`, on each side. */
  verdict(traffic: Traffic): TrafficVerdict {
    const protocol = traffic.protocol ?? 'TCP';
    const destinationPods = traffic.destination.pods;
    const egress = traffic.source.pods
      ? this.sideAllows(
          traffic.source.pods,
          'egress',
          traffic.destination,
          traffic.port,
          protocol,
          destinationPods,
        )
      : true;
    const ingress = destinationPods
      ? this.sideAllows(destinationPods, 'ingress', traffic.source, traffic.port, protocol, destinationPods)
      : true;
    return { egress, ingress, allowed: allOf([egress, ingress]) };
  }

  /** Whether one rule admits `other` on a port of `portOwner` (the destination's pods). */
  ruleAdmits(
    policy: ParsedNetworkPolicy,
    rule: PolicyRule,
    other: Peer,
    port: number,
    protocol: NetworkProtocol,
    portOwner: PodGroup | undefined,
  ): Match {
    if (policy.opaque) return undefined;
    const peers =
      rule.peers === undefined
        ? true
        : anyOf(rule.peers.map((peer) => this.peerMatches(peer, other, policy.namespace)));
    const ports =
      rule.ports === undefined
        ? true
        : anyOf(rule.ports.map((spec) => portMatches(spec, port, protocol, portOwner)));
    return allOf([peers, ports]);
  }

  /** Whether a rule's peer selects `other`. */
  peerMatches(peer: PolicyPeer, other: Peer, policyNamespace: string): Match {
    if (peer.ipBlock !== undefined) {
      if (peer.ipBlock === 'invalid') return false;
      if (other.ip === undefined) return undefined;
      const address = parseCidr(
        other.ip.includes('/') ? other.ip : `${other.ip}/${other.ip.includes(':') ? 128 : 32}`,
      );
      if (!address) return false;
      return (
        cidrWithin(address, peer.ipBlock.cidr) &&
        !peer.ipBlock.except.some((except) => cidrWithin(address, except))
      );
    }
    const pods = other.pods;
    if (!pods) return false;
    if (peer.podSelector === undefined && peer.namespaceSelector === undefined) return false;
    const namespace =
      peer.namespaceSelector === undefined
        ? pods.namespace === policyNamespace
        : selectorMatches(peer.namespaceSelector, pods.namespaceLabels);
    const labels =
      peer.podSelector === undefined
        ? true
        : selectorMatches(peer.podSelector, { labels: pods.labels, complete: true });
    return allOf([namespace, labels]);
  }

  private sideAllows(
    group: PodGroup,
    direction: 'ingress' | 'egress',
    other: Peer,
    port: number,
    protocol: NetworkProtocol,
    portOwner: PodGroup | undefined,
  ): Match {
    const selecting = this.selecting(group, direction);
    if (selecting.length === 0) return true;
    const isolated = anyOf(selecting.map(({ selected }) => selected));
    const admitted = anyOf(
      selecting.map(({ policy, selected }) =>
        allOf([
          selected,
          anyOf(
            (policy[direction] ?? []).map((rule) =>
              this.ruleAdmits(policy, rule, other, port, protocol, portOwner),
            ),
          ),
        ]),
      ),
    );
    return anyOf([isolated === undefined ? undefined : !isolated, admitted]);
  }
}

/** Whether a policy port matches a destination port (named ports resolve against the destination's pods). */
export function portMatches(
  spec: PolicyPort,
  port: number,
  protocol: NetworkProtocol,
  portOwner: PodGroup | undefined,
): boolean {
  if (spec.protocol !== protocol) return false;
  if (spec.port === undefined) return true;
  if (typeof spec.port === 'number') {
    return spec.endPort !== undefined ? port >= spec.port && port <= spec.endPort : port === spec.port;
  }
  return (portOwner?.ports ?? []).some(
    (listening) => listening.name === spec.port && listening.protocol === protocol && listening.port === port,
  );
}

/** `protocol port` as findings name a port: `TCP 7070`, `TCP 7070 (grpc)`. */
export function describePort(port: number, protocol: NetworkProtocol, name?: string): string {
  return `${protocol} ${port}${name ? ` (${name})` : ''}`;
}

/** True for a Kubernetes NetworkPolicy (`networking.k8s.io`), not a CNI's own kind of the same name. */
export function isKubernetesNetworkPolicy(manifest: Manifest): boolean {
  const apiVersion = manifest.apiVersion;
  return (
    apiVersion === undefined ||
    (typeof apiVersion === 'string' && apiVersion.startsWith('networking.k8s.io/'))
  );
}

function podGroup(
  key: string,
  manifest: Manifest,
  pod: PodSpecRef,
  namespaceLabels: (name: string) => KnownLabels,
): PodGroup | undefined {
  const rawNamespace = asRecord(manifest.metadata)?.namespace;
  if (isUnknown(rawNamespace) || containsUnknown(pod.metadata.labels)) return undefined;
  const namespace = asString(rawNamespace) || 'default';
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(asRecord(pod.metadata.labels) ?? {})) {
    if (typeof value === 'string') labels[name] = value;
  }
  const ports: ListeningPort[] = [];
  const containers = [
    ...asArray(pod.spec.containers),
    ...asArray(pod.spec.initContainers).filter((entry) => asRecord(entry)?.restartPolicy === 'Always'),
  ];
  for (const container of containers) {
    for (const raw of asArray(asRecord(container)?.ports)) {
      const entry = asRecord(raw);
      const number = entry?.containerPort;
      if (typeof number !== 'number' || !Number.isInteger(number)) continue;
      const protocol = protocolOf(entry?.protocol);
      if (!protocol) continue;
      const name = asString(entry?.name);
      ports.push({ port: number, protocol, ...(name ? { name } : {}) });
    }
  }
  return {
    key,
    manifest,
    subject: displayName(manifest),
    namespace,
    labels,
    namespaceLabels: namespaceLabels(namespace),
    ports,
  };
}

function parsePolicy(key: string, manifest: Manifest): ParsedNetworkPolicy | undefined {
  const rawNamespace = asRecord(manifest.metadata)?.namespace;
  const spec = asRecord(manifest.spec);
  const opaque = isUnknown(rawNamespace) || containsUnknown(manifest.spec);
  if (!spec && !opaque) return undefined;
  const declared = asArray(spec?.policyTypes).filter((type) => type === 'Ingress' || type === 'Egress');
  // The API server defaults unset policyTypes to Ingress, plus Egress when the policy has egress rules.
  const types =
    declared.length > 0 ? declared : ['Ingress', ...(asArray(spec?.egress).length > 0 ? ['Egress'] : [])];
  const rules = (field: 'ingress' | 'egress', peersField: 'from' | 'to'): PolicyRule[] =>
    asArray(spec?.[field]).flatMap((raw, index) => {
      const rule = asRecord(raw);
      const path = `spec.${field}[${index}]`;
      if (raw !== null && !rule) return [];
      const peers = asArray(rule?.[peersField]);
      const ports = asArray(rule?.ports);
      return [
        {
          path,
          ...(peers.length > 0
            ? { peers: peers.flatMap((peer, i) => parsePeer(peer, `${path}.${peersField}[${i}]`)) }
            : {}),
          ...(ports.length > 0
            ? { ports: ports.flatMap((port, i) => parsePort(port, `${path}.ports[${i}]`)) }
            : {}),
        },
      ];
    });
  return {
    key,
    manifest,
    subject: displayName(manifest),
    namespace: asString(rawNamespace) || 'default',
    podSelector: spec?.podSelector ?? {},
    ...(types.includes('Ingress') ? { ingress: rules('ingress', 'from') } : {}),
    ...(types.includes('Egress') ? { egress: rules('egress', 'to') } : {}),
    opaque,
  };
}

function parsePeer(raw: unknown, path: string): PolicyPeer[] {
  const peer = asRecord(raw);
  if (!peer) return [];
  const ipBlock = asRecord(peer.ipBlock);
  if (ipBlock) {
    const cidr = typeof ipBlock.cidr === 'string' ? parseCidr(ipBlock.cidr) : undefined;
    const except = asArray(ipBlock.except).map((text) =>
      typeof text === 'string' ? parseCidr(text) : undefined,
    );
    return [
      {
        path,
        ipBlock:
          cidr && except.every((entry) => entry !== undefined)
            ? { cidr, except: except as Cidr[] }
            : 'invalid',
      },
    ];
  }
  return [
    {
      path,
      ...(peer.podSelector != null ? { podSelector: peer.podSelector } : {}),
      ...(peer.namespaceSelector != null ? { namespaceSelector: peer.namespaceSelector } : {}),
    },
  ];
}

function parsePort(raw: unknown, path: string): PolicyPort[] {
  const entry = asRecord(raw);
  if (!entry) return [];
  const protocol = protocolOf(entry.protocol);
  if (!protocol) return [];
  const port = entry.port;
  const endPort = entry.endPort;
  return [
    {
      path,
      protocol,
      ...(typeof port === 'number' || (typeof port === 'string' && port !== '') ? { port } : {}),
      ...(typeof endPort === 'number' && typeof port === 'number' ? { endPort } : {}),
    },
  ];
}

function protocolOf(value: unknown): NetworkProtocol | undefined {
  if (value === undefined || value === null) return 'TCP';
  return NETWORK_PROTOCOLS.find((protocol) => protocol === value);
}

function containsUnknown(value: unknown, depth = 0): boolean {
  if (isUnknown(value)) return true;
  if (depth > 12 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((child) => containsUnknown(child, depth + 1));
}

/** A connection the NetworkPolicies allow: a workload's pods to a port of another's. */
export interface AllowedConnection {
  readonly from: PodGroup;
  readonly to: PodGroup;
  readonly port: ListeningPort;
}

/**
 * Every connection between workloads of the model that the NetworkPolicies surely allow, on each
 * destination's declared container ports: what an app's call graph looks like to the network.
 */
export function allowedConnections(model: NetworkPolicyModel): AllowedConnection[] {
  const allowed: AllowedConnection[] = [];
  for (const from of model.groups) {
    for (const to of model.groups) {
      for (const port of to.ports) {
        const verdict = model.verdict({
          source: { pods: from },
          destination: { pods: to },
          port: port.port,
          protocol: port.protocol,
        });
        if (verdict.allowed === true) allowed.push({ from, to, port });
      }
    }
  }
  return allowed;
}
