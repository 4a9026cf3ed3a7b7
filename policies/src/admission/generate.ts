import { ruleOptions } from '../engine/options';
import type { Manifest, ManifestRule, RuleOptions } from '../engine/types';
import { findRule } from '../registry';
import { admissionBindings, type BindingSettings } from './bindings';
import type { ParameterSource } from './choices';
import { ADMISSION_FORMS } from './forms';
import {
  ADMISSION_API_VERSION,
  admissionPolicy,
  PARAMETERS_CONFIGMAP,
  parameterData,
  RULE_LABEL,
} from './policy';

/** Everything `harden admission` and the cluster baseline generate policies from. */
export interface AdmissionSettings extends Omit<BindingSettings, 'paramRef'> {
  /** Options the rules read (allowedRegistries, requireImageDigest). */
  readonly options: RuleOptions;
  /** Parameters inline in each policy, or in one ConfigMap the policies read through `paramKind`. @default 'inline' */
  readonly parameters?: ParameterSource;
  /** Namespace of the parameter ConfigMap. @default 'kube-system' */
  readonly parametersNamespace?: string;
  /** Rule ids to leave out. */
  readonly disabled?: readonly string[];
}

/** The settings the cluster baseline uses by default: audit mode, kube-system exempt, no exemptions. */
export const DEFAULT_ADMISSION_SETTINGS: AdmissionSettings = Object.freeze({
  mode: 'audit',
  exemptNamespaces: ['kube-system'],
  exemptions: [],
  options: ruleOptions(),
});

/** What {@link admissionObjects} made, and what it could not or did differently from `harden check`. */
export interface AdmissionObjects {
  readonly objects: Manifest[];
  readonly errors: string[];
  readonly notes: string[];
}

/**
 * One ValidatingAdmissionPolicy and its bindings per rule with an admission form, in report order, plus the
 * parameter ConfigMap in `configmap` mode. A rule whose inline parameters leave it nothing to check
 * (no allowedRegistries) is left out, with a note.
 */
export function admissionObjects(settings: AdmissionSettings): AdmissionObjects {
  const source = settings.parameters ?? 'inline';
  const namespace = settings.parametersNamespace ?? 'kube-system';
  const objects: Manifest[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  const parameterised = ADMISSION_FORMS.filter((form) => (form.parameters?.length ?? 0) > 0);
  if (source === 'configmap' && parameterised.length > 0) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: PARAMETERS_CONFIGMAP,
        namespace,
        labels: { 'app.kubernetes.io/managed-by': 'eks-hardening' },
      },
      data: parameterData(parameterised, settings.options),
    });
  }
  for (const form of ADMISSION_FORMS) {
    const rule = findRule(form.rule) as ManifestRule;
    if (settings.disabled?.includes(rule.id)) continue;
    const inactive = source === 'inline' ? form.inactive?.(settings.options) : undefined;
    if (inactive) {
      notes.push(`${rule.id}: ${inactive}, so no policy is generated for it`);
      continue;
    }
    const hasParameters = (form.parameters?.length ?? 0) > 0 && source === 'configmap';
    const result = admissionBindings(
      rule,
      { ...settings, ...(hasParameters ? { paramRef: { name: PARAMETERS_CONFIGMAP, namespace } } : {}) },
      hasParameters,
    );
    errors.push(...result.errors);
    notes.push(...result.notes);
    if (result.bindings.length === 0) continue;
    objects.push(admissionPolicy(rule, form, source, settings.options), ...result.bindings);
  }
  return { objects, errors, notes };
}

/** True for a generated ValidatingAdmissionPolicy or binding of rule `rule` (any rule when unset). */
export function isAdmissionObject(manifest: Manifest, rule?: string): boolean {
  const metadata = manifest.metadata as { labels?: Record<string, unknown> } | undefined;
  const label = metadata?.labels?.[RULE_LABEL];
  return (
    manifest.apiVersion === ADMISSION_API_VERSION &&
    (manifest.kind === 'ValidatingAdmissionPolicy' || manifest.kind === 'ValidatingAdmissionPolicyBinding') &&
    typeof label === 'string' &&
    (rule === undefined || label === rule)
  );
}
