import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { networkPolicyReachability as rule } from '../../policies/src/rules/network-policy-reachability';
import { DNS_EGRESS_RULE, located, mutate } from '../fixtures/workloads';

function deployment(name: string, port: number, namespace = 'shop'): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, ports: [{ name: 'grpc', containerPort: port }] }] },
      },
    },
  };
}

/** The policy a hardened workload gets: exactly the listed ingress and egress, plus DNS. */
function workloadPolicy(
  name: string,
  {
    ingress = [],
    egress = [],
    namespace = 'shop',
  }: { ingress?: unknown[]; egress?: unknown[]; namespace?: string },
): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: {
      podSelector: { matchLabels: { app: name } },
      policyTypes: ['Ingress', 'Egress'],
      ...(ingress.length > 0 ? { ingress } : {}),
      egress: [DNS_EGRESS_RULE, ...egress],
    },
  };
}

const defaultDeny: Manifest = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'shop' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

const toCart = {
  to: [{ podSelector: { matchLabels: { app: 'cart' } } }],
  ports: [{ protocol: 'TCP', port: 7070 }],
};
const fromFrontend = {
  from: [{ podSelector: { matchLabels: { app: 'frontend' } } }],
  ports: [{ protocol: 'TCP', port: 7070 }],
};
const frontend = deployment('frontend', 8080);
const cart = deployment('cart', 7070);
const connected = [
  defaultDeny,
  frontend,
  cart,
  workloadPolicy('frontend', { egress: [toCart] }),
  workloadPolicy('cart', { ingress: [fromFrontend] }),
];
const validate = (manifests: Manifest[]) => rule.validate(located(...manifests), ruleOptions());

describe('network-policy-reachability', () => {
  it('passes a connection written on both sides', () => {
    expect(validate(connected)).toEqual([]);
  });

  it('reports an egress the callee admits from nobody, naming both ends and the port', () => {
    const findings = validate([
      defaultDeny,
      frontend,
      cart,
      workloadPolicy('frontend', { egress: [toCart] }),
      workloadPolicy('cart', {}),
    ]);
    expect(findings).toEqual([
      {
        key: 'input#3',
        path: 'spec.egress[1].to[0]',
        message: expect.stringContaining(
          'NetworkPolicy/frontend: egress at spec.egress[1].to[0] lets Deployment/frontend connect to Deployment/cart on TCP 7070 (grpc), but no ingress rule of the NetworkPolicies selecting Deployment/cart admits Deployment/frontend',
        ),
      },
    ]);
    expect(findings[0]?.message).toContain('caller.connectTo(callee) writes both sides');
  });

  it('places the pods of a workload CRD as it places a Deployment’s (an Argo Rollout behind the policy)', () => {
    const rollout = { ...cart, apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' } as Manifest;
    const inputs = [
      defaultDeny,
      frontend,
      rollout,
      workloadPolicy('frontend', { egress: [toCart] }),
      workloadPolicy('cart', {}),
    ];
    const kept = located(...inputs).flatMap(({ key, manifest }) => {
      const view = rule.retain!(manifest, ruleOptions());
      return view === undefined ? [] : [{ key, manifest: view }];
    });
    expect(rule.validate(kept, ruleOptions())).toEqual([
      expect.objectContaining({
        key: 'input#3',
        message: expect.stringContaining(
          'lets Deployment/frontend connect to Rollout/cart on TCP 7070 (grpc)',
        ),
      }),
    ]);
  });

  it('reports an ingress rule that no egress of its source can reach', () => {
    const findings = validate([
      defaultDeny,
      frontend,
      cart,
      workloadPolicy('frontend', {}),
      workloadPolicy('cart', { ingress: [fromFrontend] }),
    ]);
    expect(findings).toEqual([
      {
        key: 'input#4',
        path: 'spec.ingress[0].from[0]',
        message: expect.stringContaining(
          'NetworkPolicy/cart: ingress at spec.ingress[0].from[0] admits Deployment/frontend to Deployment/cart on TCP 7070 (grpc), but no egress rule of the NetworkPolicies selecting Deployment/frontend lets it connect there',
        ),
      },
    ]);
  });

  it('reports an egress to the Service port, which NetworkPolicies never see (and the ingress it leaves unreached)', () => {
    const service: Manifest = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: { selector: { app: 'cart' }, ports: [{ name: 'grpc', port: 80, targetPort: 7070 }] },
    };
    const toServicePort = mutate(toCart, (draft) => {
      draft.ports = [{ protocol: 'TCP', port: 80 }];
    });
    const findings = validate([
      ...connected.slice(0, 3),
      service,
      workloadPolicy('frontend', { egress: [toServicePort] }),
      connected[4]!,
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        path: 'spec.egress[1].ports[0]',
        message: expect.stringContaining(
          'allows TCP 80 to Deployment/cart, but that is the port of Service/cart (targetPort 7070) and NetworkPolicies match the pod',
        ),
      }),
      expect.objectContaining({
        path: 'spec.ingress[0].from[0]',
        message: expect.stringContaining('NetworkPolicy/cart: ingress'),
      }),
    ]);
  });

  it('names the namespace of a callee in another namespace', () => {
    const remoteCart = deployment('cart', 7070, 'carts');
    const toRemote = {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'carts' } },
          podSelector: { matchLabels: { app: 'cart' } },
        },
      ],
      ports: [{ port: 7070 }],
    };
    const findings = validate([
      frontend,
      remoteCart,
      workloadPolicy('frontend', { egress: [toRemote] }),
      workloadPolicy('cart', { namespace: 'carts' }),
    ]);
    expect(findings[0]?.message).toContain('connect to Deployment/cart (namespace carts) on TCP 7070');
  });

  test.each([
    [
      'the callee is not isolated for ingress',
      [frontend, cart, workloadPolicy('frontend', { egress: [toCart] })],
    ],
    [
      'the peer selects no workload of the input (the cluster DNS)',
      [frontend, workloadPolicy('frontend', {})],
    ],
    [
      'the source namespace is known only by name and the peer selects it by another label',
      [
        frontend,
        deployment('scanner', 9000, 'security'),
        workloadPolicy('frontend', {
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'security' } } }] }],
        }),
        workloadPolicy('scanner', { namespace: 'security' }),
      ],
    ],
    [
      'the rule admits an ipBlock, which pod addresses may fall in',
      [
        frontend,
        cart,
        workloadPolicy('frontend', { egress: [toCart] }),
        workloadPolicy('cart', { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }),
      ],
    ],
    ['there are no NetworkPolicies', [frontend, cart]],
  ])('reports nothing when %s', (_case, manifests) => {
    expect(validate(manifests as Manifest[])).toEqual([]);
  });
});
