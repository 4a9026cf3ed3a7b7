import { metadataEntry } from '../admission/cel';
import type { AdmissionForm } from '../admission/types';
import { PSS_ENFORCE_LABEL } from './namespace-pss-enforce';

/** {@link namespacePssEnforce} at admission. */
export const namespacePssEnforceAdmission: AdmissionForm = {
  rule: 'namespace-pss-enforce',
  reads: ['metadata.labels'],
  variables: [{ name: 'level', expression: metadataEntry('labels', PSS_ENFORCE_LABEL, 'null') }],
  validations: [
    {
      expression: "variables.level in ['restricted', 'baseline']",
      messageExpression: `variables.subject + ': ' + (variables.level == null ? 'has no ${PSS_ENFORCE_LABEL} label at metadata.labels, so Pod Security Admission admits privileged pods; label it ${PSS_ENFORCE_LABEL}: restricted' : '${PSS_ENFORCE_LABEL} at metadata.labels[\\'${PSS_ENFORCE_LABEL}\\'] is ' + (variables.level == 'privileged' ? 'privileged, which admits any pod' : '\\'' + variables.level + '\\', which is not a Pod Security level (privileged, baseline, restricted)') + '; set it to restricted (or baseline)')`,
    },
  ],
};
