import { ruleOptions } from '../../policies/src/engine/options';
import type { Manifest } from '../../policies/src/engine/types';
import { UNKNOWN } from '../../policies/src/engine/unknown';
import { noRootGroup as rule } from '../../policies/src/rules/no-root-group';
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
const spec = 'spec.template.spec';

describe('no-root-group', () => {
  test.each(WORKLOAD_KINDS)('passes a hardened %s', (kind) => {
    expect(validate(workload(kind))).toEqual({ status: 'pass', findings: [] });
  });

  it('passes groups left unset (the image decides) and non-zero ones', () => {
    const unset = mutate(hardenedDeployment(), (d) => {
      delete d.spec.template.spec.securityContext;
      delete d.spec.template.spec.containers[0].securityContext;
    });
    expect(validate(unset).status).toBe('pass');
    const set = mutate(hardenedDeployment(), (d) => {
      d.spec.template.spec.securityContext = { runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000] };
    });
    expect(validate(set).status).toBe('pass');
  });

  test.each(WORKLOAD_KINDS)('reads the pod spec of a %s where that kind keeps it', (kind) => {
    const pod = mutate(hardenedPodSpec() as never, (s: Draft) => (s.securityContext = { fsGroup: 0 }));
    expect(validate(workload(kind, pod)).findings.map((finding) => finding.path)).toEqual([
      `${POD_SPEC_PATHS[kind]}.securityContext.fsGroup`,
    ]);
  });

  test.each([
    [
      "the pod's runAsGroup is 0",
      (d: Draft) => (d.spec.template.spec.securityContext = { runAsGroup: 0 }),
      `${spec}.securityContext.runAsGroup`,
      'the pod sets runAsGroup: 0 (the root group)',
    ],
    [
      "the pod's fsGroup is 0",
      (d: Draft) => (d.spec.template.spec.securityContext = { fsGroup: 0 }),
      `${spec}.securityContext.fsGroup`,
      'the pod sets fsGroup: 0 (the root group)',
    ],
    [
      'the supplemental groups hold 0',
      (d: Draft) => (d.spec.template.spec.securityContext = { supplementalGroups: [3000, 0] }),
      `${spec}.securityContext.supplementalGroups[1]`,
      'the pod sets supplementalGroups: 0 (the root group)',
    ],
    [
      "a container's runAsGroup is 0",
      (d: Draft) => (d.spec.template.spec.containers[0].securityContext.runAsGroup = 0),
      `${spec}.containers[0].securityContext.runAsGroup`,
      "container 'app' sets runAsGroup: 0 (the root group)",
    ],
    [
      "an init container's runAsGroup is 0",
      (d: Draft) =>
        (d.spec.template.spec.initContainers = [
          {
            name: 'migrate',
            image: 'registry.example.com/shop/migrate:1.0',
            securityContext: { runAsGroup: 0 },
          },
        ]),
      `${spec}.initContainers[0].securityContext.runAsGroup`,
      "init container 'migrate' sets runAsGroup: 0",
    ],
  ])('fails when %s', (_case, change, path, message) => {
    const result = validate(mutate(hardenedDeployment(), change));
    expect(result).toEqual({
      status: 'fail',
      findings: [{ path, message: expect.stringContaining(message) }],
    });
    expect(result.findings[0]!.message).toMatch(
      /^Deployment\/api: .* at \S+; use the non-root group the image is built for, such as 10001$/,
    );
  });

  it('reports every root group of the pod and its containers', () => {
    const manifest = mutate(hardenedDeployment(), (d) => {
      d.spec.template.spec.securityContext = { runAsGroup: 0, fsGroup: 0, supplementalGroups: [0] };
      d.spec.template.spec.containers[0].securityContext.runAsGroup = 0;
    });
    expect(validate(manifest).findings.map((finding) => finding.path)).toEqual([
      `${spec}.securityContext.runAsGroup`,
      `${spec}.securityContext.fsGroup`,
      `${spec}.securityContext.supplementalGroups[0]`,
      `${spec}.containers[0].securityContext.runAsGroup`,
    ]);
  });

  it('is unknown where a group is not known yet, and fails on a root group beside it', () => {
    const unknown = mutate(hardenedDeployment(), (d) => {
      d.spec.template.spec.securityContext = { fsGroup: UNKNOWN };
    });
    expect(validate(unknown)).toEqual({
      status: 'unknown',
      findings: [
        { path: `${spec}.securityContext.fsGroup`, message: expect.stringContaining('is not known yet') },
      ],
    });
    const both = mutate(unknown, (d) => (d.spec.template.spec.securityContext.runAsGroup = 0));
    expect(validate(both).status).toBe('fail');
  });

  it('is not applicable to a Windows pod, and unknown on a root group when the OS is not known yet', () => {
    const windows = mutate(hardenedDeployment(), (d) => {
      d.spec.template.spec.os = { name: 'windows' };
      d.spec.template.spec.securityContext = { runAsGroup: 0 };
    });
    expect(validate(windows).status).toBe('not-applicable');
    const maybe = mutate(windows, (d) => (d.spec.template.spec.os = { name: UNKNOWN }));
    expect(validate(maybe)).toEqual({
      status: 'unknown',
      findings: [{ path: `${spec}.os.name`, message: expect.stringContaining('is not known yet') }],
    });
  });
});
