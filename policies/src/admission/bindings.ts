import type { Exemption } from '../engine/exemptions';
import { severityRank } from '../engine/severity';
import type { Manifest, ManifestRule } from '../engine/types';
import { NAMESPACE_NAME_LABEL } from '../kubernetes/object';
import type { AdmissionMode } from './choices';
import { ADMISSION_API_VERSION, policyName, RULE_LABEL } from './policy';
import { type ResourceRule, resourceRules } from './resources';

/** What a binding does with a failed validation (Deny and Warn together are not allowed by the API). */
export const VALIDATION_ACTIONS = ['Deny', 'Warn', 'Audit'] as const;
/** One of {@link VALIDATION_ACTIONS}. */
export type ValidationAction = (typeof VALIDATION_ACTIONS)[number];

/** The actions of a rule when nothing overrides them: Deny for high and critical, Warn and Audit below. */
export function defaultActions(rule: ManifestRule): ValidationAction[] {
  return severityRank(rule.severity) <= severityRank('high') ? ['Deny'] : ['Warn', 'Audit'];
}

/** How bindings are made: the rollout mode, per-rule actions, and who is exempt. */
export interface BindingSettings {
  readonly mode: AdmissionMode;
  /** Actions per rule id, replacing the severity default (in `audit` mode Deny becomes Warn and Audit). */
  readonly actions?: Readonly<Record<string, readonly ValidationAction[]>>;
  /** Namespaces no policy applies in (the platform's own, such as kube-system). */
  readonly exemptNamespaces: readonly string[];
  /** Exemptions of the config file; those of other rules are ignored. */
  readonly exemptions: readonly Exemption[];
  /** The parameter ConfigMap, for policies that read one. */
  readonly paramRef?: { readonly name: string; readonly namespace: string };
}

/** The actions of `rule` under `settings`. */
export function validationActions(rule: ManifestRule, settings: BindingSettings): ValidationAction[] {
  const chosen = [...(settings.actions?.[rule.id] ?? defaultActions(rule))];
  if (settings.mode === 'enforce' || !chosen.includes('Deny')) return chosen;
  return ['Warn', 'Audit'];
}

/** The bindings of a rule's policy, and what could not be expressed or was widened. */
export interface RuleBindings {
  readonly bindings: Manifest[];
  /** Exemptions a binding cannot express (the command fails with them). */
  readonly errors: string[];
  /** Exemptions applied more widely at admission than in `harden check`. */
  readonly notes: string[];
}

/**
 * The ValidatingAdmissionPolicyBindings of `rule`. Exemptions are made in the binding, on what the platform
 * controls (namespace names, object names), never on annotations a pod author could set: a namespace-wide
 * exemption leaves the namespace out of the main binding's `namespaceSelector`; an object exemption in a
 * namespace leaves that namespace out too and adds a binding for that namespace alone that excludes the
 * object by name (`excludeResourceRules`); an object exemption without a namespace excludes the name
 * everywhere. Exemptions name objects exactly (a `*` pattern cannot be matched by a binding).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#matching-requests-matchconstraints
 */
export function admissionBindings(
  rule: ManifestRule,
  settings: BindingSettings,
  parameterised: boolean,
): RuleBindings {
  const errors: string[] = [];
  const notes: string[] = [];
  const wholeNamespaces = new Set(settings.exemptNamespaces);
  const everywhere: ResourceRule[] = [];
  const perNamespace = new Map<string, ResourceRule[]>();
  settings.exemptions.forEach((exemption) => {
    if (exemption.rule !== rule.id) return;
    if (exemption.kind !== undefined && !rule.kinds.includes(exemption.kind)) return;
    const where = `exemption of ${rule.id}${exemption.source !== 'annotation' ? ` in ${exemption.source}` : ''}`;
    const name = exemption.name === '*' ? undefined : exemption.name;
    if (name?.includes('*')) {
      errors.push(
        `${where}: name '${name}' is a pattern, which a ValidatingAdmissionPolicyBinding cannot match (it matches exact names); list the exact names, or exempt the namespace`,
      );
      return;
    }
    if (exemption.path !== undefined) {
      notes.push(
        `${where}: path '${exemption.path}' cannot be matched at admission, so the whole object is exempted there`,
      );
    }
    const kinds = exemption.kind !== undefined ? [exemption.kind] : rule.kinds;
    if (exemption.namespace === undefined) {
      if (name === undefined) {
        notes.push(`${where}: names no namespace or object, so ${rule.id} is not bound at admission at all`);
        wholeNamespaces.add('*');
        return;
      }
      everywhere.push(...resourceRules(kinds, ['*'], { resourceNames: [name] }));
      return;
    }
    if (name === undefined && exemption.kind === undefined) {
      wholeNamespaces.add(exemption.namespace);
      return;
    }
    const list = perNamespace.get(exemption.namespace) ?? [];
    list.push(...resourceRules(kinds, ['*'], name === undefined ? {} : { resourceNames: [name] }));
    perNamespace.set(exemption.namespace, list);
  });
  if (wholeNamespaces.has('*')) return { bindings: [], errors, notes };

  const actions = validationActions(rule, settings);
  const binding = (name: string, matchResources: Record<string, unknown>): Manifest => ({
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels: { [RULE_LABEL]: rule.id, 'app.kubernetes.io/managed-by': 'eks-hardening' } },
    spec: {
      policyName: policyName(rule.id),
      validationActions: actions,
      ...(parameterised && settings.paramRef
        ? { paramRef: { ...settings.paramRef, parameterNotFoundAction: 'Deny' } }
        : {}),
      matchResources,
    },
  });
  const excluded = [...new Set([...wholeNamespaces, ...perNamespace.keys()])].sort();
  const bindings = [
    binding(policyName(rule.id), {
      ...(excluded.length > 0
        ? {
            namespaceSelector: {
              matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: excluded }],
            },
          }
        : {}),
      ...(everywhere.length > 0 ? { excludeResourceRules: everywhere } : {}),
    }),
  ];
  for (const [namespace, rules] of [...perNamespace].sort(([a], [b]) => a.localeCompare(b))) {
    if (wholeNamespaces.has(namespace)) continue;
    bindings.push(
      binding(`${policyName(rule.id)}-ns-${namespace}`, {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
        excludeResourceRules: [...everywhere, ...rules],
      }),
    );
  }
  return { bindings, errors, notes };
}
