import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { serviceNoNodePort as rule } from '../../policies/src/rules/service-no-node-port';
import { service } from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());

describe('service-no-node-port', () => {
  test.each([['ClusterIP'], ['LoadBalancer'], ['ExternalName']])('passes a %s Service', (type) => {
    expect(validate(service({ type }))).toEqual({ status: 'pass', findings: [] });
  });

  it('passes a Service with no type (ClusterIP by default)', () => {
    expect(validate(service({ type: undefined })).status).toBe('pass');
  });

  it('fails a NodePort Service', () => {
    expect(validate(service({ type: 'NodePort' }))).toEqual({
      status: 'fail',
      findings: [
        { path: 'spec.type', message: expect.stringContaining('Service/api: spec.type is NodePort') },
      ],
    });
  });

  it('passes without throwing when spec is not an object', () => {
    expect(validate({ ...service(), spec: 'NodePort' }).status).toBe('pass');
  });
});
