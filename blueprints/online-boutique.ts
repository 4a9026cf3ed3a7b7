import {
  HardenedDeployment,
  HardenedLoadBalancer,
  HardenedNamespace,
  type HardenedWorkload,
  NetworkPeer,
  Probe,
} from '@eks-hardening/constructs';
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * Online Boutique (GoogleCloudPlatform/microservices-demo), ported from its release manifest
 * (`release/kubernetes-manifests.yaml`, v0.5.1, kept in test/fixtures/online-boutique/) to the hardened
 * constructs: the same 12 workloads, ports, environment, resources and grace periods, with no raw object and
 * no patch. What the port adds is what the upstream manifest leaves open: one ServiceAccount and one
 * NetworkPolicy per workload allowing exactly the 16 call paths below, a default-deny namespace with quotas,
 * gRPC health checks instead of the grpc_health_probe binary, and an internal-by-default entry point that is
 * public by a recorded decision.
 */
export const ONLINE_BOUTIQUE_NAMESPACE = 'online-boutique';

/** The VPC the cluster stack creates by default (stacks/src/config.ts): where the NLB's addresses are. */
export const ONLINE_BOUTIQUE_VPC_CIDR = '10.0.0.0/16';

/**
 * A placeholder ACM certificate for the public listener: replace it with yours
 * (`aws acm list-certificates --query 'CertificateSummaryList[].CertificateArn'`).
 */
export const ONLINE_BOUTIQUE_CERTIFICATE =
  'arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

/**
 * The images, pinned by digest. Only digests found in public records are used (none is made up):
 * - v0.3.6 of ten services and `redis:alpine`: pixie-io/pixie `scripts/regclient/deps.lua` (`px-online-boutique`),
 *   which mirrors them by digest;
 * - `adservice:v0.5.1`: the Image ID a cluster reported for it (`kubectl describe pod`, in a public lab write-up);
 * - `busybox:latest`: the digest pinned by naval-group/headlamp-kubevirt's Dockerfile.
 * No public record of the other v0.5.1 digests was found, so those services run v0.3.6, whose gRPC APIs,
 * ports and environment are those of v0.5.1. Check each with `crane digest <image>` before deploying, and
 * move them to your registry.
 */
export const ONLINE_BOUTIQUE_IMAGES = {
  adservice:
    'gcr.io/google-samples/microservices-demo/adservice:v0.5.1@sha256:645c53eab9c6b0f0a6604aaece6a21e9c2e952aec9c88765ede7a2f8f5015f5e',
  cartservice:
    'gcr.io/google-samples/microservices-demo/cartservice:v0.3.6@sha256:eb0ac54c81a8f60ddba39921a4052dd6dfe88273805983c43d5283b446a584ee',
  checkoutservice:
    'gcr.io/google-samples/microservices-demo/checkoutservice:v0.3.6@sha256:cd6cb39b8397e193bddbb36be3599be949fa2ea617838910d2eacdddd4ef5437',
  currencyservice:
    'gcr.io/google-samples/microservices-demo/currencyservice:v0.3.6@sha256:1f6640ba9495a5097c3405cb9037bf0cb799c3cb3e301d9bf17b776bbf9e5cad',
  emailservice:
    'gcr.io/google-samples/microservices-demo/emailservice:v0.3.6@sha256:700fc07f140b8be73212fff2b04938c49c4451dcd1044488438b9865aed7eece',
  frontend:
    'gcr.io/google-samples/microservices-demo/frontend:v0.3.6@sha256:54bc781a1791327799d793792c6f454342c8731d7f9737df336a8c97055883de',
  loadgenerator:
    'gcr.io/google-samples/microservices-demo/loadgenerator:v0.3.6@sha256:25548c590b038917536e381dd43d75af168e57b5ff4f5cf3374bb58b3ad4967e',
  paymentservice:
    'gcr.io/google-samples/microservices-demo/paymentservice:v0.3.6@sha256:476fcb22bf9aa231d771ea6b178014f070d97d233a5204aff29f8b45a01fc442',
  productcatalogservice:
    'gcr.io/google-samples/microservices-demo/productcatalogservice:v0.3.6@sha256:a4b68f0a8d85c5a1e2476ac6804f9fdeb9610649aed2d0351416f711a82f3017',
  recommendationservice:
    'gcr.io/google-samples/microservices-demo/recommendationservice:v0.3.6@sha256:305488566cd703aa2d158b3097ca399f2340446ec0a0ec398d76bf4a4d7df22e',
  shippingservice:
    'gcr.io/google-samples/microservices-demo/shippingservice:v0.3.6@sha256:7e0b09aad2d8eb95979d1467311e74938768d55b875b0c5405317c3ee54e4d6c',
  redis: 'redis:alpine@sha256:da0cc759968a286f9fa8e3a0d8faca70e4dcf8ffc25fd290a041c59a9eb725c7',
  busybox: 'busybox:latest@sha256:1487d0af5f52b4ba31c7e465126ee2123fe3f2305d638e7827681e7cf6c83d5e',
} as const;

