import {
  HardenedAutoscaler,
  HardenedDeployment,
  type HardenedDeploymentProps,
  HardenedIngress,
  type HardenedIngressProps,
  HardenedNamespace,
  NetworkPeer,
  Probe,
} from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

function web(props: Partial<HardenedDeploymentProps> = {}) {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  const deployment = new HardenedDeployment(chart, 'web', {
    image: IMAGE,
    ports: [{ name: 'http', port: 8080, servicePort: 80 }],
    liveness: Probe.http('/healthz'),
    readiness: Probe.http('/ready'),
    ...props,
  });
  return { chart, deployment };
}

describe('HardenedIngress', () => {
  const route = (props: Partial<HardenedIngressProps>) => {
    const { chart, deployment } = web();
    new HardenedIngress(chart, 'route', {
      target: deployment,
      host: 'shop.example.com',
      tls: { secretName: 'shop-tls' },
      from: NetworkPeer.namespace('ingress-nginx'),
      className: 'nginx',
      ...props,
    });
    return { chart, manifests: synth(chart) };
  };

  it('routes the host to the Service over TLS and admits the controller to the pod port', () => {
    const { chart, manifests } = route({});
    expect(find(manifests, 'Ingress', 'web').spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
            ],
          },
        },
      ],
    });
    expect(find(manifests, 'NetworkPolicy', 'web').spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    expect(schemaProblems(manifests)).toEqual([]);
    expect(blockingFindings(chart)).toEqual([]);
  });

  it('writes the ALB scheme, IP targets and an HTTPS-only listener with ACM certificates', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
    const { manifests } = route({
      className: undefined,
      tls: { certificateArns: [arn] },
      from: NetworkPeer.cidr('10.0.0.0/16'),
      internetFacing: { reason: 'the public shop' },
    });
    expect(find(manifests, 'Ingress', 'web').metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/certificate-arn': arn,
      'eks-hardening.io/internet-facing': 'the public shop',
    });
  });

  test.each([
    [{ tls: undefined }, "'tls' is required: a certificate secretName, or certificateArns on the ALB"],
    [
      { tls: { certificateArns: ['arn:aws:acm:x'] } },
      "'tls.certificateArns' are read only by the AWS Load Balancer Controller",
    ],
    [{ host: 'Shop.Example.com' }, "'host' must be a lowercase DNS name"],
    [{ internetFacing: { reason: 'x' } }, "'internetFacing' is an ALB setting"],
  ])('refuses %j', (props, message) => {
    expect(() => route(props as Partial<HardenedIngressProps>)).toThrow(`test/route: ${message}`);
  });
});

describe('HardenedAutoscaler', () => {
  it('scales a Deployment by CPU, which then leaves replicas to it and gets a disruption budget', () => {
    const { chart, deployment } = web({ replicas: 1 });
    new HardenedAutoscaler(chart, 'scale', { target: deployment, maxReplicas: 6 });
    const manifests = synth(chart);
    expect(find(manifests, 'Deployment', 'web').spec.replicas).toBeUndefined();
    expect(find(manifests, 'PodDisruptionBudget', 'web')).toBeDefined();
    expect(find(manifests, 'HorizontalPodAutoscaler', 'web').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    });
    expect(schemaProblems(manifests)).toEqual([]);
    expect(blockingFindings(chart)).toEqual([]);
  });

  it('refuses bounds that cannot hold, a second autoscaler, and state a scaled-out workload would split', () => {
    const { chart, deployment } = web({ replicas: 1, writablePaths: ['/data'] });
    expect(
      () => new HardenedAutoscaler(chart, 'a', { target: deployment, minReplicas: 3, maxReplicas: 2 }),
    ).toThrow("test/a: 'maxReplicas' must be at least minReplicas (3); got 2");
    expect(() => new HardenedAutoscaler(chart, 'b', { target: deployment, maxReplicas: 4 })).toThrow(
      "test/web: 'writablePaths[0]' keeps '/data' in an emptyDir of each pod, and with maxReplicas 4",
    );
    const other = web();
    new HardenedAutoscaler(other.chart, 'c', { target: other.deployment, maxReplicas: 4 });
    expect(
      () => new HardenedAutoscaler(other.chart, 'd', { target: other.deployment, maxReplicas: 4 }),
    ).toThrow("test/web: 'autoscaling' must be one");
  });
});
