import { and, present } from '../admission/cel';
import { containerValidation, NOT_WINDOWS_POD } from '../admission/pod';
import type { AdmissionForm } from '../admission/types';
import { CONTAINER_LISTS } from '../kubernetes/pod-template';

const FIX = 'use the non-root group the image is built for, such as 10001';
const CONTEXT = 'variables.podSpec.securityContext';

/** `field` of the pod's security context is set to 0. */
const podZero = (field: string) =>
  and(present('variables.podSpec', 'securityContext', field), `${CONTEXT}.${field} == 0`);

const podSupplementalZero = and(
  present('variables.podSpec', 'securityContext', 'supplementalGroups'),
  `0 in ${CONTEXT}.supplementalGroups`,
);

/** {@link noRootGroup} at admission: the pod's groups, then every container's runAsGroup; Windows pods are left out. */
export const noRootGroupAdmission: AdmissionForm = {
  rule: 'no-root-group',
  pod: true,
  reads: ['spec', 'template'],
  validations: [
    {
      expression: `!(variables.hasPod && ${NOT_WINDOWS_POD}) || !(${podZero('runAsGroup')} || ${podZero('fsGroup')} || ${podSupplementalZero})`,
      messageExpression: `variables.subject + ': the pod sets ' + (${podZero('runAsGroup')} ? 'runAsGroup: 0 (the root group) at ' + variables.podPath + '.securityContext.runAsGroup' : ${podZero('fsGroup')} ? 'fsGroup: 0 (the root group) at ' + variables.podPath + '.securityContext.fsGroup' : 'supplementalGroups: 0 (the root group) at ' + variables.podPath + '.securityContext.supplementalGroups[' + string(${CONTEXT}.supplementalGroups.indexOf(0)) + ']') + '; ${FIX}'`,
    },
    containerValidation({
      lists: CONTAINER_LISTS,
      applies: `variables.hasPod && ${NOT_WINDOWS_POD}`,
      ok: (c) =>
        `!(${and(present(c, 'securityContext', 'runAsGroup'), `${c}.securityContext.runAsGroup == 0`)})`,
      problem: (_c, at) =>
        `'sets runAsGroup: 0 (the root group) at ' + ${at} + '.securityContext.runAsGroup; ${FIX}'`,
    }),
  ],
};
