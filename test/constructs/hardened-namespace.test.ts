import { HardenedNamespace, TEAM_ACCESS_RULES } from '../../constructs/src';
import { blockingFindings, find, synth, testChart } from './helpers';
import { schemaProblems } from './kubernetes-schema';

describe('HardenedNamespace', () => {
  const chart = testChart(null);
  new HardenedNamespace(chart, 'shop', {
    teams: [
      { group: 'shop-developers', access: 'deployer' },
      { group: 'shop-support', access: 'read-only' },
    ],
  });
  const manifests = synth(chart);

  it('labels the namespace for Pod Security Admission restricted, each mode pinned to a version', () => {
    expect(find(manifests, 'Namespace', 'shop').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.34',
    });
  });

  it('denies all ingress and egress by default', () => {
    expect(find(manifests, 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it('still lets every pod resolve DNS through CoreDNS in kube-system', () => {
    expect(find(manifests, 'NetworkPolicy', 'allow-dns').spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
  });

  it('caps resources and forbids NodePort and LoadBalancer Services by quota', () => {
    expect(find(manifests, 'ResourceQuota', 'default').spec.hard).toMatchObject({
      'requests.cpu': '4',
      'limits.memory': '16Gi',
      'services.nodeports': '0',
      'services.loadbalancers': '0',
    });
    expect(find(manifests, 'LimitRange', 'default').spec.limits[0]).toMatchObject({
      type: 'Container',
      default: { cpu: '500m', memory: '256Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
    });
  });

  it("turns off token automount on the namespace's default ServiceAccount", () => {
    expect(find(manifests, 'ServiceAccount', 'default').automountServiceAccountToken).toBe(false);
  });

  it('binds each team group to its preset Role, never with secrets or wildcards', () => {
    expect(find(manifests, 'RoleBinding', 'team-deployer-shop-developers')).toMatchObject({
      roleRef: { kind: 'Role', name: 'team-deployer' },
      subjects: [{ kind: 'Group', name: 'shop-developers' }],
    });
    for (const role of ['team-deployer', 'team-read-only']) {
      const rules = find(manifests, 'Role', role).rules as { resources: string[]; verbs: string[] }[];
      expect(rules.flatMap((rule) => rule.resources)).not.toContain('secrets');
      expect(rules.flatMap((rule) => [...rule.resources, ...rule.verbs]).some((v) => v.includes('*'))).toBe(
        false,
      );
    }
    expect(
      TEAM_ACCESS_RULES['read-only'].every((rule) =>
        rule.verbs.every((verb) => ['get', 'list', 'watch'].includes(verb)),
      ),
    ).toBe(true);
  });

  it('synthesizes schema-valid objects with no finding', () => {
    expect(schemaProblems(manifests)).toEqual([]);
    expect(blockingFindings(chart)).toEqual([]);
  });

  it.each([
    [{ name: 'Shop' }, "test/shop: 'name' must be a DNS label of at most 63 characters"],
    [
      { name: 'default' },
      "test/shop: 'name' must not be 'default' or a kube-* system namespace; got \"default\"",
    ],
    [
      { podSecurityVersion: 'latest' },
      "test/shop: 'podSecurityVersion' must be a pinned version 'v1.N' (not 'latest'); got \"latest\"",
    ],
    [
      { quota: { limitsCpu: '2' } },
      'test/shop: \'quota.limitsCpu\' must be at least the requests total (4); got "2"',
    ],
    [
      { teams: [{ group: 'system:authenticated', access: 'read-only' as const }] },
      "'teams[0].group' must be a group name",
    ],
    [
      { teams: [{ group: 'ops', access: 'admin' as never }] },
      '\'teams[0].access\' must be one of read-only, deployer; got "admin"',
    ],
  ])('rejects %j', (props, message) => {
    expect(() => new HardenedNamespace(testChart(null), 'shop', props)).toThrow(message);
  });
});
