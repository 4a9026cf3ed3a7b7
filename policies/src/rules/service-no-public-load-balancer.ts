import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { annotationsOf, asRecord, displayName, valueAt } from '../kubernetes/object';

const SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
/** The `spec.loadBalancerClass` the AWS Load Balancer Controller reconciles. */
const LBC_CLASS = 'service.k8s.aws/nlb';
/** The `spec.loadBalancerClass` of EKS Auto Mode, which reads the same annotations. */
const AUTO_MODE_CLASS = 'eks.amazonaws.com/nlb';

/** Go's `strconv.ParseBool`, which the AWS Load Balancer Controller reads boolean annotations with. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

const at = (key: string) => `metadata.annotations['${key}']`;

/**
 * A Service of type LoadBalancer asks AWS for an internal load balancer, and says so in a way the controller
 * that reconciles it reads:
 *
 * - The AWS Load Balancer Controller (Services with `aws-load-balancer-type: external` or `nlb-ip`, or
 *   `spec.loadBalancerClass: service.k8s.aws/nlb`) and EKS Auto Mode (`eks.amazonaws.com/nlb`) read
 *   `aws-load-balancer-scheme` (`internal` or `internet-facing`) first, then the deprecated boolean
 *   `aws-load-balancer-internal`; their default when neither is set is internal but is a controller setting,
 *   so the rule wants it written down.
 * - Another `spec.loadBalancerClass` hands the Service to a controller the rule does not know: it fails, as
 *   nothing tells whether that load balancer is internal.
 * - The in-tree cloud provider (any other LoadBalancer Service, without a class) ignores `aws-load-balancer-scheme`, creates an
 *   internet-facing load balancer by default, and makes it internal for any non-empty
 *   `aws-load-balancer-internal` other than `false` (`true`, or `0.0.0.0/0` in old releases, but also `yes`).
 *
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/#lb-scheme
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#service-beta-kubernetes-io-aws-load-balancer-internal
 */
export const serviceNoPublicLoadBalancer: ManifestRule = {
  id: 'service-no-public-load-balancer',
  target: 'kubernetes',
  title: 'LoadBalancer Services are internal',
  description:
    'A Service of type LoadBalancer is annotated to get an internal AWS load balancer, in the annotation the controller that reconciles it reads, so it is never exposed to the internet by default.',
  severity: 'high',
  kinds: ['Service'],
  validate(manifest): RuleResult {
    const subject = displayName(manifest);
    // A value not known yet (Pulumi preview) decides nothing: where the verdict hangs on one, it is unknown.
    const notKnown = (path: string) => unknownAt(path, `${subject}: ${path} is not known yet`);
    if (isUnknown(valueAt(manifest, 'spec', 'type'))) return notKnown('spec.type');
    const spec = asRecord(manifest.spec);
    if (spec?.type !== 'LoadBalancer') return NOT_APPLICABLE;
    if (isUnknown(valueAt(manifest, 'metadata', 'annotations'))) return notKnown('metadata.annotations');
    const unknownAnnotation = (key: string) => isUnknown(valueAt(manifest, 'metadata', 'annotations', key));
    if (unknownAnnotation(SCHEME)) return notKnown(at(SCHEME));
    const annotations = annotationsOf(manifest);
    const scheme = annotations[SCHEME];
    const internal = annotations[INTERNAL];
    const lbType = annotations[LB_TYPE];
    const lbClass = spec.loadBalancerClass;
    const awsClass = lbClass === LBC_CLASS || lbClass === AUTO_MODE_CLASS;
    const byController = awsClass || lbType === 'external' || lbType === 'nlb-ip';
    // Where the controller that reconciles the Service is not known yet, if it is not already known to be the AWS one.
    const controllerUnknown = byController
      ? undefined
      : isUnknown(spec.loadBalancerClass)
        ? 'spec.loadBalancerClass'
        : unknownAnnotation(LB_TYPE)
          ? at(LB_TYPE)
          : undefined;
    const fail = (path: string, message: string) => failIfAny([{ path, message: `${subject}: ${message}` }]);
    // Another class hands the Service to a controller of its own, which neither AWS one nor the in-tree
    // provider reconciles.
    if (typeof lbClass === 'string' && lbClass !== '' && !awsClass) {
      return fail(
        'spec.loadBalancerClass',
        `spec.loadBalancerClass '${lbClass}' hands the Service to a load balancer controller this rule does not know, so whether its load balancer is internal cannot be told; use ${LBC_CLASS} (AWS Load Balancer Controller) or ${AUTO_MODE_CLASS} (EKS Auto Mode) with ${SCHEME}: internal, or exempt the Service with the reason its load balancer is internal`,
      );
    }

    if (scheme !== undefined) {
      if (scheme === 'internet-facing') {
        return fail(
          at(SCHEME),
          `${SCHEME} at ${at(SCHEME)} is internet-facing, so the load balancer is reachable from the internet; set it to internal and publish through an internal path, or exempt the Service with the reason it must be public`,
        );
      }
      if (scheme !== 'internal') {
        return fail(
          at(SCHEME),
          `${SCHEME} at ${at(SCHEME)} is '${scheme}', which is not a scheme; set it to internal`,
        );
      }
      if (byController || (internal !== undefined && internalForInTree(internal))) return PASS;
      if (controllerUnknown) return notKnown(controllerUnknown);
      if (unknownAnnotation(INTERNAL)) return notKnown(at(INTERNAL));
      return fail(
        at(SCHEME),
        `${SCHEME}: internal at ${at(SCHEME)} is read only by the AWS Load Balancer Controller, and nothing addresses this Service to it, so the in-tree cloud provider would create an internet-facing load balancer; add ${LB_TYPE}: external (or spec.loadBalancerClass: ${LBC_CLASS})`,
      );
    }

    if (unknownAnnotation(INTERNAL)) return notKnown(at(INTERNAL));
    if (internal !== undefined) {
      const forController = parseGoBool(internal);
      const forInTree = internalForInTree(internal);
      if (byController) {
        if (forController === true) return PASS;
      } else if (forInTree) {
        // Internal as the in-tree provider reads it; the AWS controller, should it turn out to reconcile the
        // Service, must read it so too.
        if (forController === true || controllerUnknown === undefined) return PASS;
        return notKnown(controllerUnknown);
      }
      return fail(
        at(INTERNAL),
        `${INTERNAL} at ${at(INTERNAL)} is '${internal}', ${
          byController && forController === undefined
            ? 'which the AWS Load Balancer Controller rejects (it wants a boolean)'
            : 'so the load balancer is internet-facing'
        }; set ${SCHEME}: internal`,
      );
    }

    return fail(
      'metadata.annotations',
      `type LoadBalancer without ${SCHEME}: internal; the in-tree cloud provider creates an internet-facing load balancer by default (the AWS Load Balancer Controller's default is a controller setting); annotate the Service ${SCHEME}: internal and ${LB_TYPE}: external`,
    );
  },
};

/**
 * How the in-tree cloud provider reads `aws-load-balancer-internal`: internal for any value but `false` and the
 * empty string (not Go's booleans: `False` and `0` make it internal too).
 */
function internalForInTree(value: string): boolean {
  return value !== '' && value !== 'false';
}
