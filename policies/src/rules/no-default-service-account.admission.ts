import { present } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';

/** CEL: the ServiceAccount the pod runs as (`serviceAccountName`, else the deprecated `serviceAccount`), or `''`. */
const ACCOUNT = `(${present('variables.podSpec', 'serviceAccountName')} && variables.podSpec.serviceAccountName != '' ? variables.podSpec.serviceAccountName : ${present('variables.podSpec', 'serviceAccount')} ? variables.podSpec.serviceAccount : '')`;

/** {@link noDefaultServiceAccount} at admission. */
export const noDefaultServiceAccountAdmission: AdmissionForm = {
  rule: 'no-default-service-account',
  pod: true,
  reads: ['spec', 'template'],
  variables: [{ name: 'serviceAccount', expression: ACCOUNT }],
  validations: [
    {
      expression:
        "!variables.hasPod || (variables.serviceAccount != '' && variables.serviceAccount != 'default')",
      messageExpression:
        "variables.subject + ': the pod spec ' + (variables.serviceAccount == 'default' ? 'sets serviceAccountName: default at ' + variables.podPath + '.serviceAccountName' : 'sets no serviceAccountName at ' + variables.podPath + '.serviceAccountName, so it runs as the namespace\\'s default ServiceAccount') + '; create a ServiceAccount for this workload and name it there'",
    },
  ],
};
