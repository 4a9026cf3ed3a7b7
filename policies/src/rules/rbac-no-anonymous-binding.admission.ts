import { ADMISSION_BOUNDS } from '../admission/bounds';
import { firstMessage } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';

/** CEL: subject `s` is unauthenticated, or every authenticated identity beyond the discovery roles. */
const flagged = (s: string) =>
  `has(${s}.name) && (${s}.name in ['system:anonymous', 'system:unauthenticated'] || (${s}.name == 'system:authenticated' && !(variables.roleName in ['system:basic-user', 'system:discovery', 'system:public-info-viewer'])))`;

/** {@link rbacNoAnonymousBinding} at admission. */
export const rbacNoAnonymousBindingAdmission: AdmissionForm = {
  rule: 'rbac-no-anonymous-binding',
  reads: ['subjects', 'roleRef'],
  variables: [
    { name: 'subjects', expression: '(has(object.subjects) ? object.subjects : [])' },
    {
      name: 'roleName',
      expression: "(has(object.roleRef) && has(object.roleRef.name) ? object.roleRef.name : '')",
    },
  ],
  validations: [
    {
      expression: `size(variables.subjects) <= ${ADMISSION_BOUNDS.subjects}`,
      messageExpression: `variables.subject + ': has ' + string(size(variables.subjects)) + ' subjects, more than the ${ADMISSION_BOUNDS.subjects} this admission policy checks within the API server\\'s CEL cost limit; split the binding'`,
    },
    {
      expression: `size(variables.subjects) > ${ADMISSION_BOUNDS.subjects} || variables.subjects.all(s, !(${flagged('s')}))`,
      messageExpression: firstMessage(
        [
          {
            list: 'variables.subjects',
            bad: flagged,
            message: (s) =>
              `variables.subject + ': grants ' + (variables.roleName != '' ? (has(object.roleRef.kind) ? object.roleRef.kind : 'role') + ' ' + variables.roleName : 'its role') + ' to \\'' + ${s}.name + '\\' at subjects[' + string(variables.subjects.indexOf(${s})) + '].name, ' + (${s}.name == 'system:authenticated' ? 'i.e. to every identity the cluster accepts; bind the groups or service accounts that need it instead' : 'i.e. to anyone who can reach the API server without credentials; remove the subject and bind named users, groups or service accounts')`,
          },
        ],
        's',
      ),
    },
  ],
};
