import type { Construct } from 'constructs';
import fc from 'fast-check';
import {
  HardenedCronJob,
  HardenedDaemonSet,
  HardenedDeployment,
  type HardenedDeploymentProps,
  HardenedJob,
  HardenedNamespace,
  HardenedStatefulSet,
  NetworkPeer,
  Probe,
  PropError,
} from '../../constructs/src';
import { blockingFindings, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
type Kind = (typeof KINDS)[number];

interface Case {
  readonly kind: Kind;
  readonly props: HardenedDeploymentProps & Record<string, unknown>;
}

function build(scope: Construct, id: string, { kind, props }: Case): void {
  switch (kind) {
    case 'Deployment':
      new HardenedDeployment(scope, id, props);
      return;
    case 'StatefulSet':
      new HardenedStatefulSet(scope, id, props);
      return;
    case 'DaemonSet':
      new HardenedDaemonSet(scope, id, props);
      return;
    case 'Job':
      new HardenedJob(scope, id, props);
      return;
    case 'CronJob':
      new HardenedCronJob(scope, id, { ...props, schedule: '*/15 * * * *' });
      return;
  }
}

const quantity = (unit: string, values: readonly number[]) =>
  fc.constantFrom(...values).map((n) => `${n}${unit}`);

/** Every combination the constructs accept. */
const validCase: fc.Arbitrary<Case> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
    replicas: fc.integer({ min: 1, max: 5 }),
    portNames: fc.subarray(['http', 'grpc', 'metrics', 'admin']),
    portBase: fc.integer({ min: 1024, max: 60000 }),
    servicePort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    probe: fc.constantFrom('http', 'tcp-vs-http', 'exec'),
    cpu: fc.option(fc.tuple(quantity('m', [50, 100, 250, 500]), quantity('m', [0, 250, 1000])), {
      nil: undefined,
    }),
    memory: fc.option(fc.tuple(quantity('Mi', [64, 128, 512]), quantity('Mi', [0, 256, 1024])), {
      nil: undefined,
    }),
    writablePaths: fc.subarray(['/tmp', '/var/cache/app', '/run/app']),
    env: fc.dictionary(
      fc.constantFrom('LOG_LEVEL', 'FEATURE_FLAGS', 'REGION', 'CONFIG_FILE'),
      fc.stringMatching(/^[a-z0-9.,-]{0,12}$/),
    ),
    uid: fc.integer({ min: 1, max: 65535 }),
    tagged: fc.boolean(),
    ingressFrom: fc.option(fc.constantFrom('ingress-nginx', 'monitoring'), { nil: undefined }),
    egressCidr: fc.option(fc.constantFrom('10.0.0.0/16', '192.168.1.0/24'), { nil: undefined }),
  })
  .map((g): Case => {
    const ports = g.portNames.map((name, index) => ({
      name,
      port: g.portBase + index,
      ...(index === 0 && g.servicePort !== undefined ? { servicePort: g.servicePort } : {}),
    }));
    const probes =
      ports.length === 0 || g.probe === 'exec'
        ? { liveness: Probe.exec(['/bin/alive']), readiness: Probe.exec(['/bin/ready']) }
        : g.probe === 'http'
          ? { liveness: Probe.http('/healthz'), readiness: Probe.http('/ready', { periodSeconds: 5 }) }
          : { liveness: Probe.tcp(), readiness: Probe.http('/ready') };
    const limit = (pair: [string, string] | undefined) =>
      pair && {
        request: pair[0],
        limit: `${Number.parseInt(pair[0], 10) + Number.parseInt(pair[1], 10)}${pair[0].replace(/[0-9]/g, '')}`,
      };
    return {
      kind: g.kind,
      props: {
        name: g.name,
        image: g.tagged ? 'registry.example.com/shop/api:1.4.2' : IMAGE,
        imagePinning: g.tagged ? 'tag' : 'digest',
        ...(g.kind === 'Deployment' || g.kind === 'StatefulSet' ? { replicas: g.replicas } : {}),
        ports,
        ...(g.kind === 'Job' || g.kind === 'CronJob' ? {} : probes),
        resources: {
          ...(g.cpu ? { cpu: limit(g.cpu) } : {}),
          ...(g.memory ? { memory: limit(g.memory) } : {}),
        },
        writablePaths: g.writablePaths,
        env: g.env,
        runAsUser: g.uid,
        runAsGroup: g.uid,
        ingress: g.ingressFrom && ports.length > 0 ? [{ from: NetworkPeer.namespace(g.ingressFrom) }] : [],
        egress: g.egressCidr ? [{ to: NetworkPeer.cidr(g.egressCidr), ports: [{ port: 443 }] }] : [],
      },
    };
  });

/** One change that makes a valid case invalid, with the prop the error must name. */
const MUTATIONS: readonly [string, (c: Case) => Case | undefined][] = [
  [
    'replicas',
    (c) =>
      c.kind === 'Deployment' || c.kind === 'StatefulSet'
        ? { ...c, props: { ...c.props, replicas: 0 } }
        : undefined,
  ],
  ['image', (c) => ({ ...c, props: { ...c.props, image: 'registry.example.com/shop/api:latest' } })],
  [
    'resources.memory.limit',
    (c) => ({ ...c, props: { ...c.props, resources: { memory: { request: '1Gi', limit: '512Mi' } } } }),
  ],
  [
    'readiness.port',
    (c) =>
      c.kind === 'Deployment'
        ? { ...c, props: { ...c.props, readiness: Probe.http('/ready', { port: 'nope' }) } }
        : undefined,
  ],
  ['name', (c) => ({ ...c, props: { ...c.props, name: 'Not_A_Name' } })],
  ['runAsUser', (c) => ({ ...c, props: { ...c.props, runAsUser: 0 } })],
  ['env.API_TOKEN', (c) => ({ ...c, props: { ...c.props, env: { API_TOKEN: 'abc123' } } })],
  ['ports[0].port', (c) => ({ ...c, props: { ...c.props, ports: [{ name: 'http', port: 443 }] } })],
  ['writablePaths[1]', (c) => ({ ...c, props: { ...c.props, writablePaths: ['/tmp', '/tmp/cache'] } })],
  ['namespace', (c) => ({ ...c, props: { ...c.props, namespace: 'default' } })],
];

describe('the props space', () => {
  const accepted: Record<string, any>[] = [];

  it('every accepted combination synthesizes with zero findings under all rules', () => {
    fc.assert(
      fc.property(validCase, (c) => {
        const chart = testChart();
        new HardenedNamespace(chart, 'shop');
        build(chart, 'workload', c);
        expect(blockingFindings(chart)).toEqual([]);
        accepted.push(...synth(chart));
      }),
      { numRuns: 150 },
    );
  });

  it('every accepted combination synthesizes schema-valid objects', () => {
    expect(accepted.length).toBeGreaterThan(0);
    expect(schemaProblems(accepted)).toEqual([]);
  });

  it('every rejected combination throws naming the construct path, the prop, the value and the fix', () => {
    fc.assert(
      fc.property(validCase, fc.constantFrom(...MUTATIONS), (c, [prop, mutate]) => {
        const invalid = mutate(c);
        fc.pre(invalid !== undefined);
        let error: unknown;
        try {
          build(testChart(), 'workload', invalid!);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(PropError);
        const message = (error as PropError).message;
        expect(message.startsWith(`test/workload: '${prop}' `)).toBe(true);
        expect(message).toMatch(/; got .+\. \S.+$/);
      }),
      { numRuns: 150 },
    );
  });
});
