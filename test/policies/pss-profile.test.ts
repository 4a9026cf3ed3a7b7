import {
  NEWEST_KNOWN_PSS_MINOR,
  PSS_LATEST,
  parsePssVersion,
  pssVersionWarning,
} from '../../policies/src/engine/pss-version';
import {
  PSS_CHECKS,
  pssImplementation,
  pssRule,
  pssRuleIds,
} from '../../policies/src/kubernetes/pss-profile';
import { pssRules } from '../../policies/src/registry/pss';

const v = parsePssVersion;
const BASELINE_LATEST = [
  'pss-host-process',
  'pss-host-namespaces',
  'pss-privileged',
  'pss-capabilities-baseline',
  'pss-host-path-volumes',
  'pss-host-ports',
  'pss-host-probes-lifecycle',
  'pss-apparmor',
  'pss-selinux',
  'pss-proc-mount',
  'pss-seccomp-baseline',
  'pss-sysctls',
];

describe('pssRuleIds', () => {
  it('gives every baseline check at latest', () => {
    expect(pssRuleIds('baseline', PSS_LATEST)).toEqual(BASELINE_LATEST);
  });

  it('gives restricted at latest with the overridden baseline checks replaced', () => {
    expect(pssRuleIds('restricted', PSS_LATEST)).toEqual([
      'pss-host-process',
      'pss-host-namespaces',
      'pss-privileged',
      'pss-host-ports',
      'pss-host-probes-lifecycle',
      'pss-apparmor',
      'pss-selinux',
      'pss-sysctls',
      'pss-restricted-volumes',
      'pss-allow-privilege-escalation',
      'pss-run-as-non-root',
      'pss-run-as-user',
      'pss-seccomp-restricted',
      'pss-capabilities-restricted',
      'pss-proc-mount-restricted',
    ]);
  });

  it('leaves out hostProbesAndHostLifecycle before v1.34', () => {
    expect(pssRuleIds('baseline', v('v1.33'))).toEqual(
      BASELINE_LATEST.filter((id) => id !== 'pss-host-probes-lifecycle'),
    );
    expect(pssRuleIds('baseline', v('v1.34'))).toEqual(BASELINE_LATEST);
  });

  test.each([
    [
      'v1.0',
      ['pss-restricted-volumes', 'pss-run-as-non-root'],
      ['pss-seccomp-baseline', 'pss-capabilities-baseline', 'pss-proc-mount'],
    ],
    ['v1.8', ['pss-allow-privilege-escalation'], ['pss-seccomp-baseline']],
    ['v1.19', ['pss-seccomp-restricted'], ['pss-capabilities-baseline']],
    ['v1.22', ['pss-capabilities-restricted'], ['pss-proc-mount']],
    ['v1.23', ['pss-run-as-user'], ['pss-proc-mount']],
    ['v1.34', ['pss-host-probes-lifecycle'], ['pss-proc-mount']],
    ['v1.35', ['pss-proc-mount-restricted'], []],
  ])('restricted at %s includes %j and the baseline checks %j', (version, added, keptBaseline) => {
    const ids = pssRuleIds('restricted', v(version));
    expect(ids).toEqual(expect.arrayContaining([...added, ...keptBaseline]));
    expect(ids).not.toContain('pss-host-path-volumes');
  });

  test.each([
    [
      'v1.0',
      [
        'pss-allow-privilege-escalation',
        'pss-seccomp-restricted',
        'pss-run-as-user',
        'pss-proc-mount-restricted',
      ],
    ],
    ['v1.18', ['pss-seccomp-restricted', 'pss-capabilities-restricted']],
    ['v1.19', ['pss-seccomp-baseline', 'pss-capabilities-restricted']],
    ['v1.22', ['pss-capabilities-baseline', 'pss-run-as-user']],
    ['v1.34', ['pss-proc-mount-restricted']],
    ['v1.35', ['pss-proc-mount']],
  ])('restricted at %s leaves out %j', (version, absent) => {
    const ids = pssRuleIds('restricted', v(version));
    for (const id of absent) expect(ids).not.toContain(id);
  });

  it('never includes restricted checks in baseline', () => {
    for (let minor = 0; minor <= NEWEST_KNOWN_PSS_MINOR; minor++) {
      expect(
        pssRuleIds('baseline', v(`v1.${minor}`)).every(
          (id) => PSS_CHECKS.find((c) => c.rule === id)?.level === 'baseline',
        ),
      ).toBe(true);
    }
  });

  it('knows v1.37 as the newest version, and remembers a newer one that was asked for', () => {
    expect(NEWEST_KNOWN_PSS_MINOR).toBe(37);
    expect(pssVersionWarning(v('v1.37'))).toBeUndefined();
    expect(pssVersionWarning(v('latest'))).toBeUndefined();
    expect(pssVersionWarning(v('v1.38'))).toMatch(
      /^Pod Security Standards version v1\.38 is newer than the newest this release knows \(v1\.37\); it is evaluated as latest/,
    );
  });

  it('treats a version newer than the newest known as latest', () => {
    expect(pssRuleIds('restricted', v('v1.99'))).toEqual(pssRuleIds('restricted', PSS_LATEST));
  });
});

describe('pssImplementation', () => {
  test.each([
    ['pss-allow-privilege-escalation', 'v1.7', undefined],
    ['pss-allow-privilege-escalation', 'v1.8', 8],
    ['pss-allow-privilege-escalation', 'v1.30', 25],
    ['pss-sysctls', 'v1.28', 27],
    ['pss-sysctls', 'v1.36', 32],
    ['pss-sysctls', 'v1.37', 37],
    ['pss-sysctls', 'latest', 37],
    ['pss-run-as-user', 'v1.22', undefined],
    ['pss-run-as-user', 'latest', 35],
    ['not-a-rule', 'latest', undefined],
  ])('%s at %s uses the v1.%s implementation', (rule, version, expected) => {
    expect(pssImplementation(rule, v(version))).toBe(expected);
  });
});

describe('the PSS check table', () => {
  it('knows exactly the newest version any check has', () => {
    expect(Math.max(...PSS_CHECKS.flatMap((check) => check.versions))).toBe(NEWEST_KNOWN_PSS_MINOR);
  });

  it('lists strictly increasing versions per check', () => {
    for (const check of PSS_CHECKS) {
      expect([...check.versions].sort((a, b) => a - b)).toEqual(check.versions);
      expect(new Set(check.versions).size).toBe(check.versions.length);
    }
  });

  it('lets only restricted checks override, and only baseline ones', () => {
    for (const check of PSS_CHECKS.filter((candidate) => candidate.overrides)) {
      expect(check.level).toBe('restricted');
      for (const id of check.overrides ?? [])
        expect(PSS_CHECKS.find((c) => c.rule === id)?.level).toBe('baseline');
    }
  });

  it('has one registered rule per check, in the same order', () => {
    expect(pssRules.map((rule) => rule.id)).toEqual(PSS_CHECKS.map((check) => check.rule));
  });

  it('gives restricted-only rules medium or high severity and baseline rules high or critical', () => {
    for (const rule of pssRules) {
      const level = PSS_CHECKS.find((check) => check.rule === rule.id)?.level;
      expect(level === 'baseline' ? ['high', 'critical'] : ['medium', 'high']).toContain(rule.severity);
    }
  });

  it('refuses to build a rule for an id it does not know', () => {
    expect(() =>
      pssRule({ id: 'pss-nope', title: 't', description: 'd', severity: 'low', check: () => {} }),
    ).toThrow('pss-nope: not a Pod Security Standards check; add it to PSS_CHECKS first');
  });
});
