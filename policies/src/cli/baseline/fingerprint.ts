import { createHash } from 'node:crypto';

/** What identifies a finding across runs: the rule, the object (kind, namespace, name) and the field. */
export interface FindingIdentity {
  readonly rule: string;
  /** The object's kind (`Deployment`) or a Pulumi resource type. */
  readonly kind: string;
  readonly namespace: string | null | undefined;
  readonly name: string;
  readonly path: string;
}

/**
 * A finding's fingerprint: a hash of its rule, object kind, namespace, name and field path. The file, the
 * document index and the line are left out, so the fingerprint stays the same when a manifest moves to
 * another file or gains lines above it, and so does the object's apiVersion (`v1beta1` to `v1` is the same
 * object).
 */
export function findingFingerprint(finding: FindingIdentity): string {
  return createHash('sha256')
    .update([finding.rule, finding.kind, finding.namespace ?? '', finding.name, finding.path].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
