import { metadataEntry, present } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';

const SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const LB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';

/** The load balancer classes of the AWS Load Balancer Controller and of EKS Auto Mode. */
const AWS_CLASSES = "['service.k8s.aws/nlb', 'eks.amazonaws.com/nlb']";

/** Go's `strconv.ParseBool` true values, which the AWS Load Balancer Controller reads booleans with. */
const GO_TRUE = "['1', 't', 'T', 'TRUE', 'true', 'True']";
const GO_FALSE = "['0', 'f', 'F', 'FALSE', 'false', 'False']";

/** The in-tree cloud provider's reading of `aws-load-balancer-internal`: internal for any value but `false` and ''. */
const IN_TREE_INTERNAL =
  "(variables.internal != null && variables.internal != '' && variables.internal != 'false')";

/** An annotation that is absent reads as this, which no annotation value can be (values are strings). */
const UNSET = 'null';

/** {@link serviceNoPublicLoadBalancer} at admission, reading the annotations as the rule does. */
export const serviceNoPublicLoadBalancerAdmission: AdmissionForm = {
  rule: 'service-no-public-load-balancer',
  reads: ['spec', 'metadata.annotations'],
  variables: [
    { name: 'scheme', expression: metadataEntry('annotations', SCHEME, UNSET) },
    { name: 'internal', expression: metadataEntry('annotations', INTERNAL, UNSET) },
    {
      name: 'lbClass',
      expression: `${present('object', 'spec', 'loadBalancerClass')} ? object.spec.loadBalancerClass : ''`,
    },
    { name: 'awsClass', expression: `variables.lbClass in ${AWS_CLASSES}` },
    {
      name: 'byController',
      expression: `variables.awsClass || ${metadataEntry('annotations', LB_TYPE)} in ['external', 'nlb-ip']`,
    },
  ],
  validations: [
    {
      expression: `!(${present('object', 'spec', 'type')} && object.spec.type == 'LoadBalancer') || ((variables.lbClass == '' || variables.awsClass) && (variables.scheme != null ? variables.scheme == 'internal' && (variables.byController || ${IN_TREE_INTERNAL}) : variables.internal != null && (variables.byController ? variables.internal in ${GO_TRUE} : ${IN_TREE_INTERNAL})))`,
      messageExpression: `variables.subject + ': ' + (variables.lbClass != '' && !variables.awsClass ? 'spec.loadBalancerClass \\'' + variables.lbClass + '\\' hands the Service to a load balancer controller this rule does not know, so whether its load balancer is internal cannot be told; use service.k8s.aws/nlb (AWS Load Balancer Controller) or eks.amazonaws.com/nlb (EKS Auto Mode) with ${SCHEME}: internal, or exempt the Service with the reason its load balancer is internal' : variables.scheme != null ? (variables.scheme == 'internet-facing' ? '${SCHEME} at metadata.annotations[\\'${SCHEME}\\'] is internet-facing, so the load balancer is reachable from the internet; set it to internal and publish through an internal path, or exempt the Service with the reason it must be public' : variables.scheme != 'internal' ? '${SCHEME} at metadata.annotations[\\'${SCHEME}\\'] is \\'' + variables.scheme + '\\', which is not a scheme; set it to internal' : '${SCHEME}: internal at metadata.annotations[\\'${SCHEME}\\'] is read only by the AWS Load Balancer Controller, and nothing addresses this Service to it, so the in-tree cloud provider would create an internet-facing load balancer; add ${LB_TYPE}: external (or spec.loadBalancerClass: service.k8s.aws/nlb)') : variables.internal != null ? '${INTERNAL} at metadata.annotations[\\'${INTERNAL}\\'] is \\'' + variables.internal + '\\', ' + (variables.byController && !(variables.internal in ${GO_FALSE}) ? 'which the AWS Load Balancer Controller rejects (it wants a boolean)' : 'so the load balancer is internet-facing') + '; set ${SCHEME}: internal' : 'type LoadBalancer without ${SCHEME}: internal at metadata.annotations; the in-tree cloud provider creates an internet-facing load balancer by default (the AWS Load Balancer Controller\\'s default is a controller setting); annotate the Service ${SCHEME}: internal and ${LB_TYPE}: external')`,
    },
  ],
};
