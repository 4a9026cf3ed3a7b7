import { ADMISSION_BOUNDS } from '../admission/bounds';
import { firstMessage } from '../admission/cel';
import type { AdmissionForm, AdmissionValidation, AdmissionVariable } from '../admission/types';

const LISTS = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const;

/** `variables.rules` (the role's rules, `[]` when unset) and `variables.withinBounds` for every RBAC role form. */
export const ROLE_VARIABLES: readonly AdmissionVariable[] = [
  { name: 'rules', expression: '(has(object.rules) ? object.rules : [])' },
  {
    name: 'withinBounds',
    expression: `size(variables.rules) <= ${ADMISSION_BOUNDS.policyRules} && variables.rules.all(r, ${LISTS.map((list) => `(!has(r.${list}) || size(r.${list}) <= ${ADMISSION_BOUNDS.ruleItems})`).join(' && ')})`,
  },
];

/** The check that rejects a role with more rules (or rule items) than the forms are written for. */
export const ROLE_BOUND: AdmissionValidation = {
  expression: 'variables.withinBounds',
  messageExpression: `variables.subject + ': has ' + string(size(variables.rules)) + ' rules (or a rule with more than ${ADMISSION_BOUNDS.ruleItems} items in a list); this admission policy checks at most ${ADMISSION_BOUNDS.policyRules} within the API server\\'s CEL cost limit; split the role'`,
};

/** CEL: list `field` of rule `r` holds `item` exactly. */
export const holds = (r: string, field: string, item: string) =>
  `(has(${r}.${field}) && ${item} in ${r}.${field})`;

/** CEL string: `rules[i]` of rule `r`. */
export const rulePath = (r: string) => `'rules[' + string(variables.rules.indexOf(${r})) + ']'`;

/** The exact-`*` lists, each with what a `*` there grants. */
const EXACT = [
  { field: 'verbs', what: 'every verb' },
  { field: 'apiGroups', what: 'every API group' },
] as const;

/** CEL: resource `x` is a wildcard as RBAC matches it (see `isResourceWildcard`). */
const isWildcard = (x: string) => `(${x} == '*' || (${x}.startsWith('*/') && ${x} != '*/*'))`;
const wildcardResource = (r: string) =>
  `(has(${r}.resources) && ${r}.resources.exists(x, ${isWildcard('x')}))`;
/** CEL: non-resource URL `x` is a wildcard (see `isNonResourceWildcard`). */
const isUrlWildcard = (x: string) => `(${x} == '*' || ${x} == '/*')`;
const wildcardUrl = (r: string) =>
  `(has(${r}.nonResourceURLs) && ${r}.nonResourceURLs.exists(x, ${isUrlWildcard('x')}))`;
const wildcard = (r: string) =>
  [...EXACT.map(({ field }) => holds(r, field, "'*'")), wildcardResource(r), wildcardUrl(r)].join(' || ');

/** CEL string: the finding for the first wildcard of rule `r`, as rbac-no-wildcards words it. */
function message(r: string): string {
  const item = (field: string, value: string, what: string) =>
    `variables.subject + ': ${field} \\'' + ${value} + '\\' at ' + ${rulePath(r)} + '.${field}[' + string(${r}.${field}.indexOf(${value})) + '] grants ${what}, including any added later; list only the ${field} the role needs'`;
  const [verbs, groups] = EXACT;
  return `${holds(r, verbs.field, "'*'")} ? ${item(verbs.field, "'*'", verbs.what)} : ${holds(r, groups.field, "'*'")} ? ${item(groups.field, "'*'", groups.what)} : ${wildcardResource(r)} ? ${item('resources', `${r}.resources.filter(x, ${isWildcard('x')})[0]`, 'every matching resource')} : ${item('nonResourceURLs', `${r}.nonResourceURLs.filter(x, ${isUrlWildcard('x')})[0]`, 'every non-resource URL')}`;
}

/** {@link rbacNoWildcards} at admission. */
export const rbacNoWildcardsAdmission: AdmissionForm = {
  rule: 'rbac-no-wildcards',
  reads: ['rules'],
  variables: ROLE_VARIABLES,
  validations: [
    ROLE_BOUND,
    {
      expression: `!variables.withinBounds || variables.rules.all(r, !(${wildcard('r')}))`,
      messageExpression: firstMessage([{ list: 'variables.rules', bad: wildcard, message }], 'r'),
    },
  ],
};
