import { failOrUnknown, NOT_APPLICABLE, PASS } from '../engine/result';
import type { Finding, Manifest, RuleOptions, RuleResult } from '../engine/types';
import { groupOf, isLookalike } from './built-in-kinds';
import { LastEntry } from './last-entry';
import { asArray, asRecord, kindOf } from './object';
import { POD_BEARING_KINDS, type PodSpecRef, podSpecOf } from './pod-template';

/**
 * A kind whose objects carry a pod spec, beyond the built-in ones PSA reads ({@link POD_BEARING_KINDS}): a
 * workload CRD, or a kind the user names in the config file (`workloads`).
 */
export interface WorkloadKind {
  /** The API group of the object's `apiVersion` (`argoproj.io`); undefined matches any group. */
  readonly group?: string;
  readonly kind: string;
  /**
   * Steps from the object to its pod spec (`['spec', 'template', 'spec']`). The pod's metadata (annotations
   * for seccomp and AppArmor, labels) is the sibling `metadata` of a pod spec reached through a `spec` step.
   */
  readonly podSpecPath: readonly string[];
  /** Its pods run to completion (a batch job): long-running checks such as probes do not apply. */
  readonly runsToCompletion?: boolean;
  /** Where the kind comes from, as reports name it (`Argo Rollouts`, `config file`). */
  readonly source: string;
}

/**
 * The workload CRDs whose pod templates the rules read, by API group and kind. Each embeds a core
 * `PodTemplateSpec` (or a `JobSpec` holding one) at a documented path; the controllers create pods from it,
 * so a privileged container there runs as surely as in a Deployment.
 *
 * @see https://argoproj.github.io/argo-rollouts/features/specification/ (Rollout `spec.template`)
 * @see https://openkruise.io/docs/user-manuals/cloneset (CloneSet, Advanced StatefulSet and DaemonSet `spec.template`)
 * @see https://knative.dev/docs/serving/reference/serving-api/ (Service `spec.template` is a RevisionTemplateSpec)
 * @see https://keda.sh/docs/latest/reference/scaledjob-spec/ (ScaledJob `spec.jobTargetRef` is a batch/v1 JobSpec)
 */
export const WORKLOAD_CRDS: readonly WorkloadKind[] = Object.freeze([
  {
    group: 'argoproj.io',
    kind: 'Rollout',
    podSpecPath: ['spec', 'template', 'spec'],
    source: 'Argo Rollouts',
  },
  {
    group: 'apps.kruise.io',
    kind: 'CloneSet',
    podSpecPath: ['spec', 'template', 'spec'],
    source: 'OpenKruise',
  },
  {
    group: 'apps.kruise.io',
    kind: 'StatefulSet',
    podSpecPath: ['spec', 'template', 'spec'],
    source: 'OpenKruise Advanced StatefulSet',
  },
  {
    group: 'apps.kruise.io',
    kind: 'DaemonSet',
    podSpecPath: ['spec', 'template', 'spec'],
    source: 'OpenKruise Advanced DaemonSet',
  },
  {
    group: 'apps.kruise.io',
    kind: 'BroadcastJob',
    podSpecPath: ['spec', 'template', 'spec'],
    runsToCompletion: true,
    source: 'OpenKruise',
  },
  {
    group: 'serving.knative.dev',
    kind: 'Service',
    podSpecPath: ['spec', 'template', 'spec'],
    source: 'Knative',
  },
  {
    group: 'serving.knative.dev',
    kind: 'Configuration',
    podSpecPath: ['spec', 'template', 'spec'],
    source: 'Knative',
  },
  {
    group: 'keda.sh',
    kind: 'ScaledJob',
    podSpecPath: ['spec', 'jobTargetRef', 'template', 'spec'],
    runsToCompletion: true,
    source: 'KEDA',
  },
]);

/**
 * Argo Workflows kinds: each template with a `container`, `script` or `containerSet` runs as its own pod,
 * built from the template and the workflow spec (read by {@link argoPods}). Their pods run to completion.
 *
 * @see https://argo-workflows.readthedocs.io/en/latest/fields/
 */
export const ARGO_WORKFLOW_KINDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Workflow: ['spec'],
  WorkflowTemplate: ['spec'],
  ClusterWorkflowTemplate: ['spec'],
  CronWorkflow: ['spec', 'workflowSpec'],
});

const ARGO_GROUP = 'argoproj.io';

/** How a workload's pods are found: built in, a known CRD or configured kind, Argo Workflows, or by shape. */
export type WorkloadMatch =
  | { readonly how: 'built-in' }
  | { readonly how: 'kind'; readonly workload: WorkloadKind }
  | { readonly how: 'argo'; readonly workflowSpecPath: readonly string[] }
  | { readonly how: 'shape' };

