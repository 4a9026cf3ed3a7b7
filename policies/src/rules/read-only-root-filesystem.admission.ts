import { present } from '../admission/cel';
import { containerValidation, NOT_WINDOWS_POD } from '../admission/pod';
import type { AdmissionForm } from '../admission/types';
import { CONTAINER_LISTS } from '../kubernetes/pod-template';

const FIELD = 'securityContext.readOnlyRootFilesystem';

/** {@link readOnlyRootFilesystem} at admission: every container of the pod; Windows pods are left out. */
export const readOnlyRootFilesystemAdmission: AdmissionForm = {
  rule: 'read-only-root-filesystem',
  pod: true,
  reads: ['spec', 'template'],
  validations: [
    containerValidation({
      lists: CONTAINER_LISTS,
      applies: `variables.hasPod && ${NOT_WINDOWS_POD}`,
      ok: (c) => `${present(c, 'securityContext', 'readOnlyRootFilesystem')} && ${c}.${FIELD} == true`,
      problem: (c, at) =>
        `(${present(c, 'securityContext', 'readOnlyRootFilesystem')} && ${c}.${FIELD} == false ? 'sets readOnlyRootFilesystem: false' : 'does not set readOnlyRootFilesystem: true') + ' at ' + ${at} + '.${FIELD}; set it to true and mount an emptyDir volume where the app must write'`,
    }),
  ],
};
