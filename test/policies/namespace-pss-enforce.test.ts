import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { namespacePssEnforce as rule } from '../../policies/src/rules/namespace-pss-enforce';
import { namespace } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const ENFORCE = 'pod-security.kubernetes.io/enforce';
const at = `metadata.labels['${ENFORCE}']`;

describe('namespace-pss-enforce', () => {
  test.each([['restricted'], ['baseline']])('passes a namespace that enforces %s', (level) => {
    expect(validate(namespace('shop', { [ENFORCE]: level }))).toEqual({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'it has no labels',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      'metadata.labels',
      'Namespace/shop: has no pod-security.kubernetes.io/enforce label',
    ],
    [
      'only warn and audit are set',
      namespace('shop', { 'pod-security.kubernetes.io/warn': 'restricted' }),
      'metadata.labels',
      'has no pod-security.kubernetes.io/enforce label',
    ],
    [
      'it enforces privileged',
      namespace('shop', { [ENFORCE]: 'privileged' }),
      at,
      `${ENFORCE} at ${at} is privileged, which admits any pod`,
    ],
    [
      'the level is not a level',
      namespace('shop', { [ENFORCE]: 'Restricted' }),
      at,
      "is 'Restricted', which is not a Pod Security level",
    ],
  ])('fails when %s', (_case, manifest, path, message) => {
    const result = validate(manifest);
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('treats a non-string label value as missing without throwing', () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { [ENFORCE]: 1 } },
    };
    expect(validate(manifest).findings[0]!.path).toBe('metadata.labels');
  });
});
