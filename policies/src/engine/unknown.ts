/**
 * The value of an input that is not known yet (a Pulumi Output at preview).
 *
 * Adapters replace unknown values with this sentinel before rules run; a rule that meets it reports
 * `unknown` ("cannot be verified until apply"), never a silent pass.
 */
export const UNKNOWN: unique symbol = Symbol.for('eks-hardening.unknown');

/** The type of {@link UNKNOWN}. */
export type Unknown = typeof UNKNOWN;

/** True when `value` is the {@link UNKNOWN} sentinel. */
export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}
