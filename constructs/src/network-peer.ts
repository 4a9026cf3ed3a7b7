import { NAMESPACE_NAME_LABEL } from '@eks-hardening/rules';
import type {
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { IntOrString } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import { checkDnsLabel, checkLabels } from './names';
import { findPort, PORT_PROTOCOLS, type PortProtocol, type PortRef, type ResolvedPort } from './ports';
import { invalidProp } from './prop-error';

/** What a peer needs to know about a hardened workload to select its pods. */
export interface IWorkloadEndpoint {
  readonly name: string;
  readonly namespace: string;
  /** Labels that select the workload's pods (and only them). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The ports the workload's containers listen on. */
  readonly ports: readonly ResolvedPort[];
}

/** The label every namespace carries with its own name (set by the API server). */
export { NAMESPACE_NAME_LABEL };

type PeerSpec =
  | { readonly type: 'workload'; readonly workload: IWorkloadEndpoint }
  | { readonly type: 'pods'; readonly labels: Readonly<Record<string, string>>; readonly namespace?: string }
  | { readonly type: 'namespace'; readonly namespace: string }
  | { readonly type: 'cidr'; readonly cidr: string; readonly except: readonly string[] };

/** Who may talk to a workload, or whom it may talk to: the source or destination of one NetworkPolicy rule. */
export class NetworkPeer {
  /** The pods of another hardened workload (in its own namespace). */
  static workload(workload: IWorkloadEndpoint): NetworkPeer {
    return new NetworkPeer({ type: 'workload', workload });
  }

  /** Pods with these labels, in the workload's namespace unless `namespace` is given. */
  static pods(
    labels: Readonly<Record<string, string>>,
    options: { readonly namespace?: string } = {},
  ): NetworkPeer {
    return new NetworkPeer({ type: 'pods', labels, namespace: options.namespace });
  }

  /** Every pod of a namespace (e.g. the ingress controller's). */
  static namespace(name: string): NetworkPeer {
    return new NetworkPeer({ type: 'namespace', namespace: name });
  }

  /**
   * Addresses outside the cluster (e.g. a VPC subnet or an AWS service range), minus `except`. There is no
   * peer for a host name: NetworkPolicies match addresses only (see {@link HOST_EGRESS_FIX}).
   */
  static cidr(cidr: string, options: { readonly except?: readonly string[] } = {}): NetworkPeer {
    return new NetworkPeer({ type: 'cidr', cidr, except: options.except ?? [] });
  }

  private constructor(private readonly spec: PeerSpec) {}

  /** The workload this peer selects, if it is one: its ports are the default egress ports. @internal */
  get _workload(): IWorkloadEndpoint | undefined {
    return this.spec.type === 'workload' ? this.spec.workload : undefined;
  }

  /** @internal */
  _render(scope: IConstruct, prop: string, ownNamespace: string): NetworkPolicyPeer {
    const spec = this.spec;
    const inNamespace = (namespace: string | undefined) =>
      namespace === undefined || namespace === ownNamespace
        ? {}
        : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } };
    switch (spec.type) {
      case 'workload':
        return {
          podSelector: { matchLabels: { ...spec.workload.selectorLabels } },
          ...inNamespace(spec.workload.namespace),
        };
      case 'pods':
        if (Object.keys(spec.labels).length === 0) {
          throw invalidProp(
            scope,
            `${prop}.labels`,
            spec.labels,
            'must name at least one label',
            'Select the pods by label, or use NetworkPeer.namespace(name) for a whole namespace.',
          );
        }
        checkLabels(scope, `${prop}.labels`, spec.labels);
        if (spec.namespace !== undefined) checkDnsLabel(scope, `${prop}.namespace`, spec.namespace);
        return { podSelector: { matchLabels: { ...spec.labels } }, ...inNamespace(spec.namespace) };
      case 'namespace':
        checkDnsLabel(scope, `${prop}.namespace`, spec.namespace);
        return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: spec.namespace } } };
      case 'cidr':
        checkCidr(scope, `${prop}.cidr`, spec.cidr);
        spec.except.forEach((except, index) => {
          checkCidr(scope, `${prop}.except[${index}]`, except);
        });
        return {
          ipBlock: { cidr: spec.cidr, ...(spec.except.length > 0 ? { except: [...spec.except] } : {}) },
        };
    }
  }
}

/** Traffic a workload accepts: from one peer, to some of its declared ports. */
export interface IngressRule {
  readonly from: NetworkPeer;
  /** Declared ports (by name or number) the peer may reach. @default every declared port */
  readonly ports?: readonly PortRef[];
}

/** A destination port of an egress rule. */
export interface EgressPort {
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: PortProtocol;
}

/** Traffic a workload may send: to one peer, on some ports. */
export interface EgressRule {
  readonly to: NetworkPeer;
  /** Destination ports. @default the ports the peer workload declares (required for any other peer) */
  readonly ports?: readonly EgressPort[];
}

/** Egress to the cluster DNS (CoreDNS in kube-system), UDP and TCP 53: what a default deny still allows. */
export function dnsEgressRule(): NetworkPolicyEgressRule {
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    ],
    ports: [
      { protocol: 'UDP', port: IntOrString.fromNumber(53) },
      { protocol: 'TCP', port: IntOrString.fromNumber(53) },
    ],
  };
}

