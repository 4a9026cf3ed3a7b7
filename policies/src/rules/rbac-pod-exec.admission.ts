import { firstMessage } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';
import { holds, ROLE_BOUND, ROLE_VARIABLES, rulePath } from './rbac-no-wildcards.admission';
import { POD_SESSIONS } from './rbac-pod-exec';

const list = (items: readonly string[]) => `[${items.map((item) => `'${item}'`).join(', ')}]`;

/**
 * CEL: `x` equals one of `values`, written as comparisons: a list literal inside a comprehension is built
 * again for every element, which at 128 rules of 64 items costs more than the API server allows.
 */
const isOneOf = (x: string, values: readonly string[]) =>
  `(${values.map((value) => `${x} == '${value}'`).join(' || ')})`;

type Session = (typeof POD_SESSIONS)[number];

/** `pods/exec`, ...: how a session is named. */
const named = ({ resource, subresource }: Session) => `${resource}/${subresource}`;

/** The resources that reach a session's subresource, as the RBAC authorizer matches them. */
const reaching = (session: Session) => ['*', named(session), `*/${session.subresource}`];

/** CEL: rule `r` grants one of `verbs` (or `*`) on one of `resources`. */
const grants = (r: string, verbs: readonly string[], resources: readonly string[]) =>
  `(${r}.resources.exists(x, ${isOneOf('x', [...new Set(resources)])}) && ${r}.verbs.exists(v, ${isOneOf('v', ['*', ...verbs])}))`;

/** CEL: the role may grant `session` (a Role grants nothing on nodes, which are not namespaced). */
const grantable = (session: Session) =>
  session.resource === 'pods' ? 'true' : "object.kind == 'ClusterRole'";

/** CEL: rule `r` opens `session`. */
const opensSession = (r: string, session: Session) =>
  `(${grantable(session)} && ${grants(r, session.verbs, reaching(session))})`;

/** The pod sessions, which every role may grant. */
const POD_ONLY = POD_SESSIONS.filter((session) => session.resource === 'pods');

/** The pod sessions grouped by the verbs that open them, so the validation reads each list once per group. */
const BY_VERBS = [...new Set(POD_ONLY.map((session) => session.verbs.join()))].map((key) => {
  const sessions = POD_ONLY.filter((session) => session.verbs.join() === key);
  return {
    verbs: sessions[0]!.verbs,
    resources: sessions.flatMap(reaching),
  };
});

/** CEL: rule `r` opens a session into pods (core group or `*`). */
const opens = (r: string) =>
  `(${holds(r, 'apiGroups', "''")} || ${holds(r, 'apiGroups', "'*'")}) && has(${r}.resources) && has(${r}.verbs) && (${[
    ...BY_VERBS.map((group) => grants(r, group.verbs, group.resources)),
    ...POD_SESSIONS.filter((session) => session.resource !== 'pods').map((session) =>
      opensSession(r, session),
    ),
  ].join(' || ')})`;

/**
 * CEL string: the finding for rule `r`, as rbac-pod-exec words it. `o` is the list of the sessions it opens
 * (`pods/exec`, ..., `nodes/proxy`), found once; everything else is matched against it, without building
 * strings from the object's, so the cost stays that of comparisons.
 */
function message(r: string): string {
  const paths = POD_SESSIONS.map(named);
  const opened = `${list(paths)}.filter(p, ${POD_SESSIONS.map((session, i) => `(p == '${paths[i]}' && ${opensSession(r, session)})`).join(' || ')})`;
  const verbs = `${r}.verbs.filter(v, v == '*' || ${POD_SESSIONS.map((session, i) => `(${isOneOf('v', session.verbs)} && '${paths[i]}' in o)`).join(' || ')}).join(', ')`;
  const through = `${r}.resources.filter(x, x == '*' || ${POD_SESSIONS.map((session, i) => `(x == '*/${session.subresource}' && '${paths[i]}' in o)`).join(' || ')})`;
  const via = `(size(${through}) > 0 ? ' (through resources \\'' + ${through}.join('\\', \\'') + '\\')' : '')`;
  return `[${opened}].map(o, variables.subject + ': ' + ${rulePath(r)} + ' grants ' + ${verbs} + ' on ' + o.join(', ') + ${via} + ', which lets its subjects run commands in or connect to running pods and read what they hold, Secrets and service account tokens included; remove the grant, or exempt the role with the reason its subjects need it')[0]`;
}

/** {@link rbacPodExec} at admission. */
export const rbacPodExecAdmission: AdmissionForm = {
  rule: 'rbac-pod-exec',
  reads: ['rules'],
  variables: ROLE_VARIABLES,
  validations: [
    ROLE_BOUND,
    {
      expression: `!variables.withinBounds || variables.rules.all(r, !(${opens('r')}))`,
      messageExpression: firstMessage([{ list: 'variables.rules', bad: opens, message }], 'r'),
    },
  ],
};