/** A call one service makes to another, and the variable that tells the caller the address. */
export interface OnlineBoutiqueCall {
  readonly from: string;
  readonly to: string;
  /** The caller's environment variable holding `<service>:<port>`. */
  readonly env: string;
}

/** The 16 call paths of Online Boutique, read off the `*_ADDR` variables of the release manifest. */
export const ONLINE_BOUTIQUE_CALLS: readonly OnlineBoutiqueCall[] = [
  ...(
    [
      ['productcatalogservice', 'PRODUCT_CATALOG_SERVICE_ADDR'],
      ['currencyservice', 'CURRENCY_SERVICE_ADDR'],
      ['cartservice', 'CART_SERVICE_ADDR'],
      ['recommendationservice', 'RECOMMENDATION_SERVICE_ADDR'],
      ['shippingservice', 'SHIPPING_SERVICE_ADDR'],
      ['checkoutservice', 'CHECKOUT_SERVICE_ADDR'],
      ['adservice', 'AD_SERVICE_ADDR'],
    ] as const
  ).map(([to, env]) => ({ from: 'frontend', to, env })),
  ...(
    [
      ['productcatalogservice', 'PRODUCT_CATALOG_SERVICE_ADDR'],
      ['shippingservice', 'SHIPPING_SERVICE_ADDR'],
      ['paymentservice', 'PAYMENT_SERVICE_ADDR'],
      ['emailservice', 'EMAIL_SERVICE_ADDR'],
      ['currencyservice', 'CURRENCY_SERVICE_ADDR'],
      ['cartservice', 'CART_SERVICE_ADDR'],
    ] as const
  ).map(([to, env]) => ({ from: 'checkoutservice', to, env })),
  { from: 'recommendationservice', to: 'productcatalogservice', env: 'PRODUCT_CATALOG_SERVICE_ADDR' },
  { from: 'cartservice', to: 'redis-cart', env: 'REDIS_ADDR' },
  { from: 'loadgenerator', to: 'frontend', env: 'FRONTEND_ADDR' },
];

/** Props of {@link OnlineBoutiqueChart}. */
export interface OnlineBoutiqueChartProps {
  /** The calls to wire (the caller's address variable and the connection). @default ONLINE_BOUTIQUE_CALLS */
  readonly calls?: readonly OnlineBoutiqueCall[];
}

/** A gRPC service of the release manifest: its port, resources, environment and probe timing. */
interface GrpcService {
  readonly port: number;
  readonly servicePort?: number;
  readonly cpu?: readonly [string, string];
  readonly memory: readonly [string, string];
  readonly env?: Readonly<Record<string, string>>;
  readonly probe?: { readonly periodSeconds?: number; readonly initialDelaySeconds?: number };
  /** Upstream sets terminationGracePeriodSeconds: 5 unless false. */
  readonly grace?: false;
}