const BUILT_IN: WorkloadMatch = Object.freeze({ how: 'built-in' });

/** {@link WORKLOAD_CRDS} by kind. */
const CRDS_BY_KIND: ReadonlyMap<string, readonly WorkloadKind[]> = (() => {
  const byKind = new Map<string, WorkloadKind[]>();
  for (const entry of WORKLOAD_CRDS) byKind.set(entry.kind, [...(byKind.get(entry.kind) ?? []), entry]);
  return byKind;
})();

/**
 * How the pods of `manifest` are read, or undefined when it carries none. Built-in kinds first (any group, as
 * PSA reads them), then `extra` (configured kinds, which may override a CRD), the known CRDs, Argo
 * Workflows, and last any other custom resource shaped like a controller: a `spec.template.spec.containers`
 * list of objects is the `PodTemplateSpec` convention of every apps/v1 controller and of the CRDs that copy it
 * (Argo Rollouts, OpenKruise, Flagger's and KubeVela's workloads), so an unknown kind that has one is read as a
 * pod template rather than passed silently. Built-in API groups are never matched by shape.
 */
export function workloadOf(
  manifest: Manifest,
  extra: readonly WorkloadKind[] = [],
): WorkloadMatch | undefined {
  const kind = kindOf(manifest);
  const group = groupOf(manifest);
  const configured =
    extra.length === 0
      ? undefined
      : extra.find((entry) => entry.kind === kind && (entry.group === undefined || entry.group === group));
  if (configured) return { how: 'kind', workload: configured };
  const crd = CRDS_BY_KIND.get(kind)?.find((entry) => entry.group === group);
  if (crd) return { how: 'kind', workload: crd };
  if (POD_BEARING_KINDS.includes(kind) && !isLookalike(manifest)) return BUILT_IN;
  // Own keys only: a kind such as `constructor` or `toString` is no Argo kind.
  if (group === ARGO_GROUP && Object.hasOwn(ARGO_WORKFLOW_KINDS, kind)) {
    return { how: 'argo', workflowSpecPath: ARGO_WORKFLOW_KINDS[kind]! };
  }
  // Only a CRD's group (a DNS subdomain outside k8s.io): a built-in kind that is not a workload never runs pods.
  if (!group.includes('.') || group === 'k8s.io' || group.endsWith('.k8s.io')) return undefined;
  const containers = asRecord(asRecord(asRecord(asRecord(manifest.spec)?.template)?.spec))?.containers;
  if (Array.isArray(containers) && containers.length > 0 && containers.every((c) => asRecord(c))) {
    return { how: 'shape' };
  }
  return undefined;
}

/** True when the pods of `match` run to completion (Jobs, CronJobs, batch CRDs, Argo workflows). */
export function runsToCompletion(manifest: Manifest, match: WorkloadMatch): boolean {
  if (match.how === 'argo') return true;
  if (match.how === 'kind') return match.workload.runsToCompletion === true;
  return kindOf(manifest) === 'Job' || kindOf(manifest) === 'CronJob';
}

/** Rewrites the synthetic paths of an Argo template's pod to the fields they came from. */
const translators = new WeakMap<PodSpecRef, (text: string) => string>();

/**
 * Every pod an object describes: one for a built-in kind, a CRD or a configured kind, one per pod-running
 * template of an Argo workflow; empty when it carries none. `options.workloads` adds configured kinds.
 */
export function podsOf(manifest: Manifest, options?: Pick<RuleOptions, 'workloads'>): readonly PodSpecRef[] {
  // Every pod rule asks for the pods of the same object: they are read once per object (and again should a
  // caller change its kind or apiVersion in place, or pass other configured kinds).
  const workloads = options?.workloads?.length ? options.workloads : undefined;
  const cached = PODS.get(manifest);
  if (
    cached &&
    cached.kind === manifest.kind &&
    cached.apiVersion === manifest.apiVersion &&
    cached.workloads === workloads
  ) {
    return cached.pods;
  }
  const pods = Object.freeze(readPods(manifest, workloads));
  PODS.set(manifest, { kind: manifest.kind, apiVersion: manifest.apiVersion, workloads, pods });
  return pods;
}

/** {@link podsOf} of the object the rules are reading. */
const PODS = new LastEntry<
  object,
  {
    readonly kind: unknown;
    readonly apiVersion: unknown;
    readonly workloads: readonly WorkloadKind[] | undefined;
    readonly pods: readonly PodSpecRef[];
  }
