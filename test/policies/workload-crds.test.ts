import { evaluateManifests } from '../../policies/src/engine/evaluate-manifests';
import { ruleOptions } from '../../policies/src/engine/options';
import { rulesForProfile } from '../../policies/src/engine/profiles';
import { PSS_LATEST } from '../../policies/src/engine/pss-version';
import type { Manifest } from '../../policies/src/engine/types';
import { podsOf, type WorkloadKind, workloadOf } from '../../policies/src/kubernetes/workloads';
import { healthProbes } from '../../policies/src/rules/health-probes';
import { pssPrivileged } from '../../policies/src/rules/pss-privileged';
import { type Data, mutate, restrictedSpec } from '../fixtures/pods';

/** A container that is privileged: PSA's baseline forbids it in any pod. */
const privileged = (name = 'app'): Data => ({
  name,
  image: 'registry.example.com/app:1.0',
  securityContext: { privileged: true },
});

/** A restricted pod spec whose only container is privileged and which shares the host's PID namespace. */
const badSpec = (): Data =>
  mutate(restrictedSpec(), (s) => {
    s.hostPID = true;
    s.initContainers = [];
    s.containers = [privileged()];
  });

function evaluate(manifests: readonly Manifest[], workloads: readonly WorkloadKind[] = []) {
  return evaluateManifests(
    manifests.map((manifest, index) => ({ key: `in.yaml#${index}`, manifest })),
    { rules: rulesForProfile('all', PSS_LATEST), options: ruleOptions({ workloads }) },
  );
}

const template = (spec: Data) => ({ metadata: { labels: { app: 'x' } }, spec });

describe.each<[string, string, string, (spec: Data) => Data, string]>([
  [
    'an Argo Rollout',
    'argoproj.io/v1alpha1',
    'Rollout',
    (spec) => ({ template: template(spec) }),
    'spec.template.spec',
  ],
  [
    'an OpenKruise CloneSet',
    'apps.kruise.io/v1alpha1',
    'CloneSet',
    (spec) => ({ template: template(spec) }),
    'spec.template.spec',
  ],
  [
    'an OpenKruise Advanced StatefulSet',
    'apps.kruise.io/v1beta1',
    'StatefulSet',
    (spec) => ({ template: template(spec) }),
    'spec.template.spec',
  ],
  [
    'an OpenKruise Advanced DaemonSet',
    'apps.kruise.io/v1alpha1',
    'DaemonSet',
    (spec) => ({ template: template(spec) }),
    'spec.template.spec',
  ],
  [
    'a Knative Service',
    'serving.knative.dev/v1',
    'Service',
    (spec) => ({ template: template(spec) }),
    'spec.template.spec',
  ],
  [
    'a KEDA ScaledJob',
    'keda.sh/v1alpha1',
    'ScaledJob',
    (spec) => ({ jobTargetRef: { template: template(spec) } }),
    'spec.jobTargetRef.template.spec',
  ],
  [
    'an unknown kind holding a pod template at spec.template',
    'example.com/v1',
    'Widget',
    (spec) => ({ template: template(spec) }),
    'spec.template.spec',
  ],
])('%s', (_name, apiVersion, kind, specOf, podPath) => {
  const manifest: Manifest = {
    apiVersion,
    kind,
    metadata: { name: 'web', namespace: 'shop' },
    spec: specOf(badSpec()),
  };

  it('reports a privileged container and hostPID at the pod template’s paths', () => {
    const { findings, unexamined } = evaluate([manifest]);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'pss-privileged',
          kind,
          path: `${podPath}.containers[0].securityContext.privileged`,
          message: expect.stringContaining(`${kind}/web: container 'app' sets privileged: true`),
        }),
        expect.objectContaining({ rule: 'pss-host-namespaces', path: `${podPath}.hostPID` }),
      ]),
    );
    expect(unexamined).toEqual([]);
  });

  it('passes when the pod template is hardened', () => {
    const clean = mutate(manifest, (d) => {
      const pod = podsOf(d)[0]!.spec as Data;
      delete pod.hostPID;
      pod.containers[0].securityContext = {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      };
    });
    const pss = evaluate([clean]).findings.filter((finding) => finding.rule.startsWith('pss-'));
    expect(pss).toEqual([]);
  });
});

