import { EXEMPTION_ANNOTATION_PREFIX } from '@eks-hardening/rules';
import type { IConstruct } from 'constructs';
import { invalidProp } from './prop-error';

/**
 * A declared exception to one rule for the object a construct makes. It is written as the annotation
 * `eks-hardening.io/exempt-<rule>: "<reason>"` and every report still lists the finding, marked exempted.
 */
export interface RuleExemption {
  /** Rule id, e.g. `service-account-token-automount` (see docs/RULES.md). */
  readonly rule: string;
  /** Why the rule does not apply here (who reviewed it, a ticket). Must not be empty. */
  readonly reason: string;
}

/** An explicit, reasoned decision to weaken one control; the reason becomes the rule exemption. */
export interface Justification {
  /** Why (who reviewed it, a ticket). Must not be empty. */
  readonly reason: string;
}

/**
 * The reason of a {@link Justification}, trimmed; throws naming `<prop>.reason` when it is missing or empty.
 *
 * @param prop the prop the justification was given as, e.g. `writableRootFilesystem`
 */
export function checkReason(
  scope: IConstruct,
  prop: string,
  justification: Justification | undefined,
): string {
  const reason = justification?.reason;
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw invalidProp(
      scope,
      `${prop}.reason`,
      reason,
      'must say why (who reviewed it, a ticket)',
      `Write the reason, e.g. ${prop}: { reason: 'reviewed in SEC-42: ...' }, or drop ${prop}.`,
    );
  }
  return reason.trim();
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// The annotation name after the prefix is at most 63 characters.
const MAX_RULE_ID =
  63 - EXEMPTION_ANNOTATION_PREFIX.slice(EXEMPTION_ANNOTATION_PREFIX.indexOf('/') + 1).length;

/**
 * The annotations for `exemptions`, checked: kebab-case rule ids, non-empty reasons, each rule once. The
 * `generated` exemptions (those props ask for by weakening a control, reasons already checked) are merged in,
 * one annotation per rule with the reasons joined by '; '.
 *
 * @param prop the prop the exemptions came from, for error messages
 */
export function exemptionAnnotations(
  scope: IConstruct,
  prop: string,
  exemptions: readonly RuleExemption[],
  generated: readonly RuleExemption[] = [],
): Record<string, string> {
  const annotations: Record<string, string> = {};
  exemptions.forEach((exemption, index) => {
    const at = `${prop}[${index}]`;
    if (!RULE_ID.test(exemption.rule) || exemption.rule.length > MAX_RULE_ID) {
      throw invalidProp(
        scope,
        `${at}.rule`,
        exemption.rule,
        `must be a rule id (kebab-case, at most ${MAX_RULE_ID} characters)`,
        'Use an id from docs/RULES.md such as "read-only-root-filesystem".',
      );
    }
    if (typeof exemption.reason !== 'string' || exemption.reason.trim() === '') {
      throw invalidProp(
        scope,
        `${at}.reason`,
        exemption.reason,
        'must say why the rule does not apply',
        `Write the reason, e.g. "reviewed in SEC-42: the agent needs ..." for rule '${exemption.rule}'.`,
      );
    }
    const key = `${EXEMPTION_ANNOTATION_PREFIX}${exemption.rule}`;
    if (key in annotations) {
      throw invalidProp(
        scope,
        `${at}.rule`,
        exemption.rule,
        'must appear once',
        `Merge the reasons for '${exemption.rule}' into one exemption.`,
      );
    }
    annotations[key] = exemption.reason.trim();
  });
  for (const exemption of generated) {
    const key = `${EXEMPTION_ANNOTATION_PREFIX}${exemption.rule}`;
    const reasons = annotations[key]?.split('; ') ?? [];
    if (!reasons.includes(exemption.reason)) annotations[key] = [...reasons, exemption.reason].join('; ');
  }
  return annotations;
}
