import { rulesForFramework } from '../catalog';
import { pssRuleIds } from '../kubernetes/pss-profile';
import { kubernetesRules, pssRules } from '../registry';
import type { ManifestRule, ManifestSetRule, PssVersion } from './types';

/** The rule sets `harden check --profile` can run, `all` first (the default). */
export const PROFILES = ['all', 'pss-baseline', 'pss-restricted', 'nsa-cisa', 'cis-eks'] as const;

/** One of {@link PROFILES}. */
export type Profile = (typeof PROFILES)[number];

/** A rule that reads Kubernetes objects (one at a time or the whole input). */
export type KubernetesRule = ManifestRule | ManifestSetRule;

/**
 * The Kubernetes rules a profile runs at a Pod Security Standards version, in report order (PSS first).
 *
 * - `pss-baseline` / `pss-restricted`: the PSS rules of that level at `version`.
 * - `nsa-cisa` / `cis-eks`: every rule whose catalog controls reference the framework; PSS rules only when
 *   they are in the restricted set at `version`, so a check that a newer one overrides is not reported twice.
 * - `all`: the restricted PSS set plus every Kubernetes rule beyond PSS. AWS rules read cloud resources, not
 *   manifests, and are never part of a profile.
 */
export function rulesForProfile(profile: Profile, version: PssVersion): readonly KubernetesRule[] {
  const restricted = new Set(pssRuleIds('restricted', version));
  switch (profile) {
    case 'pss-baseline': {
      const baseline = new Set(pssRuleIds('baseline', version));
      return pssRules.filter((rule) => baseline.has(rule.id));
    }
    case 'pss-restricted':
      return pssRules.filter((rule) => restricted.has(rule.id));
    case 'nsa-cisa':
    case 'cis-eks': {
      const referenced = new Set(rulesForFramework(profile === 'nsa-cisa' ? 'nsaCisa' : 'cisEks'));
      return [
        ...pssRules.filter((rule) => referenced.has(rule.id) && restricted.has(rule.id)),
        ...kubernetesRules.filter((rule) => referenced.has(rule.id)),
      ];
    }
    case 'all':
      return [...pssRules.filter((rule) => restricted.has(rule.id)), ...kubernetesRules];
  }
}
