import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HardenedDeployment, L1Object, NetworkPeer, validateApp } from '@eks-hardening/constructs';
import {
  allowedConnections,
  describePort,
  type Manifest,
  NetworkPolicyModel,
  type Peer,
} from '@eks-hardening/rules';
import { ApiObject, App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  ONLINE_BOUTIQUE_CALLS,
  ONLINE_BOUTIQUE_VPC_CIDR,
  type OnlineBoutiqueCall,
  OnlineBoutiqueChart,
} from '../../blueprints/online-boutique';
import { schemaProblems } from '../constructs/kubernetes-schema';

const FIXTURE = join(__dirname, '..', 'fixtures', 'online-boutique', 'kubernetes-manifests.yaml');
// biome-ignore lint/suspicious/noExplicitAny: the upstream manifest is read as plain nested data.
const upstream = parseAllDocuments(readFileSync(FIXTURE, 'utf8')).map((doc) => doc.toJS() as any);

function boutique(calls?: readonly OnlineBoutiqueCall[]) {
  const app = new App({ outdir: 'dist/test' });
  const chart = new OnlineBoutiqueChart(app, 'online-boutique', calls ? { calls } : {});
  return { app, chart, validation: validateApp(app) };
}

/** The cluster DNS as the NetworkPolicies see it (CoreDNS in kube-system), to check what reaches it. */
const CLUSTER_DNS: Manifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'coredns', namespace: 'kube-system' },
  spec: {
    template: {
      metadata: { labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        containers: [
          {
            name: 'coredns',
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            ],
          },
        ],
      },
    },
  },
};

/**
 * Every connection the NetworkPolicies allow between the app's workloads and the cluster DNS, and from a load
 * balancer address in the VPC and from the internet, as `from -> to PORT`; throws, naming both ends and the
 * port of each, when it is not exactly `expected`.
 */
