import { ADMISSION_BOUNDS } from '../admission/bounds';
import { JS_WHITESPACE, metadataEntry, str } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';

const ALB_CERTIFICATE = 'alb.ingress.kubernetes.io/certificate-arn';
const BOUND = ADMISSION_BOUNDS.ingressEntries;

/** CEL: TLS host `p` covers rule host `h` (exactly, or `*.example.com` for one DNS label), as `tlsHostCovers`. */
const covers = (p: string, h: string) =>
  `${p}.lowerAscii() == ${h}.lowerAscii() || (${p}.startsWith('*.') && ${h}.indexOf('.') > 0 && !${h}.startsWith('*') && ${h}.lowerAscii().substring(${h}.indexOf('.')) == ${p}.lowerAscii().substring(1))`;

const uncovered = (r: string) =>
  `has(${r}.host) && ${r}.host != '' && !variables.tls.exists(t, has(t.hosts) && t.hosts.exists(p, ${covers('p', `${r}.host`)}))`;

/** {@link ingressTls} at admission. */
export const ingressTlsAdmission: AdmissionForm = {
  rule: 'ingress-tls',
  reads: ['spec', 'metadata.annotations'],
  variables: [
    { name: 'tls', expression: '(has(object.spec) && has(object.spec.tls) ? object.spec.tls : [])' },
    { name: 'rules', expression: '(has(object.spec) && has(object.spec.rules) ? object.spec.rules : [])' },
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
      expression: `variables.certificate || !variables.withinBounds || (size(variables.tls) > 0 && variables.rules.all(r, !(${uncovered('r')})))`,
      messageExpression: `size(variables.tls) == 0 ? variables.subject + ': has no spec.tls, so ' + (variables.rules.exists(r, has(r.host) && r.host != '') ? variables.rules.filter(r, has(r.host) && r.host != '').map(r, r.host).join(', ') : 'every host it routes') + ' is served over plain HTTP; add spec.tls with the hosts and a secretName holding their certificate (or, on an ALB, ${ALB_CERTIFICATE})' : (variables.rules.filter(r, ${uncovered('r')}).map(r, variables.subject + ': host \\'' + r.host + '\\' at spec.rules[' + string(variables.rules.indexOf(r)) + '].host is not listed in any spec.tls[].hosts, so the controller does not serve it over HTTPS with a certificate for it; add it to a spec.tls entry') + [''])[0]`,
    },
  ],
};
