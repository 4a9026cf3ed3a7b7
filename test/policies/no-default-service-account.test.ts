import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { noDefaultServiceAccount as rule } from '../../policies/src/rules/no-default-service-account';
import {
  type Draft,
  hardenedDeployment,
  hardenedPodSpec,
  mutate,
  POD_SPEC_PATHS,
  WORKLOAD_KINDS,
  workload,
} from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const at = 'spec.template.spec.serviceAccountName';
const pod = (change: (spec: Draft) => void) =>
  mutate(hardenedDeployment(), (d) => change(d.spec.template.spec));

describe('no-default-service-account', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  it('passes the deprecated serviceAccount field naming a dedicated account', () => {
    const manifest = pod((spec) => {
      delete spec.serviceAccountName;
      spec.serviceAccount = 'api';
    });
    expect(validate(manifest).status).toBe('pass');
  });

  test.each(WORKLOAD_KINDS)('fails a %s whose pod spec names no ServiceAccount', (kind) => {
    const { serviceAccountName: _dropped, ...spec } = hardenedPodSpec();
    const path = `${POD_SPEC_PATHS[kind]}.serviceAccountName`;
    expect(validate(workload(kind, spec))).toEqual({
      status: 'fail',
      findings: [
        { path, message: expect.stringContaining(`${kind}/api: the pod spec sets no serviceAccountName`) },
      ],
    });
  });

  test.each([
    [
      'serviceAccountName is default',
      (spec: Draft) => (spec.serviceAccountName = 'default'),
      'sets serviceAccountName: default',
    ],
    [
      'serviceAccountName is empty',
      (spec: Draft) => (spec.serviceAccountName = ''),
      'sets no serviceAccountName',
    ],
    [
      'only the deprecated serviceAccount field is set, to default',
      (spec: Draft) => {
        delete spec.serviceAccountName;
        spec.serviceAccount = 'default';
      },
      'sets serviceAccountName: default',
    ],
    [
      'serviceAccountName is not a string',
      (spec: Draft) => (spec.serviceAccountName = 7),
      'sets no serviceAccountName',
    ],
  ])('fails when %s', (_case, change, message) => {
    expect(validate(pod(change))).toEqual({
      status: 'fail',
      findings: [{ path: at, message: expect.stringContaining(`Deployment/api: the pod spec ${message}`) }],
    });
  });

  it('is unknown when serviceAccountName is not known until apply', () => {
    expect(validate(pod((spec) => (spec.serviceAccountName = UNKNOWN)))).toEqual({
      status: 'unknown',
      findings: [{ path: at, message: expect.stringContaining('cannot be verified until apply') }],
    });
  });

  it('is not applicable to a Deployment without a pod template', () => {
    expect(validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } }).status).toBe(
      'not-applicable',
    );
  });
});
