import { annotationsOf, kindOf, nameOf, namespaceOf } from '../kubernetes/object';
import type { Finding, Manifest } from './types';

/** Annotation prefix of an in-manifest exemption: `eks-hardening.io/exempt-<rule-id>: "<reason>"`. */
export const EXEMPTION_ANNOTATION_PREFIX = 'eks-hardening.io/exempt-';

/**
 * A declared exception to one rule. It needs a rule id and a non-empty reason; it is scoped to the objects
 * it matches and, with `path`, to the findings at or below that field path. Exempted findings are still
 * reported, marked with the exemption.
 */
export interface Exemption {
  readonly rule: string;
  readonly reason: string;
  /** Object kind to match; any when unset. */
  readonly kind?: string;
  /** Namespace to match; any when unset. */
  readonly namespace?: string;
  /** Object name (Kubernetes) or resource name/URN (Pulumi) to match; `*` matches any run of characters. */
  readonly name?: string;
  /** Only findings whose path starts with this (e.g. `spec.template.spec.containers[1]`). */
  readonly path?: string;
  /** Where it was declared: `annotation` or the config file's path. */
  readonly source: string;
}

/** What an exemption is matched against. */
export interface ExemptionSubject {
  readonly rule: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly path: string;
}

/** True when `exemption` covers `subject`. */
export function exemptionMatches(exemption: Exemption, subject: ExemptionSubject): boolean {
  return (
    exemption.rule === subject.rule &&
    (exemption.kind === undefined || exemption.kind === subject.kind) &&
    (exemption.namespace === undefined || exemption.namespace === subject.namespace) &&
    (exemption.name === undefined || globMatches(exemption.name, subject.name)) &&
    (exemption.path === undefined || pathWithin(subject.path, exemption.path))
  );
}

/**
 * The exemption that covers a finding of `rule`, as `exemptionOf` finds one per rule id. A finding that also
 * violates other rules (`alsoViolates`: a restricted check's finding that is the baseline check's violation
 * too) is covered only when each of those rules is exempted as well: an exemption for "not dropping ALL yet"
 * must not let an added SYS_ADMIN through.
 */
export function findingExemption(
  exemptionOf: (rule: string) => Exemption | undefined,
  rule: string,
  finding: Pick<Finding, 'alsoViolates'>,
): Exemption | undefined {
  const exemption = exemptionOf(rule);
  if (!exemption) return undefined;
  return (finding.alsoViolates ?? []).every((id) => exemptionOf(id) !== undefined) ? exemption : undefined;
}

/**
 * An exemption that exempts nothing, and why: an annotation that looks like an exemption but cannot be one
 * (no reason), or an exemption of a rule whose finding also violates a rule that is not exempted.
 */
export interface InvalidExemption {
  /** The annotation, when the exemption is one. */
  readonly annotation?: string;
  readonly message: string;
}

/**
 * The exemptions declared on an object's annotations. An annotation with an empty reason is returned in
 * `invalid` (and exempts nothing), so the user learns why it had no effect.
 */
export function annotationExemptions(manifest: Manifest): {
  exemptions: Exemption[];
  invalid: InvalidExemption[];
} {
  const exemptions: Exemption[] = [];
  const invalid: InvalidExemption[] = [];
  for (const [key, value] of Object.entries(annotationsOf(manifest))) {
    if (!key.startsWith(EXEMPTION_ANNOTATION_PREFIX)) continue;
    const rule = key.slice(EXEMPTION_ANNOTATION_PREFIX.length);
    if (value.trim() === '') {
      invalid.push({
        annotation: key,
        message: `annotation '${key}' has an empty reason, so it exempts nothing; write why rule '${rule}' does not apply as its value`,
      });
      continue;
    }
    exemptions.push({
      rule,
      reason: value.trim(),
      kind: kindOf(manifest),
      name: nameOf(manifest),
      namespace: namespaceOf(manifest),
      source: 'annotation',
    });
  }
  return { exemptions, invalid };
}

function globMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(text);
}

function pathWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
