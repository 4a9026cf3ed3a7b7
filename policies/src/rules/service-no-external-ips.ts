import { failIfAny, PASS } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { asArray, asRecord, displayName } from '../kubernetes/object';

/**
 * No Service sets `spec.externalIPs`: whoever can create a Service with external IPs can intercept traffic
 * the cluster sends to those addresses (CVE-2020-8554); Kubernetes recommends denying the field outright.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
 * @see https://github.com/kubernetes/kubernetes/issues/97076
 */
export const serviceNoExternalIps: ManifestRule = {
  id: 'service-no-external-ips',
  target: 'kubernetes',
  title: 'No Service external IPs',
  description:
    'A Service sets no spec.externalIPs, which let it capture cluster traffic addressed to any IP (CVE-2020-8554).',
  severity: 'high',
  kinds: ['Service'],
  validate(manifest): RuleResult {
    const spec = asRecord(manifest.spec);
    if (spec?.externalIPs === undefined || spec.externalIPs === null) return PASS;
    const subject = displayName(manifest);
    if (!Array.isArray(spec.externalIPs)) {
      return failIfAny([
        {
          path: 'spec.externalIPs',
          message: `${subject}: spec.externalIPs is set at spec.externalIPs; remove it and expose the Service through a load balancer or Ingress`,
        },
      ]);
    }
    return failIfAny(
      asArray(spec.externalIPs).map((entry, index) => {
        const path = `spec.externalIPs[${index}]`;
        const shown = typeof entry === 'string' ? ` '${entry}'` : '';
        return {
          path,
          message: `${subject}: external IP${shown} at ${path} lets the Service capture traffic the cluster sends to that address (CVE-2020-8554); remove it and expose the Service through a load balancer or Ingress`,
        };
      }),
    );
  },
};
