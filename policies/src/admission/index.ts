/**
 * The rules at admission: each per-object Kubernetes rule's CEL form, and the ValidatingAdmissionPolicies and
 * bindings generated from them (`harden admission`, the cluster baseline).
 */
export {
  admissionBindings,
  type BindingSettings,
  defaultActions,
  VALIDATION_ACTIONS,
  type ValidationAction,
} from './bindings';
export {
  ADMISSION_BOUNDS,
  MATCH_CONDITIONS_COST_BUDGET,
  PER_CALL_COST_LIMIT,
  POLICY_COST_BUDGET,
} from './bounds';
export {
  ADMISSION_MODES,
  type AdmissionMode,
  PARAMETER_SOURCES,
  type ParameterSource,
} from './choices';
export { type AdmissionEvidence, admissionEvidence } from './evidence';
export { ADMISSION_FORMS, admissionForm, NOT_AT_ADMISSION } from './forms';
export {
  type AdmissionObjects,
  type AdmissionSettings,
  admissionObjects,
  DEFAULT_ADMISSION_SETTINGS,
  isAdmissionObject,
} from './generate';
export {
  ADMISSION_API_VERSION,
  admissionPolicy,
  PARAMETERS_CONFIGMAP,
  policyName,
  RULE_LABEL,
} from './policy';
export type {
  AdmissionForm,
  AdmissionParameter,
  AdmissionValidation,
  AdmissionVariable,
  NotAtAdmission,
} from './types';
