import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { serviceAccountTokenAutomount as rule } from '../../policies/src/rules/service-account-token-automount';
import {
  type Draft,
  hardenedDeployment,
  hardenedPodSpec,
  mutate,
  POD_SPEC_PATHS,
  serviceAccount,
  WORKLOAD_KINDS,
  workload,
} from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());

describe('service-account-token-automount', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a ServiceAccount that does not automount', () => {
    expect(validate(serviceAccount())).toEqual({ status: 'pass', findings: [] });
  });

  test.each(WORKLOAD_KINDS)('fails a %s whose pod spec leaves the field unset', (kind) => {
    const { automountServiceAccountToken: _dropped, ...spec } = hardenedPodSpec();
    const path = `${POD_SPEC_PATHS[kind]}.automountServiceAccountToken`;
    expect(validate(workload(kind, spec))).toEqual({
      status: 'fail',
      findings: [
        {
          path,
          message: expect.stringContaining(
            `${kind}/api: the pod spec does not set automountServiceAccountToken: false`,
          ),
        },
      ],
    });
  });

  it('fails a pod spec that sets true, even if its ServiceAccount says false (the pod field wins)', () => {
    const result = validate(
      mutate(hardenedDeployment(), (d) => (d.spec.template.spec.automountServiceAccountToken = true)),
    );
    expect(result.findings).toEqual([
      {
        path: 'spec.template.spec.automountServiceAccountToken',
        message: expect.stringContaining(
          'sets automountServiceAccountToken: true at spec.template.spec.automountServiceAccountToken',
        ),
      },
    ]);
  });

  test.each([
    [
      'leaves the field unset',
      (d: Draft) => delete d.automountServiceAccountToken,
      'does not set automountServiceAccountToken: false',
    ],
    [
      'sets true',
      (d: Draft) => (d.automountServiceAccountToken = true),
      'sets automountServiceAccountToken: true',
    ],
    [
      'sets the string "false"',
      (d: Draft) => (d.automountServiceAccountToken = 'false'),
      'does not set automountServiceAccountToken: false',
    ],
  ])('fails a ServiceAccount that %s', (_case, change, message) => {
    expect(validate(mutate(serviceAccount(), change))).toEqual({
      status: 'fail',
      findings: [
        {
          path: 'automountServiceAccountToken',
          message: expect.stringContaining(`ServiceAccount/api: ${message}`),
        },
      ],
    });
  });

  test.each([
    [
      'a pod spec',
      mutate(hardenedDeployment(), (d) => (d.spec.template.spec.automountServiceAccountToken = UNKNOWN)),
    ],
    ['a ServiceAccount', mutate(serviceAccount(), (d) => (d.automountServiceAccountToken = UNKNOWN))],
  ])('is unknown when the field of %s is not known until apply', (_case, manifest) => {
    expect(validate(manifest).status).toBe('unknown');
  });

  it('is not applicable to a Deployment without a pod template', () => {
    expect(validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } }).status).toBe(
      'not-applicable',
    );
  });
});