describe('workload kinds', () => {
  it('reads a core v1 Service as a Service, not as a Knative workload', () => {
    const service: Manifest = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { template: { spec: badSpec() } },
    };
    expect(workloadOf(service)).toBeUndefined();
    expect(evaluate([service]).findings.filter((finding) => finding.rule.startsWith('pss-'))).toEqual([]);
  });

  it('does not check probes of a batch CRD (a KEDA ScaledJob), but does of a Rollout', () => {
    const pod = { containers: [{ name: 'app', image: 'r/app:1' }] };
    const scaledJob: Manifest = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: { name: 'worker' },
      spec: { jobTargetRef: { template: { spec: pod } } },
    };
    const rollout: Manifest = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec: { template: { spec: pod } },
    };
    const rules = (key: string) =>
      evaluate([scaledJob, rollout])
        .findings.filter((f) => f.key === key)
        .map((f) => f.rule);
    expect(rules('in.yaml#0')).not.toContain('health-probes');
    expect(rules('in.yaml#1')).toContain('health-probes');
    expect(healthProbes.validate(scaledJob, ruleOptions()).status).toBe('not-applicable');
  });

  it('reads a kind named in the configuration at its pod spec path, metadata beside it', () => {
    const runner: Manifest = {
      apiVersion: 'ci.example.com/v1',
      kind: 'Runner',
      metadata: { name: 'builder' },
      spec: { pod: { metadata: {}, spec: badSpec() } },
    };
    const configured: WorkloadKind = {
      kind: 'Runner',
      group: 'ci.example.com',
      podSpecPath: ['spec', 'pod', 'spec'],
      source: 'harden.yaml',
    };
    expect(evaluate([runner]).unexamined).toEqual(['in.yaml#0']);
    const { findings, unexamined } = evaluate([runner], [configured]);
    expect(unexamined).toEqual([]);
    expect(findings).toContainEqual(
      expect.objectContaining({
        rule: 'pss-privileged',
        path: 'spec.pod.spec.containers[0].securityContext.privileged',
      }),
    );
    expect(evaluate([{ ...runner, apiVersion: 'other.example.com/v1' }], [configured]).unexamined).toEqual([
      'in.yaml#0',
    ]);
  });

  it('lists the objects no rule examined: kinds without rules and without a pod template', () => {
    const widget: Manifest = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 3 },
    };
    const { unexamined } = evaluate([
      widget,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
    ]);
    expect(unexamined).toEqual(['in.yaml#0']);
  });
});

describe('Argo Workflows', () => {
  const workflow = (spec: Data, kind = 'Workflow'): Manifest => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind,
    metadata: { name: 'build' },
    spec: kind === 'CronWorkflow' ? { schedule: '0 * * * *', workflowSpec: spec } : spec,
  });
  const steps = { name: 'main', steps: [[{ name: 'a', template: 'compile' }]] };

  it('checks each template that runs a container as its own pod, naming the template’s fields', () => {
    const manifest = workflow({
      entrypoint: 'main',
      hostNetwork: true,
      volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }],
      templates: [
        steps,
        { name: 'compile', container: privileged('compile') },
        {
          name: 'test',
          script: { ...privileged('test'), source: 'make test' },
          sidecars: [privileged('db')],
        },
      ],
    });
    const pss = evaluate([manifest]).findings.filter(
      (f) => f.rule === 'pss-privileged' || f.rule === 'pss-host-namespaces',
    );
    expect(pss.map((f) => [f.rule, f.path])).toEqual([
      ['pss-host-namespaces', 'spec.hostNetwork'],
      ['pss-host-namespaces', 'spec.hostNetwork'],
      ['pss-privileged', 'spec.templates[1].container.securityContext.privileged'],
      ['pss-privileged', 'spec.templates[2].script.securityContext.privileged'],
      ['pss-privileged', 'spec.templates[2].sidecars[0].securityContext.privileged'],
    ]);
    expect(pss.find((f) => f.rule === 'pss-privileged')?.message).toBe(
      "Workflow/build: container 'compile' sets privileged: true at spec.templates[1].container.securityContext.privileged; remove it or set it to false",
    );
    const volumes = evaluate([manifest]).findings.filter((f) => f.rule === 'pss-restricted-volumes');
    expect(volumes.map((f) => f.path)).toEqual(['spec.volumes[0].hostPath', 'spec.volumes[0].hostPath']);
    expect(volumes[0]).toMatchObject({ severity: 'high', alsoViolates: ['pss-host-path-volumes'] });
  });

  it('reads a CronWorkflow’s workflowSpec and a template’s own securityContext', () => {
    const manifest = workflow(
      {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        templates: [
          {
            name: 'root',
            securityContext: { runAsUser: 0 },
            container: {
              name: 'c',
              image: 'r/c:1',
              securityContext: restrictedSpec().containers[0].securityContext,
            },
          },
        ],
      },
      'CronWorkflow',
    );
    const findings = evaluate([manifest]).findings.filter((f) => f.rule.startsWith('pss-'));
    expect(findings.map((f) => [f.rule, f.path])).toEqual(
      expect.arrayContaining([
        ['pss-run-as-user', 'spec.workflowSpec.templates[0].securityContext.runAsUser'],
        [
          'pss-seccomp-restricted',
          'spec.workflowSpec.templates[0].container.securityContext.seccompProfile.type',
        ],
      ]),
    );
  });

  it('checks the templates written inline in DAG tasks and steps, which run pods as named ones do', () => {
    const manifest = workflow({
      entrypoint: 'main',
      templates: [
        { name: 'main', dag: { tasks: [{ name: 'a', inline: { container: privileged('inline-dag') } }] } },
        {
          name: 'flow',
          steps: [
            [{ name: 'b', template: 'main' }],
            [{ name: 'c', inline: { script: { ...privileged('inline-step'), source: 'true' } } }],
          ],
        },
      ],
    });
    const paths = evaluate([manifest])
      .findings.filter((f) => f.rule === 'pss-privileged')
      .map((f) => f.path);
    expect(paths).toEqual([
      'spec.templates[0].dag.tasks[0].inline.container.securityContext.privileged',
      'spec.templates[1].steps[1][0].inline.script.securityContext.privileged',
    ]);
  });

  it('passes a workflow whose templates only orchestrate (steps, suspend), and skips its probes', () => {
    const manifest = workflow({ templates: [steps, { name: 'wait', suspend: {} }] });
    expect(podsOf(manifest)).toEqual([]);
    expect(pssPrivileged.validate(manifest, ruleOptions()).status).toBe('not-applicable');
    expect(evaluate([manifest]).findings).toEqual([]);
  });
});
