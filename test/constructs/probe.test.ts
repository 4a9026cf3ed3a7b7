import {
  HardenedDeployment,
  type HardenedDeploymentProps,
  HardenedNamespace,
  Probe,
} from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';

function deploy(props: Partial<HardenedDeploymentProps>) {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  new HardenedDeployment(chart, 'api', {
    image: IMAGE,
    ports: [{ name: 'grpc', port: 7070 }],
    liveness: Probe.tcp(),
    readiness: Probe.grpc(),
    ...props,
  } as HardenedDeploymentProps);
  const manifests = synth(chart);
  const deployment = find(manifests, 'Deployment', 'api');
  return { chart, deployment, container: deployment.spec.template.spec.containers[0] };
}

describe('Probe', () => {
  it('checks a gRPC server’s overall health (the empty service name) unless a service is named', () => {
    expect(deploy({}).container.readinessProbe).toEqual({ grpc: { port: 7070 } });
    expect(deploy({ readiness: Probe.grpc({ service: '' }) }).container.readinessProbe).toEqual({
      grpc: { port: 7070 },
    });
    expect(deploy({ readiness: Probe.grpc({ service: 'cart' }) }).container.readinessProbe).toEqual({
      grpc: { port: 7070, service: 'cart' },
    });
  });

  it('sends HTTP headers', () => {
    const { container } = deploy({
      ports: [{ name: 'http', port: 8080 }],
      liveness: Probe.http('/_healthz', { headers: { Cookie: 'shop_session-id=x-liveness-probe' } }),
      readiness: Probe.http('/_healthz', { headers: { Cookie: 'shop_session-id=x-readiness-probe' } }),
    });
    expect(container.livenessProbe.httpGet).toEqual({
      path: '/_healthz',
      port: 'http',
      scheme: 'HTTP',
      httpHeaders: [{ name: 'Cookie', value: 'shop_session-id=x-liveness-probe' }],
    });
  });

  it('refuses a header name that is not a token and a value with a line break', () => {
    expect(() =>
      deploy({
        ports: [{ name: 'http', port: 8080 }],
        liveness: Probe.http('/', { headers: { 'Bad Name': 'x' } }),
      }),
    ).toThrow("test/api: 'liveness.headers' must use HTTP header names");
    expect(() =>
      deploy({
        ports: [{ name: 'http', port: 8080 }],
        liveness: Probe.http('/', { headers: { X: 'a\r\nb' } }),
      }),
    ).toThrow("test/api: 'liveness.headers.X' must be a string without line breaks");
  });

  it('records Probe.none as an exemption of health-probes, which every report lists', () => {
    const { chart, deployment, container } = deploy({
      ports: [],
      liveness: Probe.exec(['/bin/alive']),
      readiness: Probe.none({ reason: 'a queue worker serves no traffic' }),
    });
    expect(container.readinessProbe).toBeUndefined();
    expect(deployment.metadata.annotations).toEqual({
      'eks-hardening.io/exempt-health-probes': 'readiness: a queue worker serves no traffic',
    });
    expect(blockingFindings(chart)).toEqual([]);
  });

  it('refuses Probe.none without a reason, naming the prop', () => {
    expect(() => deploy({ readiness: Probe.none({ reason: ' ' }) })).toThrow(
      'test/api: \'readiness.reason\' must say why (who reviewed it, a ticket); got " ".',
    );
  });

  it('allows identical liveness and readiness when health-probes is exempted with a reason', () => {
    const { chart, container } = deploy({
      liveness: Probe.grpc(),
      readiness: Probe.grpc(),
      exemptions: [
        { rule: 'health-probes', reason: 'the standard gRPC health server answers only the empty name' },
      ],
    });
    expect(container.livenessProbe).toEqual(container.readinessProbe);
    expect(blockingFindings(chart)).toEqual([]);
  });

  it('refuses identical gRPC probes with a fix that fits gRPC', () => {
    expect(() => deploy({ liveness: Probe.grpc(), readiness: Probe.grpc() })).toThrow(
      /'readiness' must check something else than liveness .* A gRPC health server answers the empty service name .* exempt rule 'health-probes' with the reason/,
    );
  });

  test.each([
    [[{ name: 'grpc', port: 7070 }], "Set liveness: Probe.grpc({ port: 'grpc' })."],
    [
      [],
      "Set liveness: Probe.exec(['/bin/healthcheck']) (the container declares no port), or Probe.none({ reason })",
    ],
    [[{ name: 'http', port: 8080 }], "Set liveness: Probe.http('/healthz')"],
  ])('suggests a missing probe that fits the ports %j', (ports, hint) => {
    expect(() => deploy({ ports, liveness: undefined })).toThrow(hint);
  });
});