const NO_PROFILER = { DISABLE_PROFILER: '1' };
const GRPC_SERVICES: Readonly<Record<string, GrpcService>> = {
  emailservice: {
    port: 8080,
    servicePort: 5000,
    memory: ['64Mi', '128Mi'],
    env: NO_PROFILER,
    probe: { periodSeconds: 5 },
  },
  checkoutservice: { port: 5050, memory: ['64Mi', '128Mi'], grace: false },
  recommendationservice: {
    port: 8080,
    memory: ['220Mi', '450Mi'],
    env: NO_PROFILER,
    probe: { periodSeconds: 5 },
  },
  paymentservice: { port: 50051, memory: ['64Mi', '128Mi'], env: NO_PROFILER },
  productcatalogservice: { port: 3550, memory: ['64Mi', '128Mi'], env: NO_PROFILER },
  cartservice: {
    port: 7070,
    cpu: ['200m', '300m'],
    memory: ['64Mi', '128Mi'],
    probe: { initialDelaySeconds: 15 },
  },
  currencyservice: { port: 7000, memory: ['64Mi', '128Mi'], env: NO_PROFILER },
  shippingservice: {
    port: 50051,
    memory: ['64Mi', '128Mi'],
    env: NO_PROFILER,
    probe: { periodSeconds: 5 },
    grace: false,
  },
  adservice: {
    port: 9555,
    cpu: ['200m', '300m'],
    memory: ['180Mi', '300Mi'],
    probe: { initialDelaySeconds: 20, periodSeconds: 15 },
  },
};

/** The Service port each callee is addressed on (`<service>:<port>`). */
const SERVICE_PORTS: Readonly<Record<string, number>> = {
  ...Object.fromEntries(
    Object.entries(GRPC_SERVICES).map(([name, spec]) => [name, spec.servicePort ?? spec.port]),
  ),
  frontend: 80,
  'redis-cart': 6379,
};

