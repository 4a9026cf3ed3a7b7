import { IntOrString, KubeService, type KubeServiceProps } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { checkReason, exemptionAnnotations, type Justification } from './exemptions';
import { HardenedNamespace } from './hardened-namespace';
import type { HardenedWorkload } from './hardened-workload';
import { L1Object } from './l1-object';
import { checkWorkloadName, MANAGED_BY, MANAGED_BY_LABEL } from './names';
import { checkCidr, type NetworkPeer } from './network-peer';
import { findPort, type PortRef } from './ports';
import { invalidProp } from './prop-error';

/** The annotations of the AWS Load Balancer Controller this construct writes. */
const LB = 'service.beta.kubernetes.io/aws-load-balancer-';
/** The `loadBalancerClass` the AWS Load Balancer Controller reconciles (an NLB). */
export const AWS_NLB_CLASS = 'service.k8s.aws/nlb';

/** Props of {@link HardenedLoadBalancer}. */
export interface HardenedLoadBalancerProps {
  /** The workload the load balancer sends traffic to (its pods, by IP). */
  readonly target: HardenedWorkload;
  /** The target's declared port the traffic goes to, by name or number. @default its first declared port */
  readonly targetPort?: PortRef;
  /** Name of the Service. @default `<target name>-lb` */
  readonly name?: string;
  /**
   * Where the pods see the traffic come from, for their NetworkPolicy: the load balancer's own addresses,
   * which are in its subnets (client IP preservation is turned off, so the NetworkPolicy can name them), e.g.
   * `NetworkPeer.cidr('10.0.0.0/16')` for the VPC.
   */
  readonly from: NetworkPeer;
  /**
   * Makes the load balancer internet-facing, with the reason; recorded as an exemption of rule
   * `service-no-public-load-balancer`. @default internal (reachable only inside the VPC)
   */
  readonly internetFacing?: Justification;
  /**
   * An ACM certificate ARN: the listener terminates TLS with it. Required for an internet-facing load
   * balancer unless `plaintext` says why not. @default no TLS
   */
  readonly certificateArn?: string;
  /** Serves an internet-facing load balancer without TLS, with the reason. @default TLS is required */
  readonly plaintext?: Justification;
  /** The listener port. @default 443 with a certificate, else 80 */
  readonly listenerPort?: number;
  /** Client addresses the load balancer accepts (`loadBalancerSourceRanges`). @default any */
  readonly clientCidrs?: readonly string[];
}

/**
 * A public (or internal) entry point: a LoadBalancer Service for the AWS Load Balancer Controller (an NLB with
 * IP targets, `spec.loadBalancerClass: service.k8s.aws/nlb`), the NetworkPolicy ingress that lets the load
 * balancer reach the target's port, and the namespace quota for it (the `HardenedNamespace` of the target's
 * namespace, if the app has it, raises `services.loadbalancers`). No node port is allocated
 * (`allocateLoadBalancerNodePorts: false`), so the namespace's `services.nodeports: 0` still holds.
 *
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/
 */
export class HardenedLoadBalancer extends Construct {
  readonly name: string;
  readonly service: L1Object<KubeServiceProps | undefined>;

  constructor(scope: Construct, id: string, props: HardenedLoadBalancerProps) {
    super(scope, id);
    const target = props.target;
    if (!target?.service || target.ports.length === 0) {
      throw invalidProp(
        this,
        'target',
        target?.node.path,
        'must be a hardened workload that declares a port',
        "Declare the port the load balancer sends traffic to in the target's 'ports'.",
      );
    }
    this.name = checkWorkloadName(
      this,
      props.name === undefined ? 'name (<target>-lb)' : 'name',
      props.name ?? `${target.name}-lb`,
    );
    const port = findPort(this, 'targetPort', target.ports, props.targetPort);
    const internetFacing = props.internetFacing !== undefined;
    const exemptions = internetFacing
      ? [
          {
            rule: 'service-no-public-load-balancer',
            reason: checkReason(this, 'internetFacing', props.internetFacing),
          },
        ]
      : [];
    if (props.certificateArn !== undefined && props.plaintext !== undefined) {
      throw invalidProp(
        this,
        'plaintext',
        props.plaintext,
        'cannot be set with certificateArn',
        'Keep certificateArn (TLS) and drop plaintext.',
      );
    }
    if (
      props.certificateArn !== undefined &&
      !/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(props.certificateArn)
    ) {
      throw invalidProp(
        this,
        'certificateArn',
        props.certificateArn,
        'must be an ACM certificate ARN',
        "Write it like 'arn:aws:acm:eu-west-1:123456789012:certificate/<id>'.",
      );
    }
    if (internetFacing && props.certificateArn === undefined) {
      if (props.plaintext === undefined) {
        throw invalidProp(
          this,
          'certificateArn',
          undefined,
          'is required for an internet-facing load balancer',
          'Pass the ACM certificate the listener serves, or plaintext: { reason } if clients must connect without TLS.',
        );
      }
      checkReason(this, 'plaintext', props.plaintext);
    }
    const listenerPort = props.listenerPort ?? (props.certificateArn ? 443 : 80);
    if (!Number.isInteger(listenerPort) || listenerPort < 1 || listenerPort > 65535) {
      throw invalidProp(
        this,
        'listenerPort',
        listenerPort,
        'must be an integer from 1 to 65535',
        'Use 443 for TLS.',
      );
    }
    (props.clientCidrs ?? []).forEach((cidr, index) => {
      checkCidr(this, `clientCidrs[${index}]`, cidr);
    });

    const annotations: Record<string, string> = {
      [`${LB}scheme`]: internetFacing ? 'internet-facing' : 'internal',
      [`${LB}nlb-target-type`]: 'ip',
      // The pods then see the load balancer's addresses, which their NetworkPolicy admits (props.from).
      [`${LB}target-group-attributes`]: 'preserve_client_ip.enabled=false',
      ...(props.certificateArn
        ? { [`${LB}ssl-cert`]: props.certificateArn, [`${LB}ssl-ports`]: String(listenerPort) }
        : {}),
      ...exemptionAnnotations(this, 'exemptions', [], exemptions),
    };
    this.service = new L1Object(this, 'Resource', KubeService, {
      metadata: {
        name: this.name,
        namespace: target.namespace,
        labels: { ...target.labels, [MANAGED_BY_LABEL]: MANAGED_BY },
        annotations,
      },
      spec: {
        type: 'LoadBalancer',
        loadBalancerClass: AWS_NLB_CLASS,
        allocateLoadBalancerNodePorts: false,
        selector: { ...target.selectorLabels },
        ports: [
          {
            name: props.certificateArn ? 'https' : port.name,
            port: listenerPort,
            targetPort: IntOrString.fromString(port.name),
            protocol: 'TCP',
          },
        ],
        ...(props.clientCidrs ? { loadBalancerSourceRanges: [...props.clientCidrs] } : {}),
      },
    });
    target.allowIngressFrom(props.from, [port.name]);
    HardenedNamespace.find(this, target.namespace)?.reserveLoadBalancer(this);
  }
}
