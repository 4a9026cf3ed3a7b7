/**
 * The choices of `harden admission` and of the config file's `admission` section, apart from the generator so
 * the command line can offer them without loading it.
 */

/** `audit`: nothing is denied, every failure is warned and audited (the first rollout); `enforce`: by severity. */
export const ADMISSION_MODES = ['audit', 'enforce'] as const;
/** One of {@link ADMISSION_MODES}. */
export type AdmissionMode = (typeof ADMISSION_MODES)[number];

/** Where parameters come from: written into each policy, or read from one ConfigMap (`paramKind`). */
export const PARAMETER_SOURCES = ['inline', 'configmap'] as const;
/** One of {@link PARAMETER_SOURCES}. */
export type ParameterSource = (typeof PARAMETER_SOURCES)[number];
