import { failIfAny, PASS } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { annotationsOf, asArray, asRecord, asString, displayName } from '../kubernetes/object';

/** The AWS Load Balancer Controller annotation that attaches ACM certificates to an ALB's HTTPS listener. */
const ALB_CERTIFICATE = 'alb.ingress.kubernetes.io/certificate-arn';

/** True when a TLS host (exact, or `*.example.com` for one DNS label) covers a rule host. */
export function tlsHostCovers(tlsHost: string, host: string): boolean {
  const pattern = tlsHost.toLowerCase();
  const name = host.toLowerCase();
  if (pattern === name) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = name.indexOf('.');
  return dot > 0 && !name.startsWith('*') && name.slice(dot) === pattern.slice(1);
}

/**
 * Every host an Ingress routes is covered by a `spec.tls` entry (exactly, or by a one-label wildcard), so the
 * controller serves it over HTTPS. An Ingress for the AWS Load Balancer Controller may instead name ACM
 * certificates in `alb.ingress.kubernetes.io/certificate-arn`, which covers all its hosts. Rules without a
 * host are covered by any `spec.tls` entry (the controller's default certificate serves them).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#certificate-arn
 */
export const ingressTls: ManifestRule = {
  id: 'ingress-tls',
  target: 'kubernetes',
  title: 'Ingress hosts are served over TLS',
  description:
    'Every host of an Ingress is covered by spec.tls (or an ALB certificate-arn annotation), so its traffic is encrypted in transit.',
  severity: 'medium',
  kinds: ['Ingress'],
  validate(manifest): RuleResult {
    const certificate = annotationsOf(manifest)[ALB_CERTIFICATE];
    if (certificate !== undefined && certificate.trim() !== '') return PASS;
    const subject = displayName(manifest);
    const spec = asRecord(manifest.spec);
    const tlsHosts = asArray(spec?.tls).flatMap((entry) =>
      asArray(asRecord(entry)?.hosts).flatMap((host) => (typeof host === 'string' ? [host] : [])),
    );
    const hasTls = asArray(spec?.tls).some((entry) => asRecord(entry) !== undefined);
    const hosts = asArray(spec?.rules).flatMap((rule, index) => {
      const host = asString(asRecord(rule)?.host);
      return host ? [{ host, path: `spec.rules[${index}].host` }] : [];
    });

    if (!hasTls) {
      const what = hosts.length > 0 ? hosts.map((entry) => entry.host).join(', ') : 'every host it routes';
      return failIfAny([
        {
          path: 'spec.tls',
          message: `${subject}: has no spec.tls, so ${what} is served over plain HTTP; add spec.tls with the hosts and a secretName holding their certificate (or, on an ALB, ${ALB_CERTIFICATE})`,
        },
      ]);
    }
    const findings: Finding[] = hosts
      .filter(({ host }) => !tlsHosts.some((tlsHost) => tlsHostCovers(tlsHost, host)))
      .map(({ host, path }) => ({
        path,
        message: `${subject}: host '${host}' at ${path} is not listed in any spec.tls[].hosts, so the controller does not serve it over HTTPS with a certificate for it; add it to a spec.tls entry`,
      }));
    return failIfAny(findings);
  },
};
