import {
  EnvValue,
  HardenedDeployment,
  type HardenedDeploymentProps,
  HardenedNamespace,
  HardenedStatefulSet,
  NetworkPeer,
  Probe,
} from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

const BASE: HardenedDeploymentProps = {
  image: IMAGE,
  ports: [{ name: 'http', port: 8080 }],
  liveness: Probe.http('/healthz'),
  readiness: Probe.http('/ready'),
};

function deploy(props: Partial<HardenedDeploymentProps> = {}) {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  new HardenedDeployment(chart, 'api', { ...BASE, ...props });
  const manifests = synth(chart);
  return { chart, manifests, pod: find(manifests, 'Deployment', 'api').spec.template.spec };
}

const build = (props: Partial<HardenedDeploymentProps>) => () => deploy(props);

describe('pod options', () => {
  describe('init containers and sidecars', () => {
    const { chart, manifests, pod } = deploy({
      initContainers: [{ name: 'migrate', image: IMAGE, command: ['/bin/migrate'], env: { STEP: 'all' } }],
      sidecars: [
        {
          name: 'metrics',
          image: IMAGE,
          ports: [{ name: 'metrics', port: 9090 }],
          liveness: Probe.tcp({ port: 'metrics' }),
          readiness: Probe.http('/metrics', { port: 'metrics' }),
        },
      ],
    });
    const [migrate, metrics] = pod.initContainers;

    it('hardens them like the main container', () => {
      for (const container of [migrate, metrics]) {
        expect(container.securityContext).toEqual(pod.containers[0].securityContext);
        expect(container.resources).toEqual(pod.containers[0].resources);
        expect(container.volumeMounts).toEqual([{ name: `${container.name}-tmp`, mountPath: '/tmp' }]);
      }
      expect(pod.volumes.map((volume: { name: string }) => volume.name)).toEqual([
        'migrate-tmp',
        'metrics-tmp',
        'tmp',
      ]);
    });

    it('runs sidecars as native sidecars whose ports join the Service and the NetworkPolicy', () => {
      expect(migrate.restartPolicy).toBeUndefined();
      expect(metrics).toMatchObject({
        restartPolicy: 'Always',
        ports: [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
        livenessProbe: { tcpSocket: { port: 'metrics' } },
      });
      expect(find(manifests, 'Service', 'api').spec.ports.map((port: { name: string }) => port.name)).toEqual(
        ['http', 'metrics'],
      );
      expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    });

    it('synthesizes schema-valid objects every rule passes', () => {
      expect(schemaProblems(manifests)).toEqual([]);
      expect(blockingFindings(chart)).toEqual([]);
    });

    it('refuses a container name used twice', () => {
      expect(build({ initContainers: [{ name: 'api', image: IMAGE }] })).toThrow(
        'test/api: \'initContainers[0].name\' must be unique among the containers of the pod; got "api"',
      );
    });

    it('checks an init container image as the main one', () => {
      expect(build({ initContainers: [{ name: 'init', image: 'busybox:1.36' }] })).toThrow(
        "test/api: 'initContainers[0].image' must be pinned by digest",
      );
    });
  });

  it('sets the container name, grace period and pod annotations', () => {
    const { pod, manifests } = deploy({
      containerName: 'server',
      terminationGracePeriodSeconds: 5,
      podAnnotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
    });
    expect(pod.containers[0].name).toBe('server');
    expect(pod.terminationGracePeriodSeconds).toBe(5);
    expect(find(manifests, 'Deployment', 'api').spec.template.metadata.annotations).toEqual({
      'sidecar.istio.io/rewriteAppHTTPProbers': 'true',
    });
    expect(find(manifests, 'Deployment', 'api').metadata.annotations).toBeUndefined();
  });

  it('refuses a negative grace period', () => {
    expect(build({ terminationGracePeriodSeconds: -1 })).toThrow(
      "test/api: 'terminationGracePeriodSeconds' must be a whole number of seconds; got -1",
    );
  });

  it('mounts ConfigMaps read-only', () => {
    const { pod } = deploy({
      configMapMounts: [{ configMap: 'settings', mountPath: '/etc/app', keys: ['app.yaml'] }],
    });
    expect(pod.volumes).toContainEqual({
      name: 'etc-app',
      configMap: { name: 'settings', defaultMode: 0o440, items: [{ key: 'app.yaml', path: 'app.yaml' }] },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'etc-app',
      mountPath: '/etc/app',
      readOnly: true,
    });
  });

  it('reads pod fields, labels and container resources into the environment', () => {
    const { pod } = deploy({
      env: {
        POD_IP: EnvValue.fromField('status.podIP'),
        VERSION: EnvValue.fromPodLabel('app.kubernetes.io/version'),
        HEAP_MB: EnvValue.fromResource('limits.memory', { divisor: '1Mi' }),
      },
    });
    expect(pod.containers[0].env).toEqual([
      { name: 'HEAP_MB', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      {
        name: 'VERSION',
        valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/version']" } },
      },
    ]);
  });

  it('names the reason prop of a justification given an empty reason', () => {
    expect(build({ writableRootFilesystem: { reason: '' }, writablePaths: undefined })).toThrow(
      'test/api: \'writableRootFilesystem.reason\' must say why (who reviewed it, a ticket); got "".',
    );
  });

  describe('state in replicated workloads', () => {
    it('refuses an emptyDir that looks like state in a Deployment of two replicas', () => {
      expect(build({ replicas: 2, writablePaths: ['/tmp', '/data'] })).toThrow(
        "test/api: 'writablePaths[1]' keeps '/data' in an emptyDir of each pod, and with replicas 2 every replica writes its own copy",
      );
    });

    it('accepts it with one replica, for scratch directories, or declared per replica with a reason', () => {
      expect(build({ replicas: 1, writablePaths: ['/data'] })).not.toThrow();
      expect(build({ replicas: 3, writablePaths: ['/tmp', '/var/cache/nginx', '/run/app'] })).not.toThrow();
      expect(
        build({
          replicas: 2,
          writablePaths: [{ path: '/data', perReplica: { reason: 'a cache each replica rebuilds' } }],
        }),
      ).not.toThrow();
    });

    it('refuses it in a StatefulSet of two replicas too', () => {
      const chart = testChart();
      expect(
        () =>
          new HardenedStatefulSet(chart, 'redis', {
            image: IMAGE,
            replicas: 2,
            ports: [{ name: 'redis', port: 6379 }],
            writablePaths: ['/data'],
            liveness: Probe.tcp(),
            readiness: Probe.exec(['redis-cli', 'ping']),
          }),
      ).toThrow("test/redis: 'writablePaths[0]' keeps '/data' in an emptyDir of each pod");
    });
  });

  describe('egress by host name', () => {
    it('explains that NetworkPolicies cannot name hosts and what to do instead', () => {
      expect(build({ egress: [{ to: NetworkPeer.cidr('api.stripe.com'), ports: [{ port: 443 }] }] })).toThrow(
        /'egress\[0\]\.to\.cidr' must be an IPv4 or IPv6 CIDR, not a host name; got "api\.stripe\.com"\. NetworkPolicies match IP addresses, never host names .* egress proxy or gateway .*Cilium toFQDNs/,
      );
      expect(
        build({
          egress: [{ to: 'https://api.stripe.com' as unknown as NetworkPeer, ports: [{ port: 443 }] }],
        }),
      ).toThrow(/'egress\[0\]\.to' must be a NetworkPeer, and cannot name a host/);
    });
  });
});
