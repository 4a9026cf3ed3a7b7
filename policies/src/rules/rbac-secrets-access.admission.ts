import { firstMessage } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';
import { holds, ROLE_BOUND, ROLE_VARIABLES, rulePath } from './rbac-no-wildcards.admission';

const READ_VERBS = "['get', 'list', 'watch', '*']";
const SECRETS_RESOURCES = "['secrets', '*']";

/** CEL: rule `r` reads Secrets it does not name (core group or `*`, a secrets resource, a read verb, no resourceNames). */
const readsAllSecrets = (r: string) =>
  `(${holds(r, 'apiGroups', "''")} || ${holds(r, 'apiGroups', "'*'")}) && has(${r}.resources) && ${r}.resources.exists(x, x in ${SECRETS_RESOURCES}) && (!has(${r}.resourceNames) || size(${r}.resourceNames) == 0) && has(${r}.verbs) && ${r}.verbs.exists(v, v in ${READ_VERBS})`;

/** {@link rbacSecretsAccess} at admission. */
export const rbacSecretsAccessAdmission: AdmissionForm = {
  rule: 'rbac-secrets-access',
  reads: ['rules'],
  variables: ROLE_VARIABLES,
  validations: [
    ROLE_BOUND,
    {
      expression: `!variables.withinBounds || variables.rules.all(r, !(${readsAllSecrets('r')}))`,
      messageExpression: firstMessage(
        [
          {
            list: 'variables.rules',
            bad: readsAllSecrets,
            message: (r) =>
              `[${r}.resources.filter(x, x in ${SECRETS_RESOURCES})[0]].map(x, variables.subject + ': ' + ${rulePath(r)} + ' grants ' + ${r}.verbs.filter(v, v in ${READ_VERBS}).join(', ') + ' on all ' + (x == 'secrets' ? 'Secrets' : 'Secrets (through resources \\'' + x + '\\')') + '; drop the read verbs, or limit the rule to the Secrets the subject needs with resourceNames')[0]`,
          },
        ],
        'r',
      ),
    },
  ],
};
