import { UNKNOWN } from '../../policies/src/engine/unknown';
import { containerLabel, containersOf, podSpecOf } from '../../policies/src/kubernetes/pod-template';
import { pssRules } from '../../policies/src/registry/pss';
import { trackUnknownReads } from '../../stacks/src/pack/unknown-reads';
import {
  KINDS,
  mutate,
  pssOptions,
  restrictedSpec,
  specPath,
  TEMPLATE_PATHS,
  workload,
} from '../fixtures/pods';

describe('podSpecOf', () => {
  test.each(KINDS)('finds the pod spec and metadata of a %s', (kind) => {
    const spec = restrictedSpec();
    const pod = podSpecOf(workload(spec, { kind, annotations: { a: 'b' } }));
    const template = TEMPLATE_PATHS[kind];
    expect(
      pod && { spec: pod.spec, path: pod.path, metadata: pod.metadata, metadataPath: pod.metadataPath },
    ).toEqual({
      spec,
      path: specPath(kind),
      metadata: expect.objectContaining({ annotations: { a: 'b' } }),
      metadataPath: template ? `${template}.metadata` : 'metadata',
    });
  });

  test.each([
    ['a kind without pods', { kind: 'ConfigMap', spec: { containers: [] } }],
    ['no kind', { spec: { containers: [] } }],
    ['a Deployment without a template', { kind: 'Deployment', spec: {} }],
    [
      'a ReplicationController with a null template',
      { kind: 'ReplicationController', spec: { template: null } },
    ],
    ['a CronJob with a job template that is a list', { kind: 'CronJob', spec: { jobTemplate: [] } }],
    ['a Pod whose spec is a string', { kind: 'Pod', spec: 'x' }],
    ['a Job whose template is not known yet', { kind: 'Job', spec: { template: UNKNOWN } }],
  ])('gives nothing for %s', (_case, manifest) => {
    expect(podSpecOf(manifest)).toBeUndefined();
  });

  it('gives empty metadata when the template has none', () => {
    expect(podSpecOf({ kind: 'Deployment', spec: { template: { spec: {} } } })?.metadata).toEqual({});
  });
});

describe('containersOf', () => {
  const pod = podSpecOf(
    workload({
      containers: [{ name: 'app' }, null, 'junk', { name: 'sidecar' }],
      initContainers: [{ name: 'init' }],
      ephemeralContainers: [{ name: 'debug' }],
    }),
  )!;

  it('visits init containers, containers, then ephemeral containers, with their paths', () => {
    expect(containersOf(pod).map(({ path, name }) => [path, name])).toEqual([
      ['spec.template.spec.initContainers[0]', 'init'],
      ['spec.template.spec.containers[0]', 'app'],
      ['spec.template.spec.containers[1]', ''],
      ['spec.template.spec.containers[3]', 'sidecar'],
      ['spec.template.spec.ephemeralContainers[0]', 'debug'],
    ]);
  });

  it('visits a null entry as an empty container and skips entries that are not objects', () => {
    expect(containersOf(pod)[2]).toMatchObject({ container: {}, list: 'containers', index: 1 });
  });

  it('visits only the lists asked for', () => {
    expect(containersOf(pod, ['containers']).map(({ name }) => name)).toEqual(['app', '', 'sidecar']);
  });

  it('tolerates lists that are not arrays', () => {
    expect(containersOf(podSpecOf(workload({ containers: { name: 'x' }, initContainers: 7 }))!)).toEqual([]);
  });

  it('labels containers by list', () => {
    expect(containersOf(pod).map(containerLabel)).toEqual([
      "init container 'init'",
      "container 'app'",
      "container '<unnamed>'",
      "container 'sidecar'",
      "ephemeral container 'debug'",
    ]);
  });
});

describe('reads through the preview adapter', () => {
  it('reads neither container names nor pod metadata unless a rule needs them', () => {
    const manifest = mutate(workload(restrictedSpec()), (m) => {
      m.spec.template.metadata = UNKNOWN;
      m.spec.template.spec.containers[0].name = UNKNOWN;
    });
    const rules = pssRules.filter((rule) => rule.id !== 'pss-apparmor');
    for (const rule of rules) {
      const tracked = trackUnknownReads(manifest);
      expect(rule.validate(tracked.view, pssOptions()).status).toBe('pass');
      expect({ rule: rule.id, read: tracked.paths }).toEqual({ rule: rule.id, read: [] });
    }
  });

  it('lets the adapter see an unknown container list that a rule had to read', () => {
    const manifest = mutate(workload(restrictedSpec()), (m) => {
      m.spec.template.spec.containers = UNKNOWN;
    });
    const tracked = trackUnknownReads(manifest);
    const privileged = pssRules.find((rule) => rule.id === 'pss-privileged')!;
    expect(privileged.validate(tracked.view, pssOptions()).status).toBe('pass');
    expect(tracked.paths).toEqual(['spec.template.spec.containers']);
  });
});
