import {
  HardenedDeployment,
  HardenedLoadBalancer,
  type HardenedLoadBalancerProps,
  HardenedNamespace,
  NetworkPeer,
  Probe,
} from '../../constructs/src';
import { find, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-0000-4000-8000-000000000000';

function expose(props: Partial<HardenedLoadBalancerProps> = {}, namespaceQuota?: { loadBalancers?: number }) {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop', namespaceQuota ? { quota: namespaceQuota } : {});
  const web = new HardenedDeployment(chart, 'web', {
    image: IMAGE,
    ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    liveness: Probe.http('/healthz'),
    readiness: Probe.http('/ready'),
  });
  new HardenedLoadBalancer(chart, 'public', { target: web, from: NetworkPeer.cidr('10.0.0.0/16'), ...props });
  return synth(chart);
}

describe('HardenedLoadBalancer', () => {
  it('is internal by default, with IP targets, no node ports and the traffic admitted from the VPC', () => {
    const manifests = expose();
    const service = find(manifests, 'Service', 'web-lb');
    expect(service.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes':
        'preserve_client_ip.enabled=false',
    });
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      allocateLoadBalancerNodePorts: false,
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
    expect(find(manifests, 'NetworkPolicy', 'web').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    expect(schemaProblems(manifests)).toEqual([]);
  });

  it('raises the namespace quota it needs, even one set to 0', () => {
    expect(find(expose(), 'ResourceQuota', 'default').spec.hard['services.loadbalancers']).toBe('1');
    expect(
      find(expose({}, { loadBalancers: 0 }), 'ResourceQuota', 'default').spec.hard['services.loadbalancers'],
    ).toBe('1');
    expect(
      find(expose({}, { loadBalancers: 3 }), 'ResourceQuota', 'default').spec.hard['services.loadbalancers'],
    ).toBe('3');
  });

  it('records an internet-facing load balancer as an exemption with its reason, serving TLS', () => {
    const service = find(
      expose({ internetFacing: { reason: 'the public shop front' }, certificateArn: CERT }),
      'Service',
      'web-lb',
    );
    expect(service.metadata.annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': CERT,
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443',
      'eks-hardening.io/exempt-service-no-public-load-balancer': 'the public shop front',
    });
    expect(service.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 'http', protocol: 'TCP' }]);
  });

  test.each([
    [{ internetFacing: { reason: '' } }, "'internetFacing.reason' must say why"],
    [
      { internetFacing: { reason: 'public' } },
      "'certificateArn' is required for an internet-facing load balancer",
    ],
    [{ certificateArn: 'not-an-arn' }, "'certificateArn' must be an ACM certificate ARN"],
    [{ certificateArn: CERT, plaintext: { reason: 'x' } }, "'plaintext' cannot be set with certificateArn"],
    [{ clientCidrs: ['shop.example.com'] }, "'clientCidrs[0]' must be an IPv4 or IPv6 CIDR, not a host name"],
  ])('refuses %j', (props, message) => {
    expect(() => expose(props as Partial<HardenedLoadBalancerProps>)).toThrow(`test/public: ${message}`);
  });

  it('serves plain TCP on the internet only with a reason', () => {
    const service = find(
      expose({ internetFacing: { reason: 'public' }, plaintext: { reason: 'legacy clients' } }),
      'Service',
      'web-lb',
    );
    expect(service.spec.ports[0].port).toBe(80);
  });
});
