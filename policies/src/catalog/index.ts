import { auditAndUpgradeControls } from './controls/audit-and-upgrades';
import { eksControlPlaneControls } from './controls/eks-control-plane';
import { managedServiceControls } from './controls/managed-services';
import { networkControls } from './controls/network';
import { podSecurityControls } from './controls/pod-security';
import { rbacControls } from './controls/rbac';
import { workerNodeControls } from './controls/worker-nodes';
import { workloadControls } from './controls/workloads';
import type { Control, Framework } from './types';

export {
  CIS_EKS_EDITION,
  CIS_EKS_RECOMMENDATIONS,
  NSA_CISA,
  PSS_CONTROLS,
  STIG_REQUIREMENTS,
} from './references';
export type { Control, Enforcement, Framework, FrameworkReferences, PssLevel, PssReference } from './types';
export { FRAMEWORK_TITLES, FRAMEWORKS, PSS_LEVELS } from './types';

/** Every hardening control, area by area: the single source of truth rules, reports and docs refer to. */
export const controls: readonly Control[] = [
  ...podSecurityControls,
  ...workloadControls,
  ...rbacControls,
  ...networkControls,
  ...eksControlPlaneControls,
  ...workerNodeControls,
  ...managedServiceControls,
  ...auditAndUpgradeControls,
];

const NONE: readonly Control[] = Object.freeze([]);

const controlsById: ReadonlyMap<string, Control> = new Map(controls.map((control) => [control.id, control]));

let controlsByRule: ReadonlyMap<string, readonly Control[]> | undefined;

const rulesByFramework = new Map<Framework, readonly string[]>();

/** The control with this id, or undefined. */
export function findControl(id: string): Control | undefined {
  return controlsById.get(id);
}

/** The controls whose `enforcement.rules` list this rule id, in catalog order (empty for an unknown rule). */
export function controlsForRule(ruleId: string): readonly Control[] {
  controlsByRule ??= indexByRule(controls);
  return controlsByRule.get(ruleId) ?? NONE;
}

/** Ids of the rules whose controls reference `framework`, each once, in catalog order. */
export function rulesForFramework(framework: Framework): readonly string[] {
  let rules = rulesByFramework.get(framework);
  if (!rules) {
    const ids = new Set<string>();
    for (const control of controls) {
      if ((control.frameworks[framework]?.length ?? 0) === 0) continue;
      for (const rule of control.enforcement.rules ?? []) ids.add(rule);
    }
    rules = Object.freeze([...ids]);
    rulesByFramework.set(framework, rules);
  }
  return rules;
}

/** Inverts `enforcement.rules`: rule id to the controls that list it. */
function indexByRule(all: readonly Control[]): ReadonlyMap<string, readonly Control[]> {
  const index = new Map<string, Control[]>();
  for (const control of all) {
    for (const rule of new Set(control.enforcement.rules ?? [])) {
      const list = index.get(rule);
      if (list) list.push(control);
      else index.set(rule, [control]);
    }
  }
  return index;
}
