import { ADMISSION_BOUNDS } from '../admission/bounds';
import { firstMessage, JS_WHITESPACE, metadataEntry, str } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';

const ALB_CERTIFICATE = 'alb.ingress.kubernetes.io/certificate-arn';
const BOUND = ADMISSION_BOUNDS.ingressEntries;

/**
 * CEL: TLS host `p` covers rule host `h`, both already in lower case (exactly, or `*.example.com` for one DNS
 * label), as `tlsHostCovers`. Lower case is ASCII lower case: rule hosts are DNS names (the API server
 * validates them), so only a non-ASCII TLS host whose lower case is ASCII (the Kelvin sign) reads differently.
 */
const covers = (p: string, h: string) =>
  `${p} == ${h} || (${p}.startsWith('*.') && ${h}.indexOf('.') > 0 && !${h}.startsWith('*') && ${h}.substring(${h}.indexOf('.')) == ${p}.substring(1))`;

/** CEL: rule host `h` (lower case, `''` when the rule has none) is served by no TLS entry. */
const uncovered = (h: string) =>
  `${h} != '' && !variables.wildcardTls && !variables.tlsHosts.exists(t, t.exists(p, ${covers('p', h)}))`;

/** {@link ingressTls} at admission. */
export const ingressTlsAdmission: AdmissionForm = {
  rule: 'ingress-tls',
  reads: ['spec', 'metadata.annotations'],
  variables: [
    { name: 'tls', expression: '(has(object.spec) && has(object.spec.tls) ? object.spec.tls : [])' },
    { name: 'rules', expression: '(has(object.spec) && has(object.spec.rules) ? object.spec.rules : [])' },
    { name: 'ruleHosts', expression: "variables.rules.map(r, has(r.host) ? r.host.lowerAscii() : '')" },
    {
      name: 'tlsHosts',
      expression: 'variables.tls.map(t, has(t.hosts) ? t.hosts.map(p, p.lowerAscii()) : [])',
    },
    // An entry without hosts serves the controller's wildcard host, so every host.
    { name: 'wildcardTls', expression: 'variables.tls.exists(t, !has(t.hosts) || size(t.hosts) == 0)' },
    {
      name: 'certificate',
      expression: `!${metadataEntry('annotations', ALB_CERTIFICATE)}.matches(${str(`^[${JS_WHITESPACE}]*$`)})`,
    },
    {
      name: 'withinBounds',
      expression: `size(variables.rules) <= ${BOUND} && size(variables.tls) <= ${BOUND} && variables.tls.map(t, has(t.hosts) ? size(t.hosts) : 0).sum() <= ${BOUND} && variables.tls.all(t, !has(t.hosts) || t.hosts.all(p, size(p) <= 253))`,
    },
  ],
  validations: [
    {
      expression: 'variables.certificate || variables.withinBounds',
      messageExpression: `variables.subject + ': has more than ${BOUND} rules, TLS entries or TLS hosts (or a TLS host longer than 253 characters), more than this admission policy checks within the API server\\'s CEL cost limit; split the Ingress'`,
    },
    {
      expression: `variables.certificate || !variables.withinBounds || (size(variables.tls) > 0 && variables.ruleHosts.all(h, !(${uncovered('h')})))`,
      messageExpression: `size(variables.tls) == 0 ? variables.subject + ': has no spec.tls, so ' + (variables.rules.exists(r, has(r.host) && r.host != '') ? variables.rules.filter(r, has(r.host) && r.host != '').map(r, r.host).join(', ') : 'every host it routes') + ' is served over plain HTTP; add spec.tls with the hosts and a secretName holding their certificate (or, on an ALB, ${ALB_CERTIFICATE})' : ${firstMessage([{ list: 'variables.ruleHosts', bad: uncovered, message: (h) => `variables.subject + ': host \\'' + variables.rules[variables.ruleHosts.indexOf(${h})].host + '\\' at spec.rules[' + string(variables.ruleHosts.indexOf(${h})) + '].host is not listed in any spec.tls[].hosts, so the controller does not serve it over HTTPS with a certificate for it; add it to a spec.tls entry'` }], 'h')}`,
    },
  ],
};
