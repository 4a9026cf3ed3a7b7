import { controls, controlsForRule, findControl, rulesForFramework } from '../../policies/src/catalog';
import {
  CIS_EKS_RECOMMENDATIONS,
  NSA_CISA,
  PSS_CONTROLS,
  SECURE_DEFAULTS,
  STIG_REQUIREMENTS,
} from '../../policies/src/catalog/references';
import { FRAMEWORKS, PSS_LEVELS } from '../../policies/src/catalog/types';
import { SEVERITIES } from '../../policies/src/engine/severity';
import { allRules, findRule } from '../../policies/src/registry';

/**
 * Every control name of the Kubernetes "Pod Security Standards" page, copied from the page itself
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, version notes left off) so the
 * catalog's own list is checked against an independent copy.
 */
const PSS_PAGE = {
  baseline: [
    'HostProcess',
    'Host Namespaces',
    'Privileged Containers',
    'Capabilities',
    'HostPath Volumes',
    'Host Ports',
    'Host Probes / Lifecycle Hooks',
    'AppArmor',
    'SELinux',
    '/proc Mount Type',
    'Seccomp',
    'Sysctls',
  ],
  restricted: [
    'Volume Types',
    'Privilege Escalation',
    'Running as Non-root',
    'Running as Non-root user',
    'Seccomp',
    'Capabilities',
  ],
} as const;

const referenced = (framework: (typeof FRAMEWORKS)[number]) =>
  controls.filter((control) => (control.frameworks[framework]?.length ?? 0) > 0);

