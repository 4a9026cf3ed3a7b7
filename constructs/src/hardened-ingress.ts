import { KubeIngress, type KubeIngressProps } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import type { Justification } from './exemptions';
import { checkReason } from './exemptions';
import type { HardenedWorkload } from './hardened-workload';
import { L1Object } from './l1-object';
import { checkDnsLabel, checkWorkloadName, MANAGED_BY, MANAGED_BY_LABEL } from './names';
import type { NetworkPeer } from './network-peer';
import { findPort, type PortRef } from './ports';
import { invalidProp } from './prop-error';

/** The IngressClass of the AWS Load Balancer Controller (an ALB). */
export const ALB_INGRESS_CLASS = 'alb';

/** How an Ingress serves TLS: a certificate Secret (any controller) or ACM certificates (the ALB). */
export type IngressTls =
  | { readonly secretName: string; readonly certificateArns?: undefined }
  | { readonly certificateArns: readonly string[]; readonly secretName?: undefined };

/** Props of {@link HardenedIngress}. */
export interface HardenedIngressProps {
  /** The workload the Ingress routes to (through its Service). */
  readonly target: HardenedWorkload;
  /** The target's declared port, by name or number. @default its first declared port */
  readonly targetPort?: PortRef;
  /** Name of the Ingress. @default the target's name */
  readonly name?: string;
  /** The host name clients use, e.g. `shop.example.com`. */
  readonly host: string;
  /** The path prefix routed to the target. @default '/' */
  readonly path?: string;
  /** The IngressClass. @default 'alb' (the AWS Load Balancer Controller) */
  readonly className?: string;
  /** How TLS is served; required (plain HTTP is never offered). */
  readonly tls: IngressTls;
  /**
   * Where the pods see the traffic come from, for their NetworkPolicy: an ingress controller's namespace
   * (`NetworkPeer.namespace('ingress-nginx')`), or for the ALB (IP targets) the VPC CIDR.
   */
  readonly from: NetworkPeer;
  /** For the ALB: makes it internet-facing, with the reason. @default internal */
  readonly internetFacing?: Justification;
}

const HOST = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * An Ingress with TLS required: the host is always in `spec.tls` (or served by ACM certificates on an ALB,
 * whose listener is HTTPS only), the NetworkPolicy of the target admits the controller (`from`) on the
 * target's port, and for the ALB the scheme is written down (internal unless `internetFacing` says why).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
 */
export class HardenedIngress extends Construct {
  readonly name: string;
  readonly ingress: L1Object<KubeIngressProps | undefined>;

  constructor(scope: Construct, id: string, props: HardenedIngressProps) {
    super(scope, id);
    const target = props.target;
    if (!target?.service || target.ports.length === 0) {
      throw invalidProp(
        this,
        'target',
        target?.node.path,
        'must be a hardened workload that declares a port',
        "Declare the port the Ingress routes to in the target's 'ports'.",
      );
    }
    this.name = checkWorkloadName(
      this,
      props.name === undefined ? 'name (the target name)' : 'name',
      props.name ?? target.name,
    );
    const port = findPort(this, 'targetPort', target.ports, props.targetPort);
    if (typeof props.host !== 'string' || !HOST.test(props.host)) {
      throw invalidProp(
        this,
        'host',
        props.host,
        'must be a lowercase DNS name',
        "Write it like 'shop.example.com'.",
      );
    }
    const path = props.path ?? '/';
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw invalidProp(this, 'path', path, "must start with '/'", "Use '/' for every path.");
    }
    const className = props.className ?? ALB_INGRESS_CLASS;
    checkDnsLabel(this, 'className', className);
    const alb = className === ALB_INGRESS_CLASS;
    const tls = props.tls;
    const arns = tls?.certificateArns;
    if (!tls || (tls.secretName === undefined && (arns === undefined || arns.length === 0))) {
      throw invalidProp(
        this,
        'tls',
        tls,
        'is required: a certificate secretName, or certificateArns on the ALB',
        "Pass tls: { secretName: 'shop-tls' } (cert-manager or your own Secret), or on the ALB tls: { certificateArns: ['arn:aws:acm:...'] }.",
      );
    }
    if (arns !== undefined && !alb) {
      throw invalidProp(
        this,
        'tls.certificateArns',
        arns,
        `are read only by the AWS Load Balancer Controller (className '${ALB_INGRESS_CLASS}')`,
        'Use tls: { secretName } with this controller.',
      );
    }
    if (tls.secretName !== undefined) checkDnsLabel(this, 'tls.secretName', tls.secretName);
    if (props.internetFacing !== undefined && !alb) {
      throw invalidProp(
        this,
        'internetFacing',
        props.internetFacing,
        `is an ALB setting (className '${ALB_INGRESS_CLASS}')`,
        "Expose the controller's own Service instead.",
      );
    }
    const annotations: Record<string, string> = alb
      ? {
          'alb.ingress.kubernetes.io/scheme': props.internetFacing ? 'internet-facing' : 'internal',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
          ...(arns ? { 'alb.ingress.kubernetes.io/certificate-arn': arns.join(',') } : {}),
          ...(props.internetFacing
            ? {
                'eks-hardening.io/internet-facing': checkReason(this, 'internetFacing', props.internetFacing),
              }
            : {}),
        }
      : {};
    this.ingress = new L1Object(this, 'Resource', KubeIngress, {
      metadata: {
        name: this.name,
        namespace: target.namespace,
        labels: { ...target.labels, [MANAGED_BY_LABEL]: MANAGED_BY },
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        ingressClassName: className,
        tls: [{ hosts: [props.host], ...(tls.secretName ? { secretName: tls.secretName } : {}) }],
        rules: [
          {
            host: props.host,
            http: {
              paths: [
                {
                  path,
                  pathType: 'Prefix',
                  backend: { service: { name: target.service.name, port: { number: port.servicePort } } },
                },
              ],
            },
          },
        ],
      },
    });
    target.allowIngressFrom(props.from, [port.name]);
  }
}
