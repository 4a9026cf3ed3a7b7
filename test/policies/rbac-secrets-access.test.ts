import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { rbacSecretsAccess as rule } from '../../policies/src/rules/rbac-secrets-access';
import { role } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());

describe('rbac-secrets-access', () => {
  test.each([
    [
      'reads ConfigMaps only',
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
    ],
    ['only creates Secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['create'] }],
    [
      'reads one named Secret',
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db'] },
    ],
    // RBAC matches `*/*` only against a subresource literally called `*`: it reaches no Secret.
    ['reads every subresource named *', { apiGroups: [''], resources: ['*/*'], verbs: ['get'] }],
    [
      'reads secrets of another API group',
      { apiGroups: ['example.com'], resources: ['secrets'], verbs: ['get'] },
    ],
  ])('passes a role that %s', (_case, policyRule) => {
    expect(validate(role([policyRule]))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'get on secrets',
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
      'grants get on all Secrets',
    ],
    [
      'list and watch on secrets',
      { apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch'] },
      'grants list, watch on all Secrets',
    ],
    [
      '* verbs on secrets',
      { apiGroups: [''], resources: ['secrets'], verbs: ['*'] },
      'grants * on all Secrets',
    ],
    [
      'get on * resources',
      { apiGroups: [''], resources: ['*'], verbs: ['get'] },
      "grants get on all Secrets (through resources '*')",
    ],
    [
      'get on secrets of * groups',
      { apiGroups: ['*'], resources: ['secrets'], verbs: ['get'] },
      'grants get on all Secrets',
    ],
  ])('fails when a rule grants %s', (_case, policyRule, message) => {
    const result = validate(role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, policyRule]));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([
      { path: 'rules[1]', message: expect.stringContaining(`Role/reader: rules[1] ${message}`) },
    ]);
  });
});
