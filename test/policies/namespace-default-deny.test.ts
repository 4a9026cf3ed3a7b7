import { ruleOptions } from '../../policies/src/engine/options';
import type { LocatedManifest, Manifest, RuleOptions } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { defaultDenies, namespaceDefaultDeny as rule } from '../../policies/src/rules/namespace-default-deny';
import {
  DNS_EGRESS_RULE,
  hardenedDeployment,
  located,
  mutate,
  namespace,
  networkPolicy,
  workload,
} from '../fixtures/workloads';

const validate = (manifests: LocatedManifest[]) => rule.validate(manifests, ruleOptions());
const deny = networkPolicy();
const denyIngress = networkPolicy('shop', { podSelector: {}, policyTypes: ['Ingress'] }, 'deny-ingress');
const denyEgressWithDns = networkPolicy(
  'shop',
  { podSelector: {}, policyTypes: ['Egress'], egress: [DNS_EGRESS_RULE] },
  'deny-egress',
);

describe('namespace-default-deny', () => {
  test.each([
    ['one policy denies both directions', [namespace(), hardenedDeployment(), deny]],
    [
      'ingress and egress are denied by different policies',
      [namespace(), hardenedDeployment(), denyIngress, denyEgressWithDns],
    ],
    ['the policy comes before the workload', [deny, hardenedDeployment()]],
    [
      'a workload without a namespace runs in default, which denies',
      [workload('Pod', undefined, 'p', null), networkPolicy('default')],
    ],
    [
      'an extra allow policy sits next to the default deny',
      [
        hardenedDeployment(),
        deny,
        networkPolicy('shop', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{}] }, 'allow-api'),
      ],
    ],
    ['the input has no namespaces and no workloads', [networkPolicy()]],
    [
      'a PodTemplate, which runs no pod, sits in a namespace without policies',
      [workload('PodTemplate', undefined, 't', 'templates')],
    ],
  ])('reports nothing when %s', (_case, manifests) => {
    expect(validate(located(...(manifests as Manifest[])))).toEqual([]);
  });

  it('reports a Namespace without policies on the Namespace object', () => {
    expect(validate(located(namespace('billing')))).toEqual([
      {
        key: 'input#0',
        path: 'metadata.name',
        message: expect.stringContaining(
          "Namespace/billing: no NetworkPolicy in namespace 'billing' denies Ingress and Egress by default",
        ),
      },
    ]);
  });

  it('reports on the Namespace object even when a workload of the namespace comes first', () => {
    const findings = validate(located(hardenedDeployment(), namespace()));
    expect(findings).toEqual([expect.objectContaining({ key: 'input#1', path: 'metadata.name' })]);
  });

  it('reports on the first workload when the input has no Namespace object', () => {
    const findings = validate(located(hardenedDeployment('api'), hardenedDeployment('worker')));
    expect(findings).toEqual([
      {
        key: 'input#0',
        path: 'metadata.namespace',
        message: expect.stringContaining(
          "Deployment/api: no NetworkPolicy in namespace 'shop' (where it runs) denies Ingress and Egress",
        ),
      },
    ]);
  });

  it('reports on the same workload whatever the input order, so a baseline matches it after files move', () => {
    const workloads = [
      hardenedDeployment('worker'),
      workload('StatefulSet', undefined, 'db'),
      hardenedDeployment('api'),
    ];
    const reportedOn = (manifests: Manifest[]) => {
      const [finding] = validate(located(...manifests));
      return manifests[Number(finding!.key.replace('input#', ''))];
    };
    expect(reportedOn(workloads)).toBe(workloads[2]);
    expect(reportedOn([...workloads].reverse())).toBe(workloads[2]);
    expect(reportedOn([workloads[1]!, workloads[0]!, workloads[2]!])).toBe(workloads[2]);
  });

  it('names a policy that selects every pod but also allows traffic, and why it is not a default deny', () => {
    // Kyverno's own allow-apiserver policy, which isolates the namespace but for the API server.
    const allowApiserver = networkPolicy(
      'kyverno',
      {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ ports: [{ port: 9443 }] }],
        egress: [{ ports: [{ port: 443 }] }],
      },
      'allow-apiserver',
    );
    const [finding] = validate(located(namespace('kyverno'), allowApiserver));
    expect(finding?.message).toContain(
      "no NetworkPolicy in namespace 'kyverno' denies Ingress and Egress by default ('allow-apiserver' selects every pod for Ingress and Egress but also allows traffic: a default deny is a separate policy with no rules",
    );
    const denyIngressOnly = networkPolicy(
      'kyverno',
      { podSelector: {}, policyTypes: ['Ingress'] },
      'deny-in',
    );
    const [egressOnly] = validate(located(namespace('kyverno'), allowApiserver, denyIngressOnly));
    expect(egressOnly?.message).toContain(
      "('allow-apiserver' selects every pod for Egress but also allows traffic",
    );
  });

  describe('workload CRDs and configured kinds, which run pods too', () => {
    const template = { spec: { containers: [{ name: 'web', image: 'r/web:1' }] } };
    const crd = (apiVersion: string, kind: string, spec: Record<string, unknown>) =>
      ({ apiVersion, kind, metadata: { name: 'web', namespace: 'shop' }, spec }) as Manifest;
    const ruleWith = (manifests: Manifest[], workloads: RuleOptions['workloads'] = []) => {
      const options = ruleOptions({ workloads });
      const kept = located(...manifests).flatMap(({ key, manifest }) => {
        const view = rule.retain!(manifest, options);
        return view === undefined ? [] : [{ key, manifest: view }];
      });
      return rule.validate(kept, options);
    };

    test.each([
      ['an Argo Rollout', crd('argoproj.io/v1alpha1', 'Rollout', { template })],
      // A Knative Service has the name of a built-in kind, in its own group.
      ['a Knative Service', crd('serving.knative.dev/v1', 'Service', { template })],
      ['a KEDA ScaledJob', crd('keda.sh/v1alpha1', 'ScaledJob', { jobTargetRef: { template } })],
    ])('reports the namespace %s runs in', (_case, manifest) => {
      expect(ruleWith([manifest])).toEqual([
        expect.objectContaining({
          key: 'input#0',
          message: expect.stringContaining("namespace 'shop' (where it runs)"),
        }),
      ]);
    });

    it('reports the namespace of a kind the config file names as a workload', () => {
      const runner = crd('ci.example.com/v1', 'Runner', { pod: template });
      expect(ruleWith([runner])).toEqual([]);
      const workloads = [{ kind: 'Runner', podSpecPath: ['spec', 'pod', 'spec'], source: 'config file' }];
      expect(ruleWith([runner], workloads)).toHaveLength(1);
    });

    it('does not take a CRD with a built-in kind name for the workload it is named after', () => {
      const volcanoJob = crd('batch.volcano.sh/v1alpha1', 'Job', { tasks: [{ template }] });
      expect(rule.retain!(volcanoJob, ruleOptions())).toBeUndefined();
      expect(ruleWith([volcanoJob])).toEqual([]);
    });
  });

  it('reports workloads without a namespace under default', () => {
    const findings = validate(located(workload('Pod', undefined, 'p', null)));
    expect(findings[0]!.message).toContain("no NetworkPolicy in namespace 'default'");
  });

  it('reports one finding per namespace', () => {
    const findings = validate(located(namespace('a'), namespace('b'), networkPolicy('a')));
    expect(findings.map((finding) => finding.key)).toEqual(['input#1']);
  });

  const spec = (fields: Record<string, unknown>) =>
    networkPolicy('shop', { podSelector: {}, ...fields }, 'candidate');
  test.each([
    [
      'the policy selects only some pods',
      networkPolicy('shop', {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Ingress', 'Egress'],
      }),
      'Ingress and Egress',
    ],
    ['policyTypes is unset and there are no egress rules (Ingress only)', spec({}), 'Egress'],
    [
      'the ingress rules allow traffic',
      spec({ policyTypes: ['Ingress', 'Egress'], ingress: [{}] }),
      'Ingress',
    ],
    ['egress allows everything', spec({ policyTypes: ['Ingress', 'Egress'], egress: [{}] }), 'Egress'],
    [
      'egress allows port 53 anywhere',
      spec({ policyTypes: ['Ingress', 'Egress'], egress: [{ ports: DNS_EGRESS_RULE.ports }] }),
      'Egress',
    ],
    [
      'egress allows kube-system on every port',
      spec({ policyTypes: ['Ingress', 'Egress'], egress: [{ to: DNS_EGRESS_RULE.to }] }),
      'Egress',
    ],
    [
      'egress allows DNS and HTTPS',
      spec({
        policyTypes: ['Ingress', 'Egress'],
        egress: [{ ...DNS_EGRESS_RULE, ports: [{ port: 53 }, { port: 443 }] }],
      }),
      'Egress',
    ],
    [
      'egress allows a port range from 53',
      spec({
        policyTypes: ['Ingress', 'Egress'],
        egress: [{ ...DNS_EGRESS_RULE, ports: [{ port: 53, endPort: 1024 }] }],
      }),
      'Egress',
    ],
    ['the policy is in another namespace', networkPolicy('other'), 'Ingress and Egress'],
  ])('reports the namespace when %s', (_case, policy, missing) => {
    const findings = validate(located(namespace(), policy));
    expect(findings).toEqual([
      expect.objectContaining({
        key: 'input#0',
        message: expect.stringContaining(`denies ${missing} by default`),
      }),
    ]);
  });

  it('does not count a CNI policy kind that shares the name (Calico projectcalico.org/v3)', () => {
    const calico = { ...networkPolicy(), apiVersion: 'projectcalico.org/v3' };
    expect(defaultDenies(calico)).toEqual([]);
    expect(validate(located(namespace(), calico))).toHaveLength(1);
  });

  it('mentions a NetworkPolicy whose namespace is not known yet', () => {
    const pending = mutate(networkPolicy(), (p) => (p.metadata.namespace = UNKNOWN));
    const findings = validate(located(namespace(), pending));
    expect(findings[0]!.message).toContain(
      'the namespace of NetworkPolicy/default-deny is not known until apply',
    );
  });

  test.each([
    [
      'policyTypes lists both and there are no rules',
      { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      ['Ingress', 'Egress'],
    ],
    ['podSelector is missing (the empty selector)', { policyTypes: ['Ingress'] }, ['Ingress']],
    [
      'podSelector has empty matchLabels',
      { podSelector: { matchLabels: {} }, policyTypes: ['Ingress'] },
      ['Ingress'],
    ],
    [
      'egress keeps only DNS to kube-system',
      { podSelector: {}, policyTypes: ['Egress'], egress: [DNS_EGRESS_RULE] },
      ['Egress'],
    ],
    [
      'DNS egress names CoreDNS pods and its port names, selected by matchExpressions',
      {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-system'] },
                  ],
                },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 'dns' },
              { protocol: 'TCP', port: 'dns-tcp' },
            ],
          },
        ],
      },
      ['Egress'],
    ],
    [
      'egress: [] does not make the policy an egress one when policyTypes is unset',
      { podSelector: {}, egress: [] },
      ['Ingress'],
    ],
    ['spec is malformed', { podSelector: 'all', policyTypes: 'Ingress' }, []],
    ['egress is not a list', { podSelector: {}, policyTypes: ['Egress'], egress: 'none' }, []],
  ])('defaultDenies: %s', (_case, policySpec, expected) => {
    expect(defaultDenies(networkPolicy('shop', policySpec))).toEqual(expected);
  });
});
