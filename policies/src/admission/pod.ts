import { CONTAINER_LISTS, type ContainerList, TEMPLATE_PATHS } from '../kubernetes/pod-template';
import { ADMISSION_BOUNDS } from './bounds';
import { and, firstMessage, orElse, present, str, strList } from './cel';
import type { AdmissionValidation, AdmissionVariable } from './types';

/**
 * `(kind in [...] ? <value for those kinds> : …)` over the pod-bearing kinds grouped by where they keep their
 * pod template, read from the same table the rules read (`TEMPLATE_PATHS` in kubernetes/pod-template.ts), so
 * a kind added there is found here too.
 */
function byTemplatePath(value: (steps: readonly string[]) => string, fallback: string): string {
  const groups = new Map<string, { steps: readonly string[]; kinds: string[] }>();
  for (const [kind, steps] of Object.entries(TEMPLATE_PATHS)) {
    const id = steps.join('.');
    const group = groups.get(id);
    if (group) group.kinds.push(kind);
    else groups.set(id, { steps, kinds: [kind] });
  }
  let expression = fallback;
  for (const { steps, kinds } of [...groups.values()].reverse()) {
    expression = `(variables.kind in ${strList(kinds)} ? ${value(steps)} : ${expression})`;
  }
  return expression;
}

/** CEL: the pod is not a Windows pod (`spec.os.name` is not `windows`), for forms over Linux-only fields. */
export const NOT_WINDOWS_POD = `!(${and(present('variables.podSpec', 'os', 'name'), "variables.podSpec.os.name == 'windows'")})`;

/**
 * The variables every pod form starts with: the pod template found once for every pod-bearing kind (as
 * `podSpecOf` finds it), its spec, its three container lists (empty when unset), the object as findings
 * name it, and the path of the pod spec for messages.
 */
export const POD_VARIABLES: readonly AdmissionVariable[] = [
  { name: 'template', expression: byTemplatePath((steps) => orElse('object', steps, '{}'), '{}') },
  { name: 'hasPod', expression: 'has(variables.template.spec)' },
  { name: 'podSpec', expression: '(variables.hasPod ? variables.template.spec : {})' },
  ...CONTAINER_LISTS.map((list) => ({
    name: list,
    expression: orElse('variables.podSpec', [list], '[]'),
  })),
  {
    name: 'containerCount',
    expression: CONTAINER_LISTS.map((list) => `size(variables.${list})`).join(' + '),
  },
  {
    name: 'podPath',
    expression: byTemplatePath((steps) => str([...steps, 'spec'].join('.')), "'spec'"),
  },
];

/** The variables every form starts with: the kind (from the request) and the object as findings name it. */
export const OBJECT_VARIABLES: readonly AdmissionVariable[] = [
  { name: 'kind', expression: 'request.kind.kind' },
  {
    name: 'subject',
    expression:
      "variables.kind + '/' + (has(object.metadata) && has(object.metadata.name) && object.metadata.name != '' ? object.metadata.name : '<unnamed>')",
  },
];

/** The check that rejects a pod with more containers than the forms are written for, naming the bound. */
export const CONTAINER_BOUND: AdmissionValidation = {
  expression: `variables.containerCount <= ${ADMISSION_BOUNDS.containers}`,
  messageExpression: `variables.subject + ': the pod has ' + string(variables.containerCount) + ' containers, more than the ${ADMISSION_BOUNDS.containers} this admission policy checks within the API server\\'s CEL cost limit; split the workload'`,
};

/** `expression` guarded by the container bound: true (no cost) when {@link CONTAINER_BOUND} already fails. */
export function withinContainerBound(expression: string): string {
  return `variables.containerCount > ${ADMISSION_BOUNDS.containers} || (${expression})`;
}

/** `container 'app'`, `init container 'setup'`… as `containerLabel` names a container, for a CEL container `c`. */
export function containerLabelCel(list: ContainerList, c: string): string {
  const kind =
    list === 'initContainers'
      ? 'init container'
      : list === 'ephemeralContainers'
        ? 'ephemeral container'
        : 'container';
  return `'${kind} \\'' + (has(${c}.name) && ${c}.name != '' ? ${c}.name : '<unnamed>') + '\\''`;
}

/** A per-container check: what passes, and the message tail for a container that does not. */
export interface ContainerCheck {
  /** The lists to check, in the order the rule walks them. */
  readonly lists: readonly ContainerList[];
  /** CEL bool: container `c` passes. */
  readonly ok: (c: string) => string;
  /**
   * CEL string: what is wrong with container `c` and the fix, after `<subject>: <container label> `;
   * `at` is a CEL string expression of the container's path (`spec.template.spec.containers[0]`).
   */
  readonly problem: (c: string, at: string) => string;
  /** CEL bool: the check applies to this object at all (when false it is admitted). @default 'variables.hasPod' */
  readonly applies?: string;
}

/**
 * A validation that every container of `lists` passes `ok`; the message names the first that does not (its
 * list, index and name) and the field, as the rule's finding for it does.
 */
export function containerValidation(check: ContainerCheck): AdmissionValidation {
  return {
    expression: `!(${check.applies ?? 'variables.hasPod'}) || (${and(
      ...check.lists.map((list) => `variables.${list}.all(c, ${check.ok('c')})`),
    )})`,
    messageExpression: firstMessage(
      check.lists.map((list) => ({
        list: `variables.${list}`,
        bad: (c: string) => `!(${check.ok(c)})`,
        message: (c: string) =>
          `variables.subject + ': ' + ${containerLabelCel(list, c)} + ' ' + (${check.problem(c, `variables.podPath + '.${list}[' + string(variables.${list}.indexOf(${c})) + ']'`)})`,
      })),
      'c',
    ),
  };
}
