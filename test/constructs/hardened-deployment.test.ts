import {
  EnvValue,
  ExistingSecret,
  HardenedDeployment,
  type HardenedDeploymentProps,
  HardenedNamespace,
  NetworkPeer,
  Probe,
} from '../../constructs/src';
import { blockingFindings, find, IMAGE, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

const BASE: HardenedDeploymentProps = {
  image: IMAGE,
  ports: [{ name: 'http', port: 8080, servicePort: 80 }],
  liveness: Probe.http('/healthz'),
  readiness: Probe.http('/ready'),
};

function deploy(props: Partial<HardenedDeploymentProps> = {}) {
  const chart = testChart();
  new HardenedNamespace(chart, 'shop');
  const api = new HardenedDeployment(chart, 'api', { ...BASE, ...props });
  return { chart, api, manifests: synth(chart) };
}

describe('HardenedDeployment', () => {
  const { chart, manifests } = deploy({
    env: { LOG_LEVEL: 'info', DB_PASSWORD: EnvValue.fromSecret(ExistingSecret.named('db'), 'password') },
  });
  const deployment = find(manifests, 'Deployment', 'api');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('runs as a fixed non-root UID/GID with seccomp RuntimeDefault', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('drops every capability, forbids privilege escalation and mounts the root filesystem read-only', () => {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('mounts /tmp as a writable emptyDir by default', () => {
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  it('runs as its own ServiceAccount without a mounted token', () => {
    expect(pod.serviceAccountName).toBe('api');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(manifests, 'ServiceAccount', 'api').automountServiceAccountToken).toBe(false);
  });

  it('sets CPU, memory and ephemeral-storage requests and limits by default', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  it('has distinct liveness and readiness probes on the declared port', () => {
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' } });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' } });
  });

  it('reads secrets by reference only', () => {
    expect(container.env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
  });

  it('spreads replicas across zones and adds a PodDisruptionBudget', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.topologySpreadConstraints[0]).toMatchObject({
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 1,
    });
    expect(find(manifests, 'PodDisruptionBudget', 'api').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
    });
  });

  it('exposes the declared ports through a ClusterIP Service', () => {
    expect(find(manifests, 'Service', 'api').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'api' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  it('denies all traffic but DNS when no ingress or egress is declared', () => {
    const policy = find(manifests, 'NetworkPolicy', 'api').spec;
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.ingress).toBeUndefined();
    expect(policy.egress).toHaveLength(1);
    expect(policy.egress[0].ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  });

  it('synthesizes schema-valid objects with no finding', () => {
    expect(schemaProblems(manifests)).toEqual([]);
    expect(blockingFindings(chart)).toEqual([]);
  });

  it('allows exactly the declared ingress sources and egress destinations', () => {
    const chart2 = testChart();
    new HardenedNamespace(chart2, 'shop');
    const db = new HardenedDeployment(chart2, 'db', { ...BASE, ports: [{ name: 'pg', port: 5432 }] });
    const api = new HardenedDeployment(chart2, 'api', {
      ...BASE,
      ingress: [{ from: NetworkPeer.namespace('ingress-nginx'), ports: ['http'] }],
      egress: [
        { to: NetworkPeer.workload(db) },
        { to: NetworkPeer.cidr('10.0.0.0/16'), ports: [{ port: 443 }] },
      ],
    });
    db.allowIngressFrom(NetworkPeer.workload(api));
    const objects = synth(chart2);
    const apiPolicy = find(objects, 'NetworkPolicy', 'api').spec;
    expect(apiPolicy.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    expect(apiPolicy.egress.slice(1)).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
      { to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(find(objects, 'NetworkPolicy', 'db').spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }],
        ports: [{ protocol: 'TCP', port: 5432 }],
      },
    ]);
    expect(blockingFindings(chart2)).toEqual([]);
  });

  it('adds no PodDisruptionBudget for one replica and no Service without ports', () => {
    const { manifests: objects } = deploy({
      replicas: 1,
      ports: [],
      liveness: Probe.exec(['/bin/alive']),
      readiness: Probe.exec(['/bin/ready']),
    });
    expect(objects.map((m) => m.kind).sort()).toEqual(
      ['Deployment', 'ServiceAccount', 'NetworkPolicy', ...namespaceKinds()].sort(),
    );
  });

  it('mounts the token only when API access is asked for, and records the exemption with its reason', () => {
    const { chart: chart3, manifests: objects } = deploy({
      apiAccess: {
        reason: 'lists pods for leader election (SEC-12)',
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      },
    });
    const object = find(objects, 'Deployment', 'api');
    expect(object.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(object.metadata.annotations).toEqual({
      'eks-hardening.io/exempt-service-account-token-automount': 'lists pods for leader election (SEC-12)',
    });
    expect(find(objects, 'RoleBinding', 'api').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'api', namespace: 'shop' },
    ]);
    expect(blockingFindings(chart3)).toEqual([]);
  });

  it.each<[string, Partial<HardenedDeploymentProps>, string]>([
    [
      'replicas below 1',
      { replicas: 0 },
      "test/api: 'replicas' must be an integer of at least 1; got 0. Set replicas to 1 or more",
    ],
    [
      'an unpinned image',
      { image: 'registry.example.com/shop/api:1.4.2' },
      'test/api: \'image\' must be pinned by digest (@sha256:<64 hex>); got "registry.example.com/shop/api:1.4.2"',
    ],
    [
      'latest under the tag policy',
      { image: 'registry.example.com/shop/api:latest', imagePinning: 'tag' },
      "'image' must name an explicit tag other than 'latest'",
    ],
    [
      'a limit below its request',
      { resources: { memory: { request: '512Mi', limit: '256Mi' } } },
      'test/api: \'resources.memory.limit\' must be at least the request (512Mi); got "256Mi". Raise the memory limit or lower the memory request.',
    ],
    [
      'a probe on an unknown port',
      { readiness: Probe.http('/ready', { port: 'admin' }) },
      'test/api: \'readiness.port\' must name a declared port (http (8080)); got "admin"',
    ],
    [
      'an ingress rule on an unknown port',
      { ingress: [{ from: NetworkPeer.namespace('edge'), ports: [9090] }] },
      "test/api: 'ingress[0].ports[0]' must name a declared port (http (8080)); got 9090",
    ],
    [
      'a port below 1024',
      { ports: [{ name: 'http', port: 80 }] },
      "test/api: 'ports[0].port' must be an integer from 1024 to 65535",
    ],
    ['a bad name', { name: 'API' }, "test/api: 'name' must be a DNS label of at most 63 characters"],
    [
      'root',
      { runAsUser: 0 },
      "test/api: 'runAsUser' must be an integer from 1 to 2147483647 (never 0: root); got 0",
    ],
    [
      'a missing liveness probe',
      { liveness: undefined },
      "test/api: 'liveness' is required for a long-running workload; got nothing. Set liveness: Probe.http('/healthz')",
    ],
    [
      'the same check for liveness and readiness',
      { readiness: Probe.http('/healthz', { periodSeconds: 5 }) },
      "test/api: 'readiness' must check something else than liveness",
    ],
    [
      'a literal secret',
      { env: { DB_PASSWORD: 'hunter2' } },
      'test/api: \'env.DB_PASSWORD\' looks like a credential by its name, and literal secret values are not allowed; got "<redacted>"',
    ],
    [
      'an AWS key in any variable',
      { env: { SETTINGS: 'id=AKIAABCDEFGHIJKLMNOP' } },
      "'env.SETTINGS' contains what looks like an AWS access key id",
    ],
    [
      'an exemption without a reason',
      { exemptions: [{ rule: 'health-probes', reason: ' ' }] },
      "test/api: 'exemptions[0].reason' must say why the rule does not apply",
    ],
    [
      'a writable root filesystem together with writable paths',
      { writableRootFilesystem: { reason: 'legacy app' }, writablePaths: ['/tmp'] },
      "test/api: 'writableRootFilesystem' and 'writablePaths' are mutually exclusive. Keep the root filesystem read-only",
    ],
    [
      'wildcard API access',
      { apiAccess: { reason: 'x', rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] } },
      "'apiAccess.rules[0].resources' must not use the wildcard '*'",
    ],
    [
      'API access to secrets',
      { apiAccess: { reason: 'x', rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] } },
      "'apiAccess.rules[0].resources' must not include 'secrets'",
    ],
  ])('rejects %s with the path, the prop, the value and the fix', (_case, props, message) => {
    expect(() => deploy(props)).toThrow(message);
  });

  it('refuses the default namespace and a chart without a namespace', () => {
    expect(() => new HardenedDeployment(testChart(null), 'api', BASE)).toThrow(
      "test/api: 'namespace' is required (the chart sets none); got nothing.",
    );
    expect(() => new HardenedDeployment(testChart(), 'api', { ...BASE, namespace: 'default' })).toThrow(
      "test/api: 'namespace' must not be 'default' or a kube-* system namespace; got \"default\"",
    );
  });

  it('leaves the root filesystem writable only with a reason, recorded as the exemption', () => {
    const { chart: chart4, manifests: objects } = deploy({
      writableRootFilesystem: { reason: 'vendor image writes to /opt (VEND-3)' },
    });
    const object = find(objects, 'Deployment', 'api');
    expect(object.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(object.metadata.annotations).toEqual({
      'eks-hardening.io/exempt-read-only-root-filesystem': 'vendor image writes to /opt (VEND-3)',
    });
    expect(blockingFindings(chart4)).toEqual([]);
  });

  it('accepts a tag under the explicit tag policy', () => {
    const { manifests: objects } = deploy({
      image: 'registry.example.com/shop/api:1.4.2',
      imagePinning: 'tag',
    });
    expect(find(objects, 'Deployment', 'api').spec.template.spec.containers[0].image).toBe(
      'registry.example.com/shop/api:1.4.2',
    );
  });
});

function namespaceKinds(): string[] {
  return ['Namespace', 'NetworkPolicy', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'ServiceAccount'];
}
