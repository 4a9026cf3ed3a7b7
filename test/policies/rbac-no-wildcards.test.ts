import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { rbacNoWildcards as rule } from '../../policies/src/rules/rbac-no-wildcards';
import { type Draft, mutate, role } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());

describe('rbac-no-wildcards', () => {
  test.each([['Role'], ['ClusterRole']] as const)(
    'passes a %s that names its verbs, groups and resources',
    (kind) => {
      expect(validate(role(undefined, kind))).toEqual({ status: 'pass', findings: [] });
    },
  );

  it('reads only Roles and ClusterRoles', () => {
    expect(rule.kinds).toEqual(['Role', 'ClusterRole']);
  });

  test.each([
    ['verbs holds *', (r: Draft) => (r.rules[0].verbs = ['get', '*']), 'rules[0].verbs[1]', "verbs '*'"],
    [
      'apiGroups holds *',
      (r: Draft) => (r.rules[0].apiGroups = ['*']),
      'rules[0].apiGroups[0]',
      "apiGroups '*'",
    ],
    [
      'resources holds *',
      (r: Draft) => (r.rules[0].resources = ['*']),
      'rules[0].resources[0]',
      "resources '*'",
    ],
    [
      'resources holds a subresource of every resource',
      (r: Draft) => (r.rules[0].resources = ['pods', '*/scale']),
      'rules[0].resources[1]',
      "resources '*/scale'",
    ],
    [
      'nonResourceURLs holds *',
      (r: Draft) => r.rules.push({ nonResourceURLs: ['*'], verbs: ['get'] }),
      'rules[1].nonResourceURLs[0]',
      "nonResourceURLs '*'",
    ],
    [
      // A trailing * matches by prefix, and every non-resource URL starts with /.
      'nonResourceURLs holds /*, which matches every URL',
      (r: Draft) => r.rules.push({ nonResourceURLs: ['/healthz', '/*'], verbs: ['get'] }),
      'rules[1].nonResourceURLs[1]',
      "nonResourceURLs '/*'",
    ],
  ])('fails when %s', (_case, change, path, message) => {
    const result = validate(mutate(role(undefined, 'ClusterRole'), change));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      { path, message: expect.stringContaining(`ClusterRole/reader: ${message} at ${path}`) },
    ]);
  });

  // The RBAC authorizer matches `*` and `*/<subresource>`; any other `*` is a literal name no API serves.
  test.each(['pods/*', '*/*', 'pod*'])(
    'passes %s, which RBAC matches literally and so grants nothing',
    (item) => {
      expect(
        validate(mutate(role(undefined, 'ClusterRole'), (r: Draft) => (r.rules[0].resources = [item]))),
      ).toEqual({
        status: 'pass',
        findings: [],
      });
    },
  );

  it('passes a prefix under /, as the default system:discovery role grants', () => {
    const discovery = role([
      { nonResourceURLs: ['/api', '/api/*', '/apis/*', '/openapi/*'], verbs: ['get'] },
    ]);
    expect(validate(discovery)).toEqual({ status: 'pass', findings: [] });
  });

  it('reports each wildcard of a rule on its own', () => {
    const result = validate(role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]));
    expect(result.findings.map((finding) => finding.path)).toEqual([
      'rules[0].verbs[0]',
      'rules[0].apiGroups[0]',
      'rules[0].resources[0]',
    ]);
  });

  test.each([
    ['rules is not a list', { rules: 'all' }],
    ['a rule is not an object', { rules: [null, 7] }],
    ['a list holds non-strings', { rules: [{ verbs: [null, 1], resources: [{}] }] }],
  ])('passes without throwing when %s', (_case, fields) => {
    expect(validate({ ...role(), ...fields }).status).toBe('pass');
  });
});
