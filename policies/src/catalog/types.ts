import type { Severity } from '../engine/severity';

/** Pod Security Standards levels. */
export const PSS_LEVELS = ['baseline', 'restricted'] as const;
/** One of {@link PSS_LEVELS}. */
export type PssLevel = (typeof PSS_LEVELS)[number];

/** A Pod Security Standards control, as named in the Kubernetes documentation. */
export interface PssReference {
  readonly level: PssLevel;
  /** Control name from the Pod Security Standards page, e.g. `Privileged Containers`. */
  readonly control: string;
}

/**
 * Where a control appears in the frameworks we measure against. Ids are exactly as the documents print
 * them; a reference we could not confirm against the published document is left out rather than guessed.
 */
export interface FrameworkReferences {
  /** NSA/CISA Kubernetes Hardening Guidance v1.2 sections, e.g. `Pod security: Non-root containers`. */
  readonly nsaCisa?: readonly string[];
  /** CIS Amazon EKS Benchmark recommendation ids, e.g. `4.2.1`. */
  readonly cisEks?: readonly string[];
  readonly pss?: readonly PssReference[];
  /** DoD Kubernetes STIG ids, e.g. `V-242381`. */
  readonly stig?: readonly string[];
}

/** The places a control is built in or checked. At least one field is set. */
export interface Enforcement {
  /** Ids of the rules (`policies/rules/<id>.ts`) that check the control. */
  readonly rules?: readonly string[];
  /** Secure defaults that implement it: construct or stack class names, e.g. `HardenedDeployment`. */
  readonly defaults?: readonly string[];
  /** Why the control cannot be checked from code, when it cannot. */
  readonly manual?: string;
}

/** One hardening control: the unit every rule, construct, stack, document and score refers to by id. */
export interface Control {
  /** Stable kebab-case id, e.g. `pss-privileged`. */
  readonly id: string;
  readonly title: string;
  /** One sentence: why the control matters. */
  readonly rationale: string;
  readonly severity: Severity;
  readonly frameworks: FrameworkReferences;
  readonly enforcement: Enforcement;
  /** What to change to satisfy the control. */
  readonly remediation: string;
}

/** Names of the framework fields, in report order. */
export const FRAMEWORKS = ['nsaCisa', 'cisEks', 'pss', 'stig'] as const;
/** One of {@link FRAMEWORKS}. */
export type Framework = (typeof FRAMEWORKS)[number];

/** Human names of the frameworks. */
export const FRAMEWORK_TITLES: Readonly<Record<Framework, string>> = {
  nsaCisa: 'NSA/CISA Kubernetes Hardening Guidance v1.2',
  cisEks: 'CIS Amazon EKS Benchmark',
  pss: 'Kubernetes Pod Security Standards',
  stig: 'DoD Kubernetes STIG',
};