/** Online Boutique in namespace `online-boutique`, its frontend published through an internet-facing NLB. */
export class OnlineBoutiqueChart extends Chart {
  constructor(scope: Construct, id = 'online-boutique', props: OnlineBoutiqueChartProps = {}) {
    super(scope, id, { namespace: ONLINE_BOUTIQUE_NAMESPACE, disableResourceNameHashes: true });
    // Two replicas of each service, plus a rolling update's surge pods, fit the quota.
    const namespace = new HardenedNamespace(this, ONLINE_BOUTIQUE_NAMESPACE, {
      quota: { requestsCpu: '6', limitsCpu: '10', pods: 40 },
    });
    const calls = props.calls ?? ONLINE_BOUTIQUE_CALLS;
    // Each caller learns its callees' addresses from the call table, so address and connection never diverge.
    const addresses = (from: string): Record<string, string> =>
      Object.fromEntries(
        calls
          .filter((call) => call.from === from)
          .map((call) => [call.env, `${call.to}:${SERVICE_PORTS[call.to]}`]),
      );
    const resources = (cpu: readonly [string, string], memory: readonly [string, string]) => ({
      cpu: { request: cpu[0], limit: cpu[1] },
      memory: { request: memory[0], limit: memory[1] },
    });
    const common = { namespace, runAsUser: 1000, runAsGroup: 1000, containerName: 'server' };
    const workloads = new Map<string, HardenedWorkload>();

    for (const [name, spec] of Object.entries(GRPC_SERVICES)) {
      const workload = new HardenedDeployment(this, name, {
        ...common,
        image: ONLINE_BOUTIQUE_IMAGES[name as keyof typeof ONLINE_BOUTIQUE_IMAGES],
        ports: [{ name: 'grpc', port: spec.port, servicePort: spec.servicePort }],
        // The cart service reads no PORT (upstream sets none).
        env: {
          ...(name === 'cartservice' ? {} : { PORT: String(spec.port) }),
          ...spec.env,
          ...addresses(name),
        },
        resources: resources(spec.cpu ?? ['100m', '200m'], spec.memory),
        // Live while the port accepts connections; ready while the gRPC health service answers SERVING.
        liveness: Probe.tcp(spec.probe),
        readiness: Probe.grpc(spec.probe),
        ...(spec.grace === false ? {} : { terminationGracePeriodSeconds: 5 }),
      });
      workloads.set(name, workload);
    }

    // The cart's store: one replica, as upstream (its /data is an emptyDir, so a second replica would split the carts).
    workloads.set(
      'redis-cart',
      new HardenedDeployment(this, 'redis-cart', {
        ...common,
        containerName: 'redis',
        image: ONLINE_BOUTIQUE_IMAGES.redis,
        replicas: 1,
        ports: [{ name: 'tcp-redis', port: 6379 }],
        writablePaths: ['/data'],
        liveness: Probe.tcp({ periodSeconds: 5 }),
        readiness: Probe.exec(['redis-cli', 'ping'], { periodSeconds: 5 }),
        resources: resources(['70m', '125m'], ['200Mi', '256Mi']),
      }),
    );

    // The frontend opens a session for any request without one; the cookies keep probes out of the carts.
    const probe = (session: string) =>
      Probe.http('/_healthz', {
        initialDelaySeconds: 10,
        headers: { Cookie: `shop_session-id=x-${session}-probe` },
      });
    const frontend = new HardenedDeployment(this, 'frontend', {
      ...common,
      image: ONLINE_BOUTIQUE_IMAGES.frontend,
      ports: [{ name: 'http', port: 8080, servicePort: 80 }],
      podAnnotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
      env: { PORT: '8080', ENABLE_PROFILER: '0', ...addresses('frontend') },
      liveness: probe('liveness'),
      readiness: probe('readiness'),
      resources: resources(['100m', '200m'], ['64Mi', '128Mi']),
    });
    workloads.set('frontend', frontend);

    workloads.set(
      'loadgenerator',
      new HardenedDeployment(this, 'loadgenerator', {
        ...common,
        containerName: 'main',
        image: ONLINE_BOUTIQUE_IMAGES.loadgenerator,
        replicas: 1,
        podAnnotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
        terminationGracePeriodSeconds: 5,
        initContainers: [
          {
            name: 'frontend-check',
            image: ONLINE_BOUTIQUE_IMAGES.busybox,
            command: ['/bin/sh', '-exc', FRONTEND_CHECK],
            env: { FRONTEND_ADDR: 'frontend:80' },
          },
        ],
        env: { USERS: '10', ...addresses('loadgenerator') },
        liveness: Probe.none({
          reason: 'headless Locust has no port or health endpoint; the container exits when it stops',
        }),
        readiness: Probe.none({ reason: 'headless Locust serves nothing, so there is no traffic to gate' }),
        resources: resources(['300m', '500m'], ['256Mi', '512Mi']),
      }),
    );

    for (const call of calls) workloads.get(call.from)!.connectTo(workloads.get(call.to)!);

    new HardenedLoadBalancer(this, 'frontend-external', {
      target: frontend,
      name: 'frontend-external',
      internetFacing: { reason: 'the shop front is the public entry point of Online Boutique' },
      certificateArn: ONLINE_BOUTIQUE_CERTIFICATE,
      from: NetworkPeer.cidr(ONLINE_BOUTIQUE_VPC_CIDR),
    });
  }
}

/** The upstream init container's script: wait for the frontend to answer before generating load. */
const FRONTEND_CHECK = `echo "Init container pinging frontend: \${FRONTEND_ADDR}..."
STATUSCODE=$(wget --server-response http://\${FRONTEND_ADDR} 2>&1 | awk '/^  HTTP/{print $2}')
if test $STATUSCODE -ne 200; then
    echo "Error: Could not reach frontend - Status code: \${STATUSCODE}"
    exit 1
fi
`;