describe('controls catalog', () => {
  describe('ids and shape', () => {
    it('gives every control a unique id', () => {
      const ids = controls.map((control) => control.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it.each(controls.map((control) => [control.id]))('uses a kebab-case id for %s', (id) => {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it('holds between 70 and 100 controls', () => {
      expect(controls.length).toBeGreaterThanOrEqual(70);
      expect(controls.length).toBeLessThanOrEqual(100);
    });

    it.each(controls.map((control) => [control.id, control]))(
      'gives %s a title, a rationale, a remediation and a known severity',
      (_id, control) => {
        expect(control.title.trim()).not.toBe('');
        expect(control.rationale.trim()).not.toBe('');
        expect(control.remediation.trim()).not.toBe('');
        expect(SEVERITIES).toContain(control.severity);
      },
    );
  });

  describe('framework references', () => {
    it.each(controls.map((control) => [control.id, control]))(
      'references at least one framework from %s',
      (_id, control) => {
        expect(FRAMEWORKS.some((framework) => (control.frameworks[framework]?.length ?? 0) > 0)).toBe(true);
      },
    );

    it('references NSA/CISA from at least 20 controls', () => {
      expect(referenced('nsaCisa').length).toBeGreaterThanOrEqual(20);
    });

    it('references CIS EKS from at least 30 controls', () => {
      expect(referenced('cisEks').length).toBeGreaterThanOrEqual(30);
    });

    it('cites only NSA/CISA sections listed in the references', () => {
      const known = new Set<string>(Object.values(NSA_CISA));
      const cited = controls.flatMap((control) => control.frameworks.nsaCisa ?? []);
      expect(cited.filter((section) => !known.has(section))).toEqual([]);
    });

    it('cites only CIS EKS v1.8.0 recommendation ids', () => {
      const cited = controls.flatMap((control) => control.frameworks.cisEks ?? []);
      expect(cited.filter((id) => !(id in CIS_EKS_RECOMMENDATIONS))).toEqual([]);
    });

    it('maps every CIS EKS v1.8.0 recommendation to a control', () => {
      const cited = new Set(controls.flatMap((control) => control.frameworks.cisEks ?? []));
      expect(Object.keys(CIS_EKS_RECOMMENDATIONS).filter((id) => !cited.has(id))).toEqual([]);
    });

    it('cites only STIG ids whose requirement was confirmed, written V-<number>', () => {
      const cited = controls.flatMap((control) => control.frameworks.stig ?? []);
      for (const id of cited) expect(id).toMatch(/^V-\d+$/);
      expect(cited.filter((id) => !(id in STIG_REQUIREMENTS))).toEqual([]);
    });

    it('keeps the catalog’s Pod Security Standards names equal to the page', () => {
      expect(PSS_CONTROLS).toEqual(PSS_PAGE);
    });

    it.each(PSS_LEVELS.flatMap((level) => PSS_PAGE[level].map((name) => [level, name] as const)))(
      'maps the %s Pod Security Standards control "%s" to a control',
      (level, name) => {
        const found = controls.some((control) =>
          (control.frameworks.pss ?? []).some((ref) => ref.level === level && ref.control === name),
        );
        expect(found).toBe(true);
      },
    );

    it('cites only Pod Security Standards controls of the page, at their level', () => {
      const cited = controls.flatMap((control) => control.frameworks.pss ?? []);
      const unknown = cited.filter(
        (ref) => !(PSS_PAGE[ref.level] as readonly string[]).includes(ref.control),
      );
      expect(unknown).toEqual([]);
    });
  });

  describe('enforcement', () => {
    it.each(controls.map((control) => [control.id, control]))(
      'says how %s is enforced: by rules, by defaults or by hand',
      (_id, control) => {
        const { rules = [], defaults = [], manual } = control.enforcement;
        expect(rules.length + defaults.length + (manual === undefined ? 0 : 1)).toBeGreaterThan(0);
        if (manual !== undefined) expect(manual.trim()).not.toBe('');
      },
    );

    it('names only known constructs and stack components as defaults', () => {
      const known = new Set<string>(SECURE_DEFAULTS);
      const named = controls.flatMap((control) => control.enforcement.defaults ?? []);
      expect(named.filter((name) => !known.has(name))).toEqual([]);
    });

    it('references every registered rule from some control', () => {
      const used = new Set(controls.flatMap((control) => control.enforcement.rules ?? []));
      expect(allRules.map((rule) => rule.id).filter((id) => !used.has(id))).toEqual([]);
    });

    it('gives each control the severity of its most severe rule, so the scorecard table shows what the findings say', () => {
      const mismatched = controls.flatMap((control) => {
        const severities = (control.enforcement.rules ?? []).map((id) => findRule(id)!.severity);
        if (severities.length === 0) return [];
        const worst = severities.reduce((a, b) => (SEVERITIES.indexOf(b) < SEVERITIES.indexOf(a) ? b : a));
        return worst === control.severity ? [] : [`${control.id}: ${control.severity}, rules say ${worst}`];
      });
      expect(mismatched).toEqual([]);
    });

    it('references only rules that exist in the registry', () => {
      const used = controls.flatMap((control) => control.enforcement.rules ?? []);
      expect(used.filter((id) => findRule(id) === undefined)).toEqual([]);
    });
  });

  describe('lookups', () => {
    it('finds a control by id and returns undefined for an unknown id', () => {
      expect(findControl('pss-privileged')?.title).toBe('Containers do not run privileged');
      expect(findControl('no-such-control')).toBeUndefined();
    });

    it('returns the controls that list a rule, and the same array on a second call', () => {
      const found = controlsForRule('health-probes');
      expect(found.map((control) => control.id)).toEqual(['workload-resource-bounds']);
      expect(controlsForRule('health-probes')).toBe(found);
    });

    it('returns no controls for an unknown rule', () => {
      expect(controlsForRule('no-such-rule')).toEqual([]);
    });

    it('inverts enforcement.rules exactly', () => {
      for (const control of controls) {
        for (const rule of control.enforcement.rules ?? []) expect(controlsForRule(rule)).toContain(control);
      }
      for (const rule of allRules.map((r) => r.id)) {
        for (const control of controlsForRule(rule)) expect(control.enforcement.rules).toContain(rule);
      }
    });

    it('lists the rules of controls that reference a framework, each once', () => {
      const cis = rulesForFramework('cisEks');
      expect(new Set(cis).size).toBe(cis.length);
      expect(cis).toEqual(
        expect.arrayContaining(['pss-privileged', 'rbac-no-wildcards', 'eks-secrets-encryption']),
      );
      expect(cis).not.toContain('ecr-immutable-tags');
      expect(rulesForFramework('pss')).toContain('pss-host-probes-lifecycle');
      expect(rulesForFramework('pss')).not.toContain('namespace-pss-enforce');
    });

    it.each(FRAMEWORKS.map((framework) => [framework]))(
      'lists for %s exactly the rules of the controls that reference it',
      (framework) => {
        const expected = new Set(referenced(framework).flatMap((control) => control.enforcement.rules ?? []));
        expect(new Set(rulesForFramework(framework))).toEqual(expected);
      },
    );
  });
});