/** The `ingress` of a workload's NetworkPolicy: exactly the declared sources, on declared ports. */
export function renderIngress(
  scope: IConstruct,
  prop: string,
  rules: readonly IngressRule[],
  ports: readonly ResolvedPort[],
  namespace: string,
): NetworkPolicyIngressRule[] {
  return rules.map((rule, index) => {
    const at = `${prop}[${index}]`;
    if (ports.length === 0) {
      throw invalidProp(
        scope,
        at,
        'an ingress rule',
        'needs a declared port to let traffic in to',
        "Declare the port in 'ports', or remove the ingress rule.",
      );
    }
    const targets =
      rule.ports === undefined
        ? ports
        : rule.ports.map((ref, i) => findPort(scope, `${at}.ports[${i}]`, ports, ref));
    return {
      from: [peerOf(scope, `${at}.from`, rule.from)._render(scope, `${at}.from`, namespace)],
      ports: targets.map(
        (port): NetworkPolicyPort => ({ protocol: port.protocol, port: IntOrString.fromNumber(port.port) }),
      ),
    };
  });
}

/** The `egress` of a workload's NetworkPolicy: DNS plus exactly the declared destinations. */
export function renderEgress(
  scope: IConstruct,
  prop: string,
  rules: readonly EgressRule[],
  namespace: string,
): NetworkPolicyEgressRule[] {
  return [
    dnsEgressRule(),
    ...rules.map((rule, index) => {
      const at = `${prop}[${index}]`;
      const peer = peerOf(scope, `${at}.to`, rule.to);
      const ports: readonly EgressPort[] | undefined =
        rule.ports ?? peer._workload?.ports.map((port) => ({ port: port.port, protocol: port.protocol }));
      if (ports === undefined || ports.length === 0) {
        throw invalidProp(
          scope,
          `${at}.ports`,
          rule.ports,
          'must list at least one destination port',
          'Add the ports the workload connects to, e.g. [{ port: 5432 }].',
        );
      }
      return {
        to: [peer._render(scope, `${at}.to`, namespace)],
        ports: ports.map((port, i): NetworkPolicyPort => {
          if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
            throw invalidProp(
              scope,
              `${at}.ports[${i}].port`,
              port.port,
              'must be an integer from 1 to 65535',
              'Use the destination port, e.g. 443.',
            );
          }
          const protocol = port.protocol ?? 'TCP';
          if (!PORT_PROTOCOLS.includes(protocol)) {
            throw invalidProp(
              scope,
              `${at}.ports[${i}].protocol`,
              protocol,
              `must be one of ${PORT_PROTOCOLS.join(', ')}`,
              "Use 'TCP'.",
            );
          }
          return { protocol, port: IntOrString.fromNumber(port.port) };
        }),
      };
    }),
  ];
}

function peerOf(scope: IConstruct, prop: string, peer: NetworkPeer): NetworkPeer {
  if (typeof peer === 'string' && HOST_NAME.test(peer)) {
    throw invalidProp(scope, prop, peer, 'must be a NetworkPeer, and cannot name a host', HOST_EGRESS_FIX);
  }
  if (!(peer instanceof NetworkPeer)) {
    throw invalidProp(
      scope,
      prop,
      peer,
      'must be a NetworkPeer',
      'Use NetworkPeer.workload(...), .pods(...), .namespace(...) or .cidr(...).',
    );
  }
  return peer;
}

const IPV4_CIDR =
  /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

/** Something a user wrote for a destination that is a host name or URL, not an address range. */
const HOST_NAME = /^([a-z][a-z0-9+.-]*:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(:[0-9]+)?(\/.*)?$/i;

/**
 * Why a NetworkPolicy cannot allow egress to a host name, and what to do instead: the fix of every error
 * that meets one.
 */
export const HOST_EGRESS_FIX =
  "NetworkPolicies match IP addresses, never host names (DNS answers change and are not visible to the policy). Allow the provider's published address ranges with NetworkPeer.cidr(...) (e.g. AWS ip-ranges.json, a SaaS vendor's egress list), send the traffic through an egress proxy or gateway you run (egress: [{ to: NetworkPeer.workload(proxy) }], the proxy allowing the host names), or use a network plugin with FQDN policies (Cilium toFQDNs, Calico DNS policy; the Amazon VPC CNI has none).";

/** Checks an IPv4 or IPv6 CIDR; a host name gets {@link HOST_EGRESS_FIX}. */
export function checkCidr(scope: IConstruct, prop: string, cidr: string): void {
  if (typeof cidr !== 'string' || !(IPV4_CIDR.test(cidr) || IPV6_CIDR.test(cidr))) {
    if (typeof cidr === 'string' && HOST_NAME.test(cidr)) {
      throw invalidProp(scope, prop, cidr, 'must be an IPv4 or IPv6 CIDR, not a host name', HOST_EGRESS_FIX);
    }
    throw invalidProp(scope, prop, cidr, 'must be an IPv4 or IPv6 CIDR', "Write it like '10.0.0.0/16'.");
  }
}