>();

function readPods(manifest: Manifest, workloads: readonly WorkloadKind[] | undefined): PodSpecRef[] {
  const match = workloadOf(manifest, workloads);
  if (!match) return [];
  switch (match.how) {
    case 'built-in': {
      const pod = podSpecOf(manifest);
      return pod ? [pod] : [];
    }
    case 'shape':
      return atPath(manifest, ['spec', 'template', 'spec']);
    case 'kind':
      return atPath(manifest, match.workload.podSpecPath);
    case 'argo':
      return argoPods(manifest, match.workflowSpecPath);
  }
}

function atPath(manifest: Manifest, steps: readonly string[]): PodSpecRef[] {
  let parent: unknown = manifest;
  for (const step of steps.slice(0, -1)) parent = asRecord(parent)?.[step];
  const holder = asRecord(parent);
  const last = steps.at(-1) ?? 'spec';
  const spec = asRecord(holder?.[last]);
  if (!holder || !spec) return [];
  const prefix = steps.slice(0, -1).join('.');
  const at = (field: string) => (prefix === '' ? field : `${prefix}.${field}`);
  return [
    {
      spec,
      path: at(last),
      get metadata() {
        return last === 'spec' ? (asRecord(holder.metadata) ?? {}) : {};
      },
      metadataPath: at('metadata'),
    },
  ];
}

/**
 * The pods of an Argo workflow: one per template that runs containers, inline templates of DAG tasks and
 * steps included. Each is the pod Argo builds: the
 * template's `container` or `script` (or `containerSet.containers`) and `sidecars` as containers, its
 * `initContainers`, the workflow's and the template's `volumes`, the template's `securityContext`,
 * `serviceAccountName` and `automountServiceAccountToken` (else the workflow's), and the workflow's
 * `hostNetwork`. Findings name the fields where they are written (`spec.templates[1].container`).
 */
export function argoPods(manifest: Manifest, workflowSpecPath: readonly string[]): PodSpecRef[] {
  let value: unknown = manifest;
  for (const step of workflowSpecPath) value = asRecord(value)?.[step];
  const workflow = asRecord(value);
  if (!workflow) return [];
  const base = workflowSpecPath.join('.');
  const pods: PodSpecRef[] = [];
  argoTemplates(workflow, base).forEach(({ template, at }, index) => {
    // Where each container and volume of the synthetic pod is written.
    const containers: { value: unknown; path: string }[] = [];
    for (const field of ['container', 'script'] as const) {
      if (asRecord(template[field])) containers.push({ value: template[field], path: `${at}.${field}` });
    }
    asArray(asRecord(template.containerSet)?.containers).forEach((c, i) => {
      containers.push({ value: c, path: `${at}.containerSet.containers[${i}]` });
    });
    if (containers.length === 0) return; // steps, dag, suspend, resource, http: no pod of the user's containers
    asArray(template.sidecars).forEach((c, i) => {
      containers.push({ value: c, path: `${at}.sidecars[${i}]` });
    });
    const volumes = [
      ...asArray(workflow.volumes).map((v, i) => ({ value: v, path: `${base}.volumes[${i}]` })),
      ...asArray(template.volumes).map((v, i) => ({ value: v, path: `${at}.volumes[${i}]` })),
    ];
    const fromTemplate = (field: string) => (template[field] !== undefined ? at : base);
    const spec: Record<string, unknown> = {
      containers: containers.map((c) => c.value),
      ...(template.initContainers !== undefined ? { initContainers: template.initContainers } : {}),
      ...(volumes.length > 0 ? { volumes: volumes.map((v) => v.value) } : {}),
    };
    const owners: Record<string, string> = {};
    for (const field of ['securityContext', 'serviceAccountName', 'automountServiceAccountToken']) {
      const source = template[field] !== undefined ? template : workflow;
      if (source[field] !== undefined) {
        spec[field] = source[field];
        owners[field] = fromTemplate(field);
      }
    }
    if (workflow.hostNetwork !== undefined) {
      spec.hostNetwork = workflow.hostNetwork;
      owners.hostNetwork = base;
    }
    const token = `\u0000argo${index}\u0000`;
    const pod: PodSpecRef = {
      spec,
      path: token,
      get metadata() {
        return asRecord(template.metadata) ?? {};
      },
      metadataPath: `${at}.metadata`,
    };
    const pattern = new RegExp(
      `${token}(?:\\.(containers|initContainers|ephemeralContainers|volumes)\\[(\\d+)\\]|\\.([A-Za-z]+))?`,
      'g',
    );
    translators.set(pod, (text) =>
      text.replace(pattern, (_all, list?: string, index?: string, field?: string) => {
        if (list === 'containers') return containers[Number(index)]?.path ?? `${at}.containers[${index}]`;
        if (list === 'volumes') return volumes[Number(index)]?.path ?? `${at}.volumes[${index}]`;
        if (list) return `${at}.${list}[${index}]`;
        if (field) return `${owners[field] ?? at}.${field}`;
        return at;
      }),
    );
    pods.push(pod);
  });
  return pods;
}