function expectOnlyPaths(manifests: readonly Manifest[], expected: readonly string[]): void {
  const model = NetworkPolicyModel.fromManifests(
    [...manifests, CLUSTER_DNS].map((manifest, index) => ({ key: `#${index}`, manifest })),
  );
  const name = (subject: string) => subject.replace(/^Deployment\//, '');
  // The cluster DNS is no part of the app (kube-system has no policies here): only what reaches it counts.
  const app = model.groups.filter((group) => group.namespace !== 'kube-system');
  const found = allowedConnections(model)
    .filter(({ from }) => app.includes(from))
    .map(
      ({ from, to, port }) => `${name(from.subject)} -> ${name(to.subject)} ${port.protocol} ${port.port}`,
    );
  for (const [label, ip] of [
    ['load-balancer', '10.0.1.10'],
    ['internet', '203.0.113.7'],
  ] as const) {
    const source: Peer = { ip };
    for (const to of app) {
      for (const port of to.ports) {
        if (
          model.verdict({ source, destination: { pods: to }, port: port.port, protocol: port.protocol })
            .allowed === true
        ) {
          found.push(`${label} -> ${name(to.subject)} ${port.protocol} ${port.port}`);
        }
      }
    }
  }
  const missing = expected.filter((path) => !found.includes(path));
  const extra = found.filter((path) => !expected.includes(path));
  const describe = (path: string) => {
    const [from, , to, protocol, port] = path.split(' ') as [string, string, string, 'TCP', string];
    const end = (workload: string) =>
      workload.includes('-') && !PORTS[workload] ? `the ${workload}` : `Deployment/${workload}`;
    return `${end(from)} to ${end(to)} on ${describePort(Number(port), protocol)}`;
  };
  const problems = [
    ...missing.map(
      (path) => `no NetworkPolicy lets ${describe(path)} connect, so that call is blocked at run time`,
    ),
    ...extra.map((path) => `the NetworkPolicies let ${describe(path)} connect, which the app never does`),
  ];
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

const PORTS: Record<string, number> = {
  productcatalogservice: 3550,
  currencyservice: 7000,
  cartservice: 7070,
  recommendationservice: 8080,
  shippingservice: 50051,
  checkoutservice: 5050,
  adservice: 9555,
  paymentservice: 50051,
  emailservice: 8080,
  'redis-cart': 6379,
  frontend: 8080,
};
const WORKLOADS = [...new Set(ONLINE_BOUTIQUE_CALLS.flatMap((call) => [call.from, call.to]))];
const EXPECTED = [
  ...ONLINE_BOUTIQUE_CALLS.map((call) => `${call.from} -> ${call.to} TCP ${PORTS[call.to]}`),
  ...WORKLOADS.flatMap((workload) => [`${workload} -> coredns UDP 53`, `${workload} -> coredns TCP 53`]),
  'load-balancer -> frontend TCP 8080',
];

describe('Online Boutique blueprint', () => {
  const { chart, validation } = boutique();
  // biome-ignore lint/suspicious/noExplicitAny: synthesized objects are read as plain nested data.
  const manifests = validation.manifests as any[];
  const find = (kind: string, name: string) =>
    manifests.find((m) => m.kind === kind && m.metadata.name === name);

  it('ports every workload, container, port, Service and environment variable of the release manifest', () => {
    const deployments = upstream.filter((m) => m.kind === 'Deployment');
    expect(deployments).toHaveLength(12);
    for (const original of deployments) {
      const name = original.metadata.name;
      const ours = find('Deployment', name);
      expect({ name, found: ours !== undefined }).toEqual({ name, found: true });
      const theirs = original.spec.template.spec;
      const pod = ours.spec.template.spec;
      const container = pod.containers[0];
      const upstreamContainer = theirs.containers[0];
      expect(container.name).toBe(upstreamContainer.name);
      expect(container.image.split(/[:@]/)[0]).toBe(upstreamContainer.image.split(/[:@]/)[0]);
      expect(container.image).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect((container.ports ?? []).map((p: { containerPort: number }) => p.containerPort)).toEqual(
        (upstreamContainer.ports ?? []).map((p: { containerPort: number }) => p.containerPort),
      );
      for (const variable of upstreamContainer.env ?? []) {
        expect({ name, env: container.env.find((e: { name: string }) => e.name === variable.name) }).toEqual({
          name,
          env: variable,
        });
      }
      for (const bound of ['requests', 'limits']) {
        for (const resource of ['cpu', 'memory']) {
          expect({ name, [resource]: container.resources[bound][resource] }).toEqual({
            name,
            [resource]: upstreamContainer.resources[bound][resource],
          });
        }
      }
      expect(pod.terminationGracePeriodSeconds).toBe(theirs.terminationGracePeriodSeconds);
      expect((pod.initContainers ?? []).map((c: { name: string }) => c.name)).toEqual(
        (theirs.initContainers ?? []).map((c: { name: string }) => c.name),
      );
    }
    for (const original of upstream.filter((m) => m.kind === 'Service')) {
      const ours = find('Service', original.metadata.name);
      expect(ours.spec.type).toBe(original.spec.type);
      expect(ours.spec.ports[0].port).toBe(
        original.spec.type === 'LoadBalancer' ? 443 : original.spec.ports[0].port,
      );
      const target = find('Deployment', original.spec.selector.app).spec.template.spec.containers[0];
      expect(
        target.ports.find((p: { name: string }) => p.name === ours.spec.ports[0].targetPort)?.containerPort,
      ).toBe(original.spec.ports[0].targetPort);
    }
  });

  it('is built from the constructs alone: no raw Kube* object, no JSON patch', () => {
    const objects = chart.node.findAll().filter((child): child is ApiObject => ApiObject.isApiObject(child));
    expect(objects).toHaveLength(manifests.length);
    for (const object of objects) {
      expect({
        path: object.node.path,
        l1: object instanceof L1Object && !(object as L1Object<unknown>).patched,
      }).toEqual({
        path: object.node.path,
        l1: true,
      });
      expect(object.node.scopes.some((scope) => scope.constructor.name.startsWith('Hardened'))).toBe(true);
    }
    const source = readFileSync(join(__dirname, '..', '..', 'blueprints', 'online-boutique.ts'), 'utf8');
    expect(source).not.toMatch(/cdk8s-plus|Kube[A-Z]|addJsonPatch|JsonPatch|ApiObject/);
  });

  it('synthesizes schema-valid objects that pass every rule, the public frontend and the headless load generator as named exemptions', () => {
    expect(schemaProblems(manifests)).toEqual([]);
    expect(validation.blocking).toEqual([]);
    expect(validation.invalidExemptions).toEqual([]);
    expect(
      validation.findings.map(
        (finding) => `${finding.rule} ${finding.kind}/${finding.name}: ${finding.exemption?.reason}`,
      ),
    ).toEqual([
      'health-probes Deployment/loadgenerator: liveness: headless Locust has no port or health endpoint; the container exits when it stops; readiness: headless Locust serves nothing, so there is no traffic to gate',
      'health-probes Deployment/loadgenerator: liveness: headless Locust has no port or health endpoint; the container exits when it stops; readiness: headless Locust serves nothing, so there is no traffic to gate',
      'service-no-public-load-balancer Service/frontend-external: the shop front is the public entry point of Online Boutique',
    ]);
  });

  it('publishes the frontend through an internet-facing NLB with TLS, no node port, and a quota that allows it', () => {
    const service = find('Service', 'frontend-external');
    expect(service.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      allocateLoadBalancerNodePorts: false,
    });
    expect(service.metadata.annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443',
    });
    expect(find('ResourceQuota', 'default').spec.hard).toMatchObject({
      'services.loadbalancers': '1',
      'services.nodeports': '0',
    });
  });

  it('allows exactly the 16 call paths, DNS and the public entry, and nothing else', () => {
    expect(ONLINE_BOUTIQUE_CALLS).toHaveLength(16);
    expect(() => expectOnlyPaths(manifests, EXPECTED)).not.toThrow();
    expect(find('NetworkPolicy', 'frontend').spec.ingress).toEqual(
      expect.arrayContaining([
        { from: [{ ipBlock: { cidr: ONLINE_BOUTIQUE_VPC_CIDR } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      ]),
    );
  });

  it('fails, naming both ends and the port, with one connectTo removed', () => {
    const withoutCart = ONLINE_BOUTIQUE_CALLS.filter(
      (call) => !(call.from === 'frontend' && call.to === 'cartservice'),
    );
    expect(() => expectOnlyPaths(boutique(withoutCart).validation.manifests, EXPECTED)).toThrow(
      'no NetworkPolicy lets Deployment/frontend to Deployment/cartservice on TCP 7070 connect, so that call is blocked at run time',
    );
  });

  it('reports a connection written on the caller side only, naming both ends and the port', () => {
    const withoutCart = ONLINE_BOUTIQUE_CALLS.filter(
      (call) => !(call.from === 'frontend' && call.to === 'cartservice'),
    );
    const { app, chart: oneSided } = boutique(withoutCart);
    const frontend = oneSided.node.findChild('frontend') as HardenedDeployment;
    const cart = oneSided.node.findChild('cartservice') as HardenedDeployment;
    frontend.allowEgressTo(NetworkPeer.workload(cart));
    expect(validateApp(app).blocking.map((finding) => `${finding.rule}: ${finding.message}`)).toEqual([
      expect.stringMatching(
        /^network-policy-reachability: NetworkPolicy\/frontend: egress at spec\.egress\[\d+\]\.to\[0\] lets Deployment\/frontend connect to Deployment\/cartservice on TCP 7070 \(grpc\), but no ingress rule/,
      ),
    ]);
  });
});
