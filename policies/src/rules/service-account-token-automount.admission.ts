import { present } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';

const FIELD = 'automountServiceAccountToken';

/** {@link serviceAccountTokenAutomount} at admission: pod specs and ServiceAccounts set it to false. */
export const serviceAccountTokenAutomountAdmission: AdmissionForm = {
  rule: 'service-account-token-automount',
  pod: true,
  reads: ['spec', 'template', FIELD],
  validations: [
    {
      expression: `variables.kind == 'ServiceAccount' ? (${present('object', FIELD)} && object.${FIELD} == false) : (!variables.hasPod || (${present('variables.podSpec', FIELD)} && variables.podSpec.${FIELD} == false))`,
      messageExpression: `variables.kind == 'ServiceAccount' ? variables.subject + ': ' + (${present('object', FIELD)} ? 'sets ${FIELD}: true' : 'does not set ${FIELD}: false') + ' at ${FIELD}, so every pod using it that does not opt out gets an API token; set it to false' : variables.subject + ': the pod spec ' + (${present('variables.podSpec', FIELD)} ? 'sets ${FIELD}: true at ' + variables.podPath + '.${FIELD}' : 'does not set ${FIELD}: false at ' + variables.podPath + '.${FIELD}, so it mounts an API token unless its ServiceAccount opts out') + '; set it to false (or, if the pod calls the API, exempt it or mount a projected token)'`,
    },
  ],
};