/**
 * Every template of an Argo workflow spec with where it is written: `templates[i]`, each followed by the
 * templates written inline in its DAG tasks (`dag.tasks[j].inline`) and steps (`steps[g][k].inline`), which
 * run pods as a named template does.
 */
function argoTemplates(
  workflow: Readonly<Record<string, unknown>>,
  base: string,
): { template: Readonly<Record<string, unknown>>; at: string }[] {
  const found: { template: Readonly<Record<string, unknown>>; at: string }[] = [];
  const collect = (entry: unknown, at: string) => {
    const template = asRecord(entry);
    if (!template) return;
    found.push({ template, at });
    asArray(asRecord(template.dag)?.tasks).forEach((task, j) => {
      collect(asRecord(task)?.inline, `${at}.dag.tasks[${j}].inline`);
    });
    asArray(template.steps).forEach((group, g) => {
      asArray(group).forEach((step, k) => {
        collect(asRecord(step)?.inline, `${at}.steps[${g}][${k}].inline`);
      });
    });
  };
  asArray(workflow.templates).forEach((entry, index) => {
    collect(entry, `${base}.templates[${index}]`);
  });
  return found;
}

/**
 * Runs `check` on every pod of `manifest` ({@link podsOf}) and joins the results: fail when any pod fails
 * (all failures), else unknown when any is unknown, else pass when any passed, else not applicable. The
 * findings of an Argo template's pod name the template's own fields.
 */
export function overPods(
  manifest: Manifest,
  options: Pick<RuleOptions, 'workloads'> | undefined,
  check: (pod: PodSpecRef) => RuleResult,
): RuleResult {
  const pods = podsOf(manifest, options);
  if (pods.length === 1 && !translators.has(pods[0]!)) return check(pods[0]!);
  const failures: Finding[] = [];
  const unknowns: Finding[] = [];
  let passed = false;
  for (const pod of pods) {
    const result = check(pod);
    const translate = translators.get(pod);
    const findings = translate
      ? result.findings.map((finding) => ({
          ...finding,
          path: translate(finding.path),
          message: translate(finding.message),
        }))
      : result.findings;
    if (result.status === 'fail') failures.push(...findings);
    else if (result.status === 'unknown') unknowns.push(...findings);
    else if (result.status === 'pass') passed = true;
  }
  if (failures.length > 0 || unknowns.length > 0) return failOrUnknown(failures, unknowns);
  return passed ? PASS : NOT_APPLICABLE;
}

/**
 * What a rule over pods declares: the built-in pod-bearing kinds (which admission policies match) and that
 * it reads the pods of every other workload too (CRDs, configured kinds, pod-template-shaped objects);
 * `long-running` leaves out kinds whose pods run to completion.
 */
export function readsPods(which: 'any' | 'long-running' = 'any'): {
  readonly kinds: readonly string[];
  readonly pods: 'any' | 'long-running';
} {
  const kinds =
    which === 'any'
      ? POD_BEARING_KINDS
      : POD_BEARING_KINDS.filter((kind) => kind !== 'Job' && kind !== 'CronJob');
  return { kinds, pods: which };
}

/** Built-in kinds that run pods (a PodTemplate only stores a template). */
const BUILT_IN_RUNS_PODS: ReadonlySet<string> = new Set(
  POD_BEARING_KINDS.filter((kind) => kind !== 'PodTemplate'),
);

/**
 * True for an object that runs pods: a built-in workload, a workload CRD (Argo Rollout, Knative Service,
 * KEDA ScaledJob...) or Argo workflow with a template that runs containers, a kind the config file's
 * `workloads` names, or a CRD shaped like a workload.
 */
export function runsPods(manifest: Manifest, options?: Pick<RuleOptions, 'workloads'>): boolean {
  if (BUILT_IN_RUNS_PODS.has(kindOf(manifest)) && !isLookalike(manifest)) return true;
  const workload = workloadOf(manifest, options?.workloads);
  // An Argo Workflow whose templates only orchestrate (steps, suspend) runs no pod.
  return workload !== undefined && workload.how !== 'built-in' && podsOf(manifest, options).length > 0;
}
