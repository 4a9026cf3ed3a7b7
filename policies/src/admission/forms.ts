import { readOnlyRootFilesystemAdmission } from '../rules/read-only-root-filesystem.admission';
import type { AdmissionForm, NotAtAdmission } from './types';

/**
 * The admission form of every Kubernetes rule that can be decided on one object as the API server admits it,
 * in report order. Each is written beside its rule (`rules/<rule-id>.admission.ts`).
 */
export const ADMISSION_FORMS: readonly AdmissionForm[] = [readOnlyRootFilesystemAdmission];

/**
 * Kubernetes rules with no admission form, with the reason. The Pod Security Standards rules are enforced at
 * admission by Pod Security Admission through the namespace labels (checked by namespace-pss-enforce), not
 * here.
 */
export const NOT_AT_ADMISSION: readonly NotAtAdmission[] = [
  {
    rule: 'namespace-default-deny',
    reason:
      'whether a namespace denies traffic by default depends on the NetworkPolicies in it, other objects that a policy evaluating one object at a time cannot see',
  },
];

/** The admission form of `rule`, or undefined. */
export function admissionForm(rule: string): AdmissionForm | undefined {
  return ADMISSION_FORMS.find((form) => form.rule === rule);
}
