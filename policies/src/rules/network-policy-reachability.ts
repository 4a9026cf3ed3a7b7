import type { Manifest, ManifestSetRule, SetFinding } from '../engine/types';
import { isLookalike } from '../kubernetes/built-in-kinds';
import { selectorMatches } from '../kubernetes/label-selector';
import {
  describePort,
  type ListeningPort,
  NetworkPolicyModel,
  type ParsedNetworkPolicy,
  type PodGroup,
  type PolicyPeer,
  type PolicyPort,
  type PolicyRule,
  portMatches,
} from '../kubernetes/network-policy';
import { networkView } from '../kubernetes/network-view';
import { asArray, asRecord, kindOf } from '../kubernetes/object';
import { runsPods } from '../kubernetes/workloads';

/** A destination port a rule lets traffic to, on one workload. */
interface Target {
  readonly group: PodGroup;
  readonly port: ListeningPort;
}

/**
 * The ports of `group` a rule lets traffic to: its declared container ports the rule's ports match (all of
 * them when the rule lists none), plus each single numbered port of the rule (pods may listen on ports they
 * do not declare), except those in `skip`.
 */
function portsOf(
  group: PodGroup,
  ports: readonly PolicyPort[] | undefined,
  skip: readonly PolicyPort[] = [],
): ListeningPort[] {
  const found = group.ports.filter(
    (listening) =>
      ports === undefined ||
      ports.some((spec) => portMatches(spec, listening.port, listening.protocol, group)),
  );
  for (const spec of ports ?? []) {
    if (typeof spec.port !== 'number' || spec.endPort !== undefined || skip.includes(spec)) continue;
    const number = spec.port;
    if (!found.some((p) => p.port === number && p.protocol === spec.protocol)) {
      found.push({ port: number, protocol: spec.protocol });
    }
  }
  return found;
}

/** `Deployment/cartservice (namespace shop)`, the namespace left out when both ends share it. */
function name(group: PodGroup, from: PodGroup): string {
  return group.namespace === from.namespace
    ? group.subject
    : `${group.subject} (namespace ${group.namespace})`;
}

function listPorts(targets: readonly Target[], from: PodGroup): string {
  const byGroup = new Map<PodGroup, ListeningPort[]>();
  for (const { group, port } of targets) byGroup.set(group, [...(byGroup.get(group) ?? []), port]);
  return [...byGroup]
    .map(
      ([group, ports]) =>
        `${name(group, from)} on ${ports.map((p) => describePort(p.port, p.protocol, p.name)).join(', ')}`,
    )
    .join('; ');
}

/** The numeric ports of a rule that no selected destination listens on, with the Service that maps them. */
function servicePortMistakes(
  rule: PolicyRule,
  targets: readonly PodGroup[],
  services: readonly Manifest[],
): { spec: PolicyPort; service: string; targetPort: string }[] {
  const mistakes: { spec: PolicyPort; service: string; targetPort: string }[] = [];
  for (const spec of rule.ports ?? []) {
    if (typeof spec.port !== 'number' || spec.endPort !== undefined) continue;
    const number = spec.port;
    if (targets.some((group) => group.ports.some((p) => p.port === number && p.protocol === spec.protocol)))
      continue;
    for (const manifest of services) {
      const serviceSpec = asRecord(manifest.spec);
      const namespace = (asRecord(manifest.metadata)?.namespace as string | undefined) || 'default';
      const selects = targets.some(
        (group) =>
          group.namespace === namespace &&
          asRecord(serviceSpec?.selector) !== undefined &&
          Object.keys(asRecord(serviceSpec?.selector) ?? {}).length > 0 &&
          selectorMatches(
            { matchLabels: serviceSpec?.selector },
            { labels: group.labels, complete: true },
          ) === true,
      );
      if (!selects) continue;
      const mapped = asArray(serviceSpec?.ports)
        .map((raw) => asRecord(raw))
        .find((port) => port?.port === number && (port.protocol ?? 'TCP') === spec.protocol);
      if (mapped && mapped.targetPort !== undefined && mapped.targetPort !== number) {
        mistakes.push({
          spec,
          service: `Service/${asRecord(manifest.metadata)?.name as string}`,
          targetPort: String(mapped.targetPort),
        });
      }
    }
  }
  return mistakes;
}

/** The kinds besides workloads the rule reads. */
const READ_KINDS: ReadonlySet<string> = new Set(['NetworkPolicy', 'Namespace', 'Service']);

