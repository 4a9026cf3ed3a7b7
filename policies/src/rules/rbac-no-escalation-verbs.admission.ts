import { firstMessage } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';
import { holds, ROLE_BOUND, ROLE_VARIABLES, rulePath } from './rbac-no-wildcards.admission';

/** What each escalation verb lets a subject do (as rbac-no-escalation-verbs says it). */
const VERBS = [
  { verb: 'escalate', effect: 'lets the subject grant itself permissions it does not hold by editing roles' },
  {
    verb: 'bind',
    effect: 'lets the subject bind any role, including ones with permissions it does not hold',
  },
  { verb: 'impersonate', effect: 'lets the subject act as another user, group or service account' },
] as const;

/** Resources a `*` verb would escalate on, by API group. */
const TARGETS = [
  { groups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'] },
  { groups: [''], resources: ['users', 'groups', 'serviceaccounts'] },
  { groups: ['authentication.k8s.io'], resources: ['userextras', 'uids'] },
] as const;

/** CEL: a `*` verb in rule `r` covers roles, cluster roles or identities. */
function wildcardEscalates(r: string): string {
  return TARGETS.map(
    (target) =>
      `((${[`'*'`, ...target.groups.map((g) => `'${g}'`)].map((g) => holds(r, 'apiGroups', g)).join(' || ')}) && has(${r}.resources) && ${r}.resources.exists(x, x == '*' || ${target.resources.map((res) => `x == '${res}' || x.startsWith('${res}/')`).join(' || ')}))`,
  ).join(' || ');
}

const escalates = (r: string) =>
  `${VERBS.map(({ verb }) => holds(r, 'verbs', `'${verb}'`)).join(' || ')} || (${holds(r, 'verbs', "'*'")} && (${wildcardEscalates(r)}))`;

/** CEL string: the finding for the first escalation verb of rule `r` (in the order of its verbs). */
function message(r: string): string {
  const first = `${r}.verbs.filter(v, v in ['escalate', 'bind', 'impersonate'] || (v == '*' && (${wildcardEscalates(r)})))[0]`;
  return `[${first}].map(verb, ${messageFor(r, 'verb')})[0]`;
}

/** CEL string: the finding for escalation verb `verb` of rule `r`. */
function messageFor(r: string, verb: string): string {
  const at = `${rulePath(r)} + '.verbs[' + string(${r}.verbs.indexOf(${verb})) + ']'`;
  const effect = VERBS.reduceRight(
    (otherwise, { verb: name, effect }) =>
      `${verb} == '${name}' ? 'which ${effect}; remove the verb, or exempt the role with the reason it needs it' : ${otherwise}`,
    "'on roles or identities, which includes escalate, bind and impersonate; list only the verbs the role needs'",
  );
  return `variables.subject + ': grants \\'' + ${verb} + '\\' at ' + ${at} + ', ' + (${effect})`;
}

/** {@link rbacNoEscalationVerbs} at admission. */
export const rbacNoEscalationVerbsAdmission: AdmissionForm = {
  rule: 'rbac-no-escalation-verbs',
  reads: ['rules'],
  variables: ROLE_VARIABLES,
  validations: [
    ROLE_BOUND,
    {
      expression: `!variables.withinBounds || variables.rules.all(r, !(${escalates('r')}))`,
      messageExpression: firstMessage([{ list: 'variables.rules', bad: escalates, message }], 'r'),
    },
  ],
};
