import { failIfAny } from '../../../policies/src/engine/result';
import type { ManifestRule, ManifestSetRule } from '../../../policies/src/engine/types';
import { asArray, asRecord, displayName, kindOf, namespaceOf } from '../../../policies/src/kubernetes/object';

/**
 * A test double written the naive way: it reads `privileged` and compares it with true, without handling
 * unknown values, so the adapter's unknown-read tracking is what keeps an unknown from passing.
 */
export const fixturePrivileged: ManifestRule = {
  id: 'fixture-privileged',
  target: 'kubernetes',
  title: 'No privileged containers (fixture)',
  description: 'Test double: no container sets securityContext.privileged: true.',
  severity: 'high',
  kinds: ['Pod', 'Deployment'],
  validate(manifest) {
    const spec =
      kindOf(manifest) === 'Pod'
        ? asRecord(manifest.spec)
        : asRecord(asRecord(asRecord(manifest.spec)?.template)?.spec);
    const base = kindOf(manifest) === 'Pod' ? 'spec' : 'spec.template.spec';
    return failIfAny(
      asArray(spec?.containers).flatMap((container, index) => {
        const record = asRecord(container);
        if (asRecord(record?.securityContext)?.privileged !== true) return [];
        const path = `${base}.containers[${index}].securityContext.privileged`;
        return [
          {
            path,
            message: `${displayName(manifest)}: container '${String(record?.name)}' sets privileged: true at ${path}; remove it`,
          },
        ];
      }),
    );
  },
};

/** A test double of a whole-input rule: every Namespace has a NetworkPolicy selecting all its pods. */
export const fixtureDefaultDeny: ManifestSetRule = {
  id: 'fixture-default-deny',
  target: 'kubernetes-set',
  title: 'Namespaces deny by default (fixture)',
  description: 'Test double: every Namespace has a NetworkPolicy with an empty podSelector.',
  severity: 'medium',
  validate(manifests) {
    const covered = new Set(
      manifests
        .filter(({ manifest }) => kindOf(manifest) === 'NetworkPolicy')
        .filter(
          ({ manifest }) =>
            Object.keys(asRecord(asRecord(manifest.spec)?.podSelector) ?? { x: 1 }).length === 0,
        )
        .map(({ manifest }) => namespaceOf(manifest)),
    );
    return manifests
      .filter(({ manifest }) => kindOf(manifest) === 'Namespace')
      .filter(({ manifest }) => !covered.has(String(asRecord(manifest.metadata)?.name)))
      .map(({ key, manifest }) => ({
        key,
        path: 'metadata.name',
        message: `${displayName(manifest)}: no NetworkPolicy with podSelector: {} denies traffic by default; add one`,
      }));
  },
};