/**
 * A connection allowed on one side only is a connection that fails at run time. For every NetworkPolicy rule
 * that names pods of the input (by `podSelector` and/or `namespaceSelector`):
 *
 * - an egress rule whose destinations' NetworkPolicies admit none of its traffic from the pods it is written
 *   for (the callee side was forgotten), and an egress port that matches no port of the destinations but is
 *   the port of a Service in front of them (NetworkPolicies see the pod's port, not the Service's);
 * - an ingress rule whose sources' own egress policies let none of them reach it (the caller side was
 *   forgotten).
 *
 * Each finding names both ends and the port. Decisions follow NetworkPolicy semantics exactly (see
 * `NetworkPolicyModel`); peers that select no workload of the input (another team's namespace, the cluster
 * DNS) and anything the input cannot tell (`ipBlock` against pod addresses, a namespace's labels when the
 * Namespace is not in the input, values not known until apply) are never reported.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export const networkPolicyReachability: ManifestSetRule = {
  id: 'network-policy-reachability',
  target: 'kubernetes-set',
  // Every kind, since a workload CRD or a configured kind runs pods too; it keeps only what it reads.
  retain: (manifest, options) => {
    const kind = kindOf(manifest);
    const reads = READ_KINDS.has(kind) ? !isLookalike(manifest) : runsPods(manifest, options);
    return reads ? networkView(manifest) : undefined;
  },
  title: 'NetworkPolicies allow each connection at both ends',
  description:
    'Every egress NetworkPolicy rule to pods of the input is admitted by an ingress rule of those pods, and every ingress rule from pods of the input is reachable through their egress rules, so no declared connection is blocked at run time.',
  severity: 'medium',
  validate(inputs, options): readonly SetFinding[] {
    // Most inputs have no policy rule that names pods: nothing to build a model for.
    const namesPods = inputs.some(({ manifest }) => {
      if (kindOf(manifest) !== 'NetworkPolicy') return false;
      const spec = asRecord(manifest.spec);
      return [...asArray(spec?.ingress), ...asArray(spec?.egress)].some((rule) =>
        [...asArray(asRecord(rule)?.from), ...asArray(asRecord(rule)?.to)].some(
          (peer) => asRecord(peer)?.ipBlock === undefined,
        ),
      );
    });
    if (!namesPods) return [];
    const model = NetworkPolicyModel.fromManifests(inputs, options);
    if (model.policies.length === 0) return [];
    const services = inputs
      .map(({ manifest }) => manifest)
      .filter((manifest) => kindOf(manifest) === 'Service');
    const findings: SetFinding[] = [];
    for (const policy of model.policies) {
      const rules = [...(policy.egress ?? []), ...(policy.ingress ?? [])];
      if (policy.opaque || !rules.some((rule) => rule.peers?.some((peer) => peer.ipBlock === undefined)))
        continue;
      const selected = model
        .groupsIn(policy.namespace)
        .filter(
          (group) => selectorMatches(policy.podSelector, { labels: group.labels, complete: true }) === true,
        );
      if (selected.length === 0) continue;
      for (const rule of policy.egress ?? []) {
        for (const peer of rule.peers ?? [])
          findings.push(...unadmittedEgress(model, policy, rule, peer, selected, services));
      }
      for (const rule of policy.ingress ?? []) {
        for (const peer of rule.peers ?? [])
          findings.push(...unreachableIngress(model, policy, rule, peer, selected));
      }
    }
    return findings;
  },
};

function unadmittedEgress(
  model: NetworkPolicyModel,
  policy: ParsedNetworkPolicy,
  rule: PolicyRule,
  peer: PolicyPeer,
  sources: readonly PodGroup[],
  services: readonly Manifest[],
): SetFinding[] {
  const destinations = model.peerGroups(peer, policy.namespace);
  if (destinations.length === 0) return [];
  const findings: SetFinding[] = [];
  const mistakes = servicePortMistakes(rule, destinations, services);
  for (const mistake of mistakes) {
    const port = describePort(mistake.spec.port as number, mistake.spec.protocol);
    findings.push({
      key: policy.key,
      path: mistake.spec.path,
      message: `${policy.subject}: egress at ${mistake.spec.path} allows ${port} to ${destinations.map((d) => d.subject).join(', ')}, but that is the port of ${mistake.service} (targetPort ${mistake.targetPort}) and NetworkPolicies match the pod's port, so the connection is blocked; allow the container port ${mistake.targetPort} instead`,
    });
  }
  const skip = mistakes.map((mistake) => mistake.spec);
  const targets: Target[] = destinations.flatMap((group) =>
    portsOf(group, rule.ports, skip).map((port) => ({ group, port })),
  );
  if (targets.length === 0) return findings;
  for (const source of sources) {
    const verdicts = targets.map(
      (target) =>
        model.verdict({
          source: { pods: source },
          destination: { pods: target.group },
          port: target.port.port,
          protocol: target.port.protocol,
        }).ingress,
    );
    if (!verdicts.every((verdict) => verdict === false)) continue;
    const callees = [...new Set(targets.map((target) => target.group))];
    findings.push({
      key: policy.key,
      path: peer.path,
      message: `${policy.subject}: egress at ${peer.path} lets ${source.subject} connect to ${listPorts(targets, source)}, but no ingress rule of the NetworkPolicies selecting ${callees.map((c) => c.subject).join(', ')} admits ${source.subject}, so the connection is blocked at run time; allow it on the callee's side too (an ingress rule from ${source.subject} on ${targets
        .map((t) => t.port.port)
        .filter((p, i, all) => all.indexOf(p) === i)
        .join(', ')}; with the constructs, caller.connectTo(callee) writes both sides)`,
    });
  }
  return findings;
}

function unreachableIngress(
  model: NetworkPolicyModel,
  policy: ParsedNetworkPolicy,
  rule: PolicyRule,
  peer: PolicyPeer,
  destinations: readonly PodGroup[],
): SetFinding[] {
  const sources = model.peerGroups(peer, policy.namespace);
  const targets: Target[] = destinations.flatMap((group) =>
    portsOf(group, rule.ports).map((port) => ({ group, port })),
  );
  if (sources.length === 0 || targets.length === 0) return [];
  const findings: SetFinding[] = [];
  for (const source of sources) {
    const verdicts = targets.map(
      (target) =>
        model.verdict({
          source: { pods: source },
          destination: { pods: target.group },
          port: target.port.port,
          protocol: target.port.protocol,
        }).egress,
    );
    if (!verdicts.every((verdict) => verdict === false)) continue;
    findings.push({
      key: policy.key,
      path: peer.path,
      message: `${policy.subject}: ingress at ${peer.path} admits ${name(source, targets[0]!.group)} to ${listPorts(targets, source)}, but no egress rule of the NetworkPolicies selecting ${source.subject} lets it connect there, so nothing can reach this rule; allow it on the caller's side too (an egress rule of ${source.subject} to ${targets[0]!.group.subject}; with the constructs, caller.connectTo(callee) writes both sides)`,
    });
  }
  return findings;
}
