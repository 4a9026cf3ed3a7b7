import { failIfAny, PASS } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { asRecord, displayName } from '../kubernetes/object';

/**
 * No Service has `type: NodePort`, which opens its port on every node's network interfaces and bypasses
 * load-balancer security groups. LoadBalancer Services also allocate node ports; that is the load balancer's
 * concern, checked by service-no-public-load-balancer.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export const serviceNoNodePort: ManifestRule = {
  id: 'service-no-node-port',
  target: 'kubernetes',
  title: 'No NodePort Services',
  description:
    'A Service is not of type NodePort, which exposes it on a port of every node and bypasses load-balancer security groups.',
  severity: 'medium',
  kinds: ['Service'],
  validate(manifest): RuleResult {
    if (asRecord(manifest.spec)?.type !== 'NodePort') return PASS;
    return failIfAny([
      {
        path: 'spec.type',
        message: `${displayName(manifest)}: spec.type is NodePort, which opens the Service on a port of every node; use ClusterIP behind an Ingress or an internal LoadBalancer`,
      },
    ]);
  },
};
