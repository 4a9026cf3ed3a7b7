import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { serviceNoPublicLoadBalancer as rule } from '../../policies/src/rules/service-no-public-load-balancer';
import { service } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const SCHEME = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const INTERNAL = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const loadBalancer = (annotations: Record<string, string>, spec: Record<string, unknown> = {}) =>
  service({ type: 'LoadBalancer', ...spec }, annotations);

describe('service-no-public-load-balancer', () => {
  test.each([
    ['the AWS LBC is asked for scheme internal', { [TYPE]: 'external', [SCHEME]: 'internal' }, {}],
    [
      'loadBalancerClass selects the AWS LBC with scheme internal',
      { [SCHEME]: 'internal' },
      { loadBalancerClass: 'service.k8s.aws/nlb' },
    ],
    [
      'the deprecated nlb-ip type is used with scheme internal',
      { [TYPE]: 'nlb-ip', [SCHEME]: 'internal' },
      {},
    ],
    [
      'scheme internal is paired with internal: true for the in-tree provider',
      { [SCHEME]: 'internal', [INTERNAL]: 'true' },
      {},
    ],
    ['the in-tree provider is asked with internal: "true"', { [INTERNAL]: 'true' }, {}],
    ['the in-tree provider is asked with the legacy internal: 0.0.0.0/0', { [INTERNAL]: '0.0.0.0/0' }, {}],
    ['the AWS LBC reads internal: "True" as a boolean', { [TYPE]: 'external', [INTERNAL]: 'True' }, {}],
    // The in-tree provider makes the load balancer internal for any value but "false" and "".
    [
      'EKS Auto Mode is asked for scheme internal',
      { [SCHEME]: 'internal' },
      { loadBalancerClass: 'eks.amazonaws.com/nlb' },
    ],
    ['the in-tree provider is asked with internal: "yes"', { [INTERNAL]: 'yes' }, {}],
    ['the in-tree provider gets internal: "False", which is not its "false"', { [INTERNAL]: 'False' }, {}],
    [
      'scheme internal is paired with internal: "yes" for the in-tree provider',
      { [SCHEME]: 'internal', [INTERNAL]: 'yes' },
      {},
    ],
  ])('passes when %s', (_case, annotations, spec) => {
    expect(validate(loadBalancer(annotations, spec))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([['ClusterIP'], ['NodePort']])('is not applicable to a %s Service', (type) => {
    expect(validate(service({ type })).status).toBe('not-applicable');
  });

  const at = (key: string) => `metadata.annotations['${key}']`;
  test.each([
    ['it has no annotation', {}, {}, 'metadata.annotations', 'internet-facing load balancer by default'],
    [
      'scheme is internet-facing',
      { [TYPE]: 'external', [SCHEME]: 'internet-facing' },
      {},
      at(SCHEME),
      'is internet-facing',
    ],
    [
      'scheme is internet-facing even though internal is true (the scheme wins)',
      { [TYPE]: 'external', [SCHEME]: 'internet-facing', [INTERNAL]: 'true' },
      {},
      at(SCHEME),
      'is internet-facing',
    ],
    [
      'scheme is not a scheme',
      { [TYPE]: 'external', [SCHEME]: 'private' },
      {},
      at(SCHEME),
      "is 'private', which is not a scheme",
    ],
    [
      'scheme internal is set but the in-tree provider (which ignores it) reconciles the Service',
      { [SCHEME]: 'internal' },
      {},
      at(SCHEME),
      'in-tree cloud provider would create an internet-facing load balancer',
    ],
    [
      'internal is "false"',
      { [INTERNAL]: 'false' },
      {},
      at(INTERNAL),
      "is 'false', so the load balancer is internet-facing",
    ],
    [
      'internal is empty',
      { [INTERNAL]: '' },
      {},
      at(INTERNAL),
      "is '', so the load balancer is internet-facing",
    ],
    [
      'the AWS LBC gets internal: 0.0.0.0/0, which is not a boolean',
      { [TYPE]: 'external', [INTERNAL]: '0.0.0.0/0' },
      {},
      at(INTERNAL),
      'which the AWS Load Balancer Controller rejects',
    ],
    [
      // The class hands it to another controller, which neither AWS one nor the in-tree provider reconciles.
      'another controller reconciles it, whatever its annotations say',
      { [TYPE]: 'external', [SCHEME]: 'internal' },
      { loadBalancerClass: 'io.cilium/bgp-control-plane' },
      'spec.loadBalancerClass',
      "spec.loadBalancerClass 'io.cilium/bgp-control-plane' hands the Service to a load balancer controller this rule does not know",
    ],
    [
      'the AWS LBC gets internal: yes, which is not a boolean',
      { [TYPE]: 'external', [INTERNAL]: 'yes' },
      {},
      at(INTERNAL),
      "is 'yes', which the AWS Load Balancer Controller rejects",
    ],
    [
      'the AWS LBC gets internal: "0", a Go false',
      { [TYPE]: 'external', [INTERNAL]: '0' },
      {},
      at(INTERNAL),
      "is '0', so the load balancer is internet-facing",
    ],
  ])('fails when %s', (_case, annotations, spec, path, message) => {
    const result = validate(loadBalancer(annotations, spec));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(/^Service\/api: /);
  });

  test.each([
    ['yes', 'unknown'],
    ['true', 'pass'],
    ['false', 'fail'],
  ])(
    'with a loadBalancerClass not known yet, internal: %s is %s (in-tree and AWS LBC readings must agree)',
    (internal, status) => {
      const result = validate(loadBalancer({ [INTERNAL]: internal }, { loadBalancerClass: UNKNOWN }));
      expect(result.status).toBe(status);
    },
  );
});
