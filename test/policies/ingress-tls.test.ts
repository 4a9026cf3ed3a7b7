import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { ingressTls as rule, tlsHostCovers } from '../../policies/src/rules/ingress-tls';
import { ingress, mutate } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());

describe('ingress-tls', () => {
  test.each([
    ['every host is listed in spec.tls', ingress(['a.example.com', 'b.example.com'])],
    ['a wildcard TLS host covers the hosts', ingress(['a.example.com', 'b.example.com'], ['*.example.com'])],
    ['hosts differ only in case', ingress(['Shop.Example.com'], ['shop.example.com'])],
    ['a hostless rule is served with spec.tls present', ingress([], ['shop.example.com'])],
    // IngressTLS.hosts defaults to the controller's wildcard host.
    [
      'a TLS entry lists no hosts',
      mutate(ingress(['shop.example.com', 'api.example.com'], ['other.example.com']), (draft) => {
        draft.spec.tls.push({ secretName: 'wildcard-tls' });
      }),
    ],
    [
      'a TLS entry lists an empty hosts',
      mutate(ingress(['shop.example.com']), (draft) => {
        draft.spec.tls = [{ hosts: [], secretName: 'wildcard-tls' }];
      }),
    ],
    [
      'an ALB Ingress names an ACM certificate',
      ingress(['shop.example.com'], null, {
        'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:111122223333:certificate/abc',
      }),
    ],
  ])('passes when %s', (_case, manifest) => {
    expect(validate(manifest)).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'there is no spec.tls',
      ingress(['shop.example.com'], null),
      'spec.tls',
      'Ingress/web: has no spec.tls, so shop.example.com is served over plain HTTP',
    ],
    [
      'there is no spec.tls and no host',
      mutate(
        ingress([], null),
        (i) => (i.spec.defaultBackend = { service: { name: 'api', port: { number: 80 } } }),
      ),
      'spec.tls',
      'so every host it routes is served over plain HTTP',
    ],
    ['spec.tls is empty', mutate(ingress(), (i) => (i.spec.tls = [])), 'spec.tls', 'has no spec.tls'],
    [
      'the ALB certificate annotation is blank',
      ingress(['shop.example.com'], null, { 'alb.ingress.kubernetes.io/certificate-arn': ' ' }),
      'spec.tls',
      'has no spec.tls',
    ],
    [
      'one host is missing from spec.tls',
      ingress(['shop.example.com', 'admin.example.com'], ['shop.example.com']),
      'spec.rules[1].host',
      "Ingress/web: host 'admin.example.com' at spec.rules[1].host is not listed in any spec.tls[].hosts",
    ],
    [
      'a wildcard spans more than one label',
      ingress(['a.b.example.com'], ['*.example.com']),
      'spec.rules[0].host',
      "host 'a.b.example.com'",
    ],
  ])('fails when %s', (_case, manifest, path, message) => {
    const result = validate(manifest);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  test.each([
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', 'x.example.org', false],
    ['example.com', 'example.com', true],
  ])('tls host %s covers %s: %s', (tlsHost, host, expected) => {
    expect(tlsHostCovers(tlsHost, host)).toBe(expected);
  });

  it('passes without throwing when spec.rules and spec.tls are malformed', () => {
    const manifest = { ...ingress(), spec: { tls: [null, { hosts: 'x' }, {}], rules: [7, { host: 9 }] } };
    expect(validate(manifest).status).toBe('pass');
  });
});

describe('ingress-tls at preview, with values not known yet', () => {
  const alb = 'alb.ingress.kubernetes.io/certificate-arn';

  it('is unknown, not failing, when the ALB certificate is an ARN not known yet (an aws.acm.Certificate)', () => {
    const manifest = mutate(ingress(['shop.example.com'], null), (d) => {
      d.metadata.annotations = { [alb]: UNKNOWN };
    });
    expect(rule.validate(manifest, ruleOptions())).toEqual({
      status: 'unknown',
      findings: [
        {
          path: `metadata.annotations['${alb}']`,
          message: `Ingress/web: metadata.annotations['${alb}'] is not known yet: cannot be verified until apply`,
        },
      ],
    });
  });

  it("leaves undecided a host no known TLS entry covers while another entry's hosts are not known yet", () => {
    const manifest = mutate(ingress(['a.example.com', 'b.example.org'], ['*.example.com']), (d) => {
      d.spec.tls.push({ hosts: UNKNOWN, secretName: 'other' });
    });
    const result = rule.validate(manifest, ruleOptions());
    expect(result.status).toBe('unknown');
    expect(result.findings.map((finding) => finding.path)).toEqual(['spec.rules[1].host']);
  });

  it('still fails an Ingress without TLS whose hosts are not known yet', () => {
    const manifest = mutate(ingress(['shop.example.com'], null), (d) => {
      d.spec.rules[0].host = UNKNOWN;
    });
    expect(rule.validate(manifest, ruleOptions()).status).toBe('fail');
  });
});
