import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { displayName, valueAt } from '../kubernetes/object';

/** The Pod Security Admission label that rejects violating pods. */
export const PSS_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * A Namespace enforces a Pod Security Standard through Pod Security Admission: `restricted` (the target) or
 * `baseline` (accepted for namespaces whose workloads cannot yet run restricted; the pss-* rules still report
 * each restricted gap). Missing, `privileged` or an invalid level fails: without the label PSA admits
 * privileged pods.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
 */
export const namespacePssEnforce: ManifestRule = {
  id: 'namespace-pss-enforce',
  target: 'kubernetes',
  title: 'Namespaces enforce a Pod Security Standard',
  description:
    'A Namespace sets pod-security.kubernetes.io/enforce to restricted or baseline, so Pod Security Admission rejects privileged pods in it.',
  severity: 'high',
  kinds: ['Namespace'],
  validate(manifest): RuleResult {
    const subject = displayName(manifest);
    const path = `metadata.labels['${PSS_ENFORCE_LABEL}']`;
    const value = valueAt(manifest, 'metadata', 'labels', PSS_ENFORCE_LABEL);
    if (isUnknown(value)) {
      return unknownAt(path, `${subject}: ${PSS_ENFORCE_LABEL} at ${path} is not known yet`);
    }
    // A label that is not a string is no label (as labelsOf reads labels).
    const level = typeof value === 'string' ? value : undefined;
    if (level === 'restricted' || level === 'baseline') return PASS;
    if (level === undefined) {
      return failIfAny([
        {
          path: 'metadata.labels',
          message: `${subject}: has no ${PSS_ENFORCE_LABEL} label, so Pod Security Admission admits privileged pods; label it ${PSS_ENFORCE_LABEL}: restricted`,
        },
      ]);
    }
    const why =
      level === 'privileged'
        ? 'privileged, which admits any pod'
        : `'${level}', which is not a Pod Security level (privileged, baseline, restricted)`;
    return failIfAny([
      {
        path,
        message: `${subject}: ${PSS_ENFORCE_LABEL} at ${path} is ${why}; set it to restricted (or baseline)`,
      },
    ]);
  },
};
