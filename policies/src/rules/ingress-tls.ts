import { failIfAny, failOrUnknown, PASS, unknownAt, unknownFinding } from '../engine/result';
import type { Finding, Manifest, ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asArray, asRecord, displayName, valueAt } from '../kubernetes/object';

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
 * host are covered by any `spec.tls` entry (the controller's default certificate serves them), and every host
 * by an entry without `hosts`, which defaults to the controller's wildcard host.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/#IngressSpec (tls.hosts)
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
    const subject = displayName(manifest);
    const certificate = valueAt(manifest, 'metadata', 'annotations', ALB_CERTIFICATE);
    if (typeof certificate === 'string' && certificate.trim() !== '') return PASS;
    const result = tlsVerdict(manifest, subject);
    // An ACM certificate not known yet (Pulumi preview: an aws.acm.Certificate's arn) may cover every host.
    const certificatePath = `metadata.annotations['${ALB_CERTIFICATE}']`;
    return result.status === 'fail' && isUnknown(certificate)
      ? unknownAt(certificatePath, `${subject}: ${certificatePath} is not known yet`)
      : result;
  },
};

/** The verdict of `spec.tls` alone; a host or TLS entry not known yet leaves its host undecided. */
function tlsVerdict(manifest: Manifest, subject: string): RuleResult {
  const notKnown = (path: string, what = path) =>
    unknownFinding(path, `${subject}: ${what} is not known yet`);
  const tls = valueAt(manifest, 'spec', 'tls');
  if (isUnknown(tls)) return unknownAt('spec.tls', `${subject}: spec.tls is not known yet`);
  const entries = asArray(tls);
  const hasTls = entries.some((entry) => asRecord(entry) !== undefined || isUnknown(entry));
  const rules = valueAt(manifest, 'spec', 'rules');
  const hosts = asArray(rules).flatMap((rule, index): { host: string | undefined; path: string }[] => {
    const host = valueAt(rule, 'host');
    const path = `spec.rules[${index}].host`;
    return isUnknown(host)
      ? [{ host: undefined, path }]
      : typeof host === 'string' && host
        ? [{ host, path }]
        : [];
  });

  if (!hasTls) {
    const known = hosts.flatMap(({ host }) => (host === undefined ? [] : [host]));
    const what = known.length > 0 && !isUnknown(rules) ? known.join(', ') : 'every host it routes';
    return failIfAny([
      {
        path: 'spec.tls',
        message: `${subject}: has no spec.tls, so ${what} is served over plain HTTP; add spec.tls with the hosts and a secretName holding their certificate (or, on an ALB, ${ALB_CERTIFICATE})`,
      },
    ]);
  }
  // An entry without hosts serves the controller's wildcard host (IngressTLS.hosts), so every host.
  const coversAll = entries.some((entry) => {
    const record = asRecord(entry);
    if (!record) return false;
    const list = record.hosts;
    return list === undefined || list === null || (Array.isArray(list) && list.length === 0);
  });
  if (coversAll) return PASS;
  if (isUnknown(rules)) return unknownAt('spec.rules', `${subject}: spec.rules is not known yet`);
  // Where a TLS host list is not known yet, any host might be in it.
  let unknownTls: string | undefined;
  const tlsHosts: string[] = [];
  entries.forEach((entry, index) => {
    const list = valueAt(entry, 'hosts');
    if (isUnknown(list)) unknownTls ??= `spec.tls[${index}].hosts`;
    asArray(list).forEach((host, item) => {
      if (isUnknown(host)) unknownTls ??= `spec.tls[${index}].hosts[${item}]`;
      else if (typeof host === 'string') tlsHosts.push(host);
    });
  });
  const findings: Finding[] = [];
  const unknowns: Finding[] = [];
  for (const { host, path } of hosts) {
    if (host !== undefined && tlsHosts.some((tlsHost) => tlsHostCovers(tlsHost, host))) continue;
    if (host === undefined) unknowns.push(notKnown(path, `the host at ${path}`));
    else if (unknownTls)
      unknowns.push(notKnown(path, `whether ${unknownTls} covers host '${host}' at ${path}`));
    else {
      findings.push({
        path,
        message: `${subject}: host '${host}' at ${path} is not listed in any spec.tls[].hosts, so the controller does not serve it over HTTPS with a certificate for it; add it to a spec.tls entry`,
      });
    }
  }
  return failOrUnknown(findings, unknowns);
}
