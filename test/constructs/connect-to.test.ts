import { Chart, Testing } from 'cdk8s';
import {
  HardenedDeployment,
  type HardenedDeploymentProps,
  HardenedNamespace,
  NetworkPeer,
  Probe,
  validateApp,
} from '../../constructs/src';
import { find, IMAGE, synth, testChart } from './helpers';

const props = (port: number, name = 'grpc'): HardenedDeploymentProps => ({
  image: IMAGE,
  ports: [{ name, port, servicePort: 80 }],
  liveness: Probe.tcp(),
  readiness: Probe.grpc(),
});

describe('connectTo', () => {
  it('writes the caller’s egress and the callee’s ingress on the callee’s container port', () => {
    const chart = testChart();
    new HardenedNamespace(chart, 'shop');
    const frontend = new HardenedDeployment(chart, 'frontend', props(8080, 'http'));
    const cart = new HardenedDeployment(chart, 'cart', props(7070));
    frontend.connectTo(cart);
    const manifests = synth(chart);
    expect(find(manifests, 'NetworkPolicy', 'frontend').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cart' } } }],
      ports: [{ protocol: 'TCP', port: 7070 }],
    });
    expect(find(manifests, 'NetworkPolicy', 'cart').spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'frontend' } } }],
        ports: [{ protocol: 'TCP', port: 7070 }],
      },
    ]);
  });

  it('connects across charts and namespaces, which the whole app then checks clean', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const carts = new Chart(app, 'carts', { namespace: 'carts' });
    new HardenedNamespace(shop, 'shop');
    new HardenedNamespace(carts, 'carts');
    const frontend = new HardenedDeployment(shop, 'frontend', props(8080, 'http'));
    const cart = new HardenedDeployment(carts, 'cart', props(7070));
    frontend.connectTo(cart);
    const ingress = find(carts.toJson(), 'NetworkPolicy', 'cart').spec.ingress[0];
    expect(ingress.from).toEqual([
      {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'frontend' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
      },
    ]);
    expect(validateApp(app).blocking).toEqual([]);
  });

  it('connects to some declared ports only', () => {
    const chart = testChart();
    const api = new HardenedDeployment(chart, 'api', props(8080, 'http'));
    const db = new HardenedDeployment(chart, 'db', {
      ...props(5432, 'postgres'),
      ports: [
        { name: 'postgres', port: 5432 },
        { name: 'metrics', port: 9187 },
      ],
    });
    api.connectTo(db, ['postgres']);
    expect(find(synth(chart), 'NetworkPolicy', 'db').spec.ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 5432 },
    ]);
  });

  it('refuses a callee without ports and a port the callee does not declare', () => {
    const chart = testChart();
    const api = new HardenedDeployment(chart, 'api', props(8080, 'http'));
    const worker = new HardenedDeployment(chart, 'worker', {
      image: IMAGE,
      liveness: Probe.exec(['/bin/alive']),
      readiness: Probe.exec(['/bin/ready']),
    });
    expect(() => api.connectTo(worker)).toThrow(
      'test/api: \'connectTo(worker)\' needs a port to connect to, and worker declares none; got "test/worker"',
    );
    expect(() => worker.connectTo(api, ['admin'])).toThrow(
      "test/worker: 'connectTo(api).ports[0]' must name a declared port (http (8080))",
    );
    expect(() => api.connectTo(NetworkPeer.namespace('x') as never)).toThrow('must be a hardened workload');
  });
});
