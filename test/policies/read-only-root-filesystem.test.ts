import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { readOnlyRootFilesystem as rule } from '../../policies/src/rules/read-only-root-filesystem';
import {
  type Draft,
  hardenedContainer,
  hardenedDeployment,
  hardenedPodSpec,
  mutate,
  POD_SPEC_PATHS,
  WORKLOAD_KINDS,
  workload,
} from '../fixtures/workloads';

const validate = (manifest: Manifest) => rule.validate(manifest, ruleOptions());
const at = 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem';

describe('read-only-root-filesystem', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  test.each(WORKLOAD_KINDS)('reads the pod spec of a %s where that kind keeps it', (kind) => {
    const spec = mutate(hardenedPodSpec() as never, (s) => delete s.containers[0].securityContext);
    const result = validate(workload(kind, spec));
    expect(result.findings.map((finding) => finding.path)).toEqual([
      `${POD_SPEC_PATHS[kind]}.containers[0].securityContext.readOnlyRootFilesystem`,
    ]);
  });

  test.each([
    [
      'the field is unset',
      (d: Draft) => delete d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem,
      at,
      'does not set readOnlyRootFilesystem: true',
    ],
    [
      'the field is false',
      (d: Draft) => (d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false),
      at,
      'sets readOnlyRootFilesystem: false',
    ],
    [
      'there is no securityContext',
      (d: Draft) => delete d.spec.template.spec.containers[0].securityContext,
      at,
      'does not set',
    ],
    [
      'an initContainer leaves it unset',
      (d: Draft) =>
        (d.spec.template.spec.initContainers = [
          { name: 'migrate', image: 'registry.example.com/shop/migrate:1.0' },
        ]),
      'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem',
      "init container 'migrate'",
    ],
    [
      'an ephemeralContainer leaves it unset',
      (d: Draft) => (d.spec.template.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36' }]),
      'spec.template.spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem',
      "ephemeral container 'debug'",
    ],
  ])('fails when %s', (_case, change, path, message) => {
    const result = validate(mutate(hardenedDeployment(), change));
    expect(result.status).toBe('fail');
    expect(result.findings).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(result.findings[0]!.message).toMatch(
      new RegExp(
        `^Deployment/api: (init |ephemeral )?container '[a-z]+' .* at ${path.replace(/[.[\]]/g, '\\$&')}; set it to true`,
      ),
    );
  });

  it('reports one finding per offending container', () => {
    const spec = { ...hardenedPodSpec(), containers: [{ name: 'a' }, hardenedContainer('b'), { name: 'c' }] };
    expect(validate(workload('Pod', spec)).findings.map((finding) => finding.path)).toEqual([
      'spec.containers[0].securityContext.readOnlyRootFilesystem',
      'spec.containers[2].securityContext.readOnlyRootFilesystem',
    ]);
  });

  it('names an unnamed container without printing undefined', () => {
    const result = validate(workload('Pod', { containers: [{ image: 'x:1' }] }));
    expect(result.findings[0]!.message).toContain("container '<unnamed>'");
  });

  test.each([
    [
      'a Windows pod',
      mutate(hardenedDeployment(), (d) => {
        d.spec.template.spec.os = { name: 'windows' };
        delete d.spec.template.spec.containers[0].securityContext;
      }),
    ],
    ['a pod spec without containers', workload('Pod', {})],
    [
      'a Deployment without a template',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: {} },
    ],
  ])('is not applicable to %s', (_case, manifest) => {
    expect(validate(manifest).status).toBe('not-applicable');
  });
});
