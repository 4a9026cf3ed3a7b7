import { rulesForFramework } from '../../policies/src/catalog';
import { PROFILES, rulesForProfile } from '../../policies/src/engine/profiles';
import { PSS_LATEST, parsePssVersion } from '../../policies/src/engine/pss-version';
import { pssRuleIds } from '../../policies/src/kubernetes/pss-profile';
import { kubernetesRules, pssRules } from '../../policies/src/registry';

const ids = (profile: (typeof PROFILES)[number], version = PSS_LATEST) =>
  rulesForProfile(profile, version).map((rule) => rule.id);

describe('check profiles', () => {
  it('lists all first, as the default', () => {
    expect(PROFILES[0]).toBe('all');
  });

  it.each(['v1.0', 'v1.22', 'v1.30', 'latest'])('runs the PSS rules of each level at %s', (text) => {
    const version = parsePssVersion(text);
    expect(ids('pss-baseline', version).sort()).toEqual([...pssRuleIds('baseline', version)].sort());
    expect(ids('pss-restricted', version).sort()).toEqual([...pssRuleIds('restricted', version)].sort());
  });

  it('runs the restricted PSS set and every other Kubernetes rule for all, never an AWS rule', () => {
    const restricted = new Set(pssRuleIds('restricted', PSS_LATEST));
    expect(ids('all')).toEqual([
      ...pssRules.filter((rule) => restricted.has(rule.id)).map((rule) => rule.id),
      ...kubernetesRules.map((rule) => rule.id),
    ]);
    for (const rule of rulesForProfile('all', PSS_LATEST)) expect(rule.target).not.toBe('aws');
  });

  it.each([
    ['nsa-cisa', 'nsaCisa'],
    ['cis-eks', 'cisEks'],
  ] as const)(
    'runs the rules whose controls reference the framework for %s, PSS ones only when in force',
    (profile, framework) => {
      const referenced = new Set(rulesForFramework(framework));
      const restricted = new Set(pssRuleIds('restricted', PSS_LATEST));
      const expected = [
        ...pssRules.filter((rule) => referenced.has(rule.id) && restricted.has(rule.id)),
        ...kubernetesRules.filter((rule) => referenced.has(rule.id)),
      ].map((rule) => rule.id);
      expect(ids(profile)).toEqual(expected);
    },
  );

  it('keeps report order: PSS rules first, each rule once', () => {
    for (const profile of PROFILES) {
      const list = ids(profile);
      expect(new Set(list).size).toBe(list.length);
      const firstOther = list.findIndex((id) => !id.startsWith('pss-'));
      if (firstOther >= 0) expect(list.slice(firstOther).some((id) => id.startsWith('pss-'))).toBe(false);
    }
  });
});
