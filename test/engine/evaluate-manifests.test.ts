import { evaluateManifests } from '../../policies/src/engine/evaluate-manifests';
import { ruleOptions } from '../../policies/src/engine/options';
import { readOnlyRootFilesystem } from '../../policies/src/rules/read-only-root-filesystem';
import { serviceNoNodePort } from '../../policies/src/rules/service-no-node-port';
import { hardenedDeployment, mutate } from '../fixtures/workloads';

const nodePort = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort' } };
const writable = mutate(hardenedDeployment('writer'), (draft) => {
  draft.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
});
const exempted = mutate(writable, (draft) => {
  draft.metadata.name = 'legacy';
  draft.metadata.annotations = {
    'eks-hardening.io/exempt-read-only-root-filesystem': 'writes its cache to /',
  };
});

const evaluate = () =>
  evaluateManifests(
    [hardenedDeployment('api'), writable, exempted, nodePort].map((manifest, index) => ({
      key: `input#${index}`,
      manifest,
    })),
    { rules: [readOnlyRootFilesystem, serviceNoNodePort], options: ruleOptions() },
  );

describe('evaluateManifests', () => {
  it('counts every object once per rule: passed, failed, exempted, or out of scope', () => {
    const { tallies } = evaluate();
    expect(tallies.get('read-only-root-filesystem')).toEqual({
      pass: 1,
      fail: 1,
      exempted: 1,
      unknown: 0,
      'not-applicable': 1,
    });
    expect(tallies.get('service-no-node-port')).toEqual({
      pass: 0,
      fail: 1,
      exempted: 0,
      unknown: 0,
      'not-applicable': 3,
    });
  });

  it('reports exempted findings with their reason instead of dropping them', () => {
    const legacy = evaluate().findings.filter((finding) => finding.name === 'legacy');
    expect(legacy).toEqual([
      expect.objectContaining({
        rule: 'read-only-root-filesystem',
        exemption: { reason: 'writes its cache to /', source: 'annotation' },
      }),
    ]);
  });
});
