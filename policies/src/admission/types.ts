import type { RuleOptions } from '../engine/types';

/** A named CEL expression of a policy (`spec.variables[]`): evaluated lazily, in order, once per request. */
export interface AdmissionVariable {
  readonly name: string;
  readonly expression: string;
}

/** One CEL check of a policy (`spec.validations[]`): `expression` true admits; false fails with the message. */
export interface AdmissionValidation {
  readonly expression: string;
  /** CEL string naming the object, the container and the field, as the rule's findings do. */
  readonly messageExpression: string;
}

/** A value a form reads from the rule options, inline in the policy or from the parameter ConfigMap. */
export type AdmissionParameter =
  | {
      readonly name: string;
      readonly type: 'list';
      /** The entries, as the rule reads them (normalised), from the rule options. */
      readonly value: (options: RuleOptions) => readonly string[];
    }
  | {
      readonly name: string;
      readonly type: 'bool';
      readonly value: (options: RuleOptions) => boolean;
    };

/**
 * The admission form of a rule: the CEL a ValidatingAdmissionPolicy runs to reach the rule's verdict on one
 * object as the API server admits it. Written beside the rule (`rules/<rule-id>.admission.ts`); a differential
 * test evaluates it against the rule on every fixture and on random objects.
 */
export interface AdmissionForm {
  /** Id of the rule it enforces. */
  readonly rule: string;
  /**
   * Variables the form adds after the shared ones (the pod template variables of `admission/pod.ts` and the
   * parameters), in order.
   */
  readonly variables?: readonly AdmissionVariable[];
  /** The checks; the object is admitted when every expression is true. */
  readonly validations: readonly AdmissionValidation[];
  /**
   * Top-level fields the rule reads (`spec`, `rules`, `metadata.annotations`…). An UPDATE that changes none
   * of them is not evaluated, so metadata-only updates (finalizers, owner references, labels) of an object
   * admitted before the policy never fail.
   */
  readonly reads: readonly string[];
  /** Values read from the rule options, exposed as `variables.<name>`. */
  readonly parameters?: readonly AdmissionParameter[];
  /**
   * Why a policy with inline parameters would check nothing under `options` (the rule is not applicable to
   * any object then), or undefined when it checks something.
   */
  readonly inactive?: (options: RuleOptions) => string | undefined;
  /** True when the form uses the pod template variables (`variables.podSpec`, `variables.containers`…). */
  readonly pod?: boolean;
}

/** A Kubernetes rule that has no admission form, with the reason. */
export interface NotAtAdmission {
  readonly rule: string;
  readonly reason: string;
}
