import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { rbacPodExec as rule } from '../../policies/src/rules/rbac-pod-exec';
import { role } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());

describe('rbac-pod-exec', () => {
  test.each([
    [
      'reads pods and their logs',
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
    ],
    ['lists exec sessions only', { apiGroups: [''], resources: ['pods/exec'], verbs: ['list', 'watch'] }],
    // get and create open no ephemeral container; kubectl debug patches the subresource.
    [
      'reads ephemeral containers',
      { apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['get'] },
    ],
    ['patches pods, not their exec', { apiGroups: [''], resources: ['pods'], verbs: ['patch', 'update'] }],
    // RBAC matches `pods/*` only against a subresource literally called `*`: it reaches no exec.
    ['names the subresource * of pods', { apiGroups: [''], resources: ['pods/*'], verbs: ['create'] }],
    [
      'execs in another API group',
      { apiGroups: ['example.com'], resources: ['pods/exec'], verbs: ['create'] },
    ],
    ['sets no apiGroups', { resources: ['pods/exec'], verbs: ['create'] }],
    // What Prometheus needs of the kubelet, without the rest of its API.
    ['scrapes kubelet metrics', { apiGroups: [''], resources: ['nodes', 'nodes/metrics'], verbs: ['get'] }],
    ['lists node proxies only', { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['list', 'watch'] }],
  ])('passes a role that %s', (_case, policyRule) => {
    expect(validate(role([policyRule]))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'create on pods/exec',
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      'grants create on pods/exec,',
    ],
    // WebSocket clients open exec with a GET, which the API server authorizes as get.
    [
      'get on pods/exec',
      { apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['get', 'list'] },
      'grants get on pods/exec,',
    ],
    [
      'create on attach and port-forward',
      { apiGroups: [''], resources: ['pods/attach', 'pods/portforward'], verbs: ['create'] },
      'grants create on pods/attach, pods/portforward,',
    ],
    [
      'patch on ephemeral containers',
      { apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['get', 'patch'] },
      'grants patch on pods/ephemeralcontainers,',
    ],
    [
      'a * verb on exec',
      { apiGroups: ['*'], resources: ['pods/exec'], verbs: ['*'] },
      'grants * on pods/exec,',
    ],
    [
      'get on every resource',
      { apiGroups: [''], resources: ['*'], verbs: ['get'] },
      "grants get on pods/exec, pods/attach, pods/portforward (through resources '*'),",
    ],
    [
      'create on the exec subresource of every resource',
      { apiGroups: [''], resources: ['*/exec', 'services'], verbs: ['create', 'delete'] },
      "grants create on pods/exec (through resources '*/exec'),",
    ],
    [
      'exec on named pods only',
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], resourceNames: ['debug'] },
      'grants create on pods/exec,',
    ],
  ])('fails when a rule grants %s', (_case, policyRule, message) => {
    const result = validate(role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, policyRule]));
    expect(result).toEqual({
      status: 'fail',
      findings: [
        {
          path: 'rules[1]',
          message: expect.stringContaining(`Role/reader: rules[1] ${message} which lets its subjects`),
        },
      ],
    });
  });

  // The kubelet's API: its exec and run endpoints reach every pod on the node (CIS Kubernetes 5.1.10).
  test.each([
    [
      'get on nodes/proxy, as Prometheus charts long did to scrape the kubelet',
      { apiGroups: [''], resources: ['nodes', 'nodes/proxy'], verbs: ['get', 'list', 'watch'] },
      'grants get on nodes/proxy,',
    ],
    [
      'create on the proxy subresource of every resource',
      { apiGroups: [''], resources: ['*/proxy'], verbs: ['create'] },
      "grants create on nodes/proxy (through resources '*/proxy'),",
    ],
    [
      'get on every resource',
      { apiGroups: [''], resources: ['*'], verbs: ['get'] },
      "grants get on pods/exec, pods/attach, pods/portforward, nodes/proxy (through resources '*'),",
    ],
  ])('fails a ClusterRole that grants %s', (_case, policyRule, message) => {
    const result = validate(role([policyRule], 'ClusterRole', 'scraper'));
    expect(result.findings).toEqual([
      {
        path: 'rules[0]',
        message: expect.stringContaining(`ClusterRole/scraper: rules[0] ${message} which lets`),
      },
    ]);
  });

  test('passes nodes/proxy in a Role, which grants nothing on nodes (they are not namespaced)', () => {
    const proxy = { apiGroups: [''], resources: ['nodes/proxy', '*/proxy'], verbs: ['get', 'create'] };
    expect(validate(role([proxy]))).toEqual({ status: 'pass', findings: [] });
  });

  test('reports each rule of a ClusterRole that opens a session', () => {
    const result = validate(
      role(
        [
          { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
          { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] },
          { apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] },
        ],
        'ClusterRole',
        'debugger',
      ),
    );
    expect(result.findings.map((finding) => finding.path)).toEqual(['rules[0]', 'rules[2]']);
    expect(result.findings[0]!.message).toMatch(/^ClusterRole\/debugger: rules\[0\] grants create/);
  });
});
