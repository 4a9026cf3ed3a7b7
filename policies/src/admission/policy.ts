import { defaultRuleOptions } from '../engine/options';
import type { Manifest, ManifestRule, RuleOptions } from '../engine/types';
import { str, strList } from './cel';
import type { ParameterSource } from './choices';
import { CONTAINER_BOUND, OBJECT_VARIABLES, POD_VARIABLES, withinContainerBound } from './pod';
import { resourceRules } from './resources';
import type { AdmissionForm, AdmissionParameter, AdmissionVariable } from './types';

/** The label every generated object carries with the id of the rule it enforces. */
export const RULE_LABEL = 'eks-hardening.io/rule';

/** The API group and version of ValidatingAdmissionPolicy (GA since Kubernetes 1.30). */
export const ADMISSION_API_VERSION = 'admissionregistration.k8s.io/v1';

/** `eks-hardening-<rule-id>`: the name of a rule's policy and of its main binding. */
export function policyName(rule: string): string {
  return `eks-hardening-${rule}`;
}

/** The ConfigMap parameterised policies read in `configmap` mode. */
export const PARAMETERS_CONFIGMAP = 'eks-hardening-admission-parameters';

/**
 * Users whose writes are not evaluated: the API server itself, the controller manager and scheduler, the
 * built-in controllers (`system:serviceaccount:kube-system:*-controller`, which create the ReplicaSets, Pods
 * and Jobs of workloads whose templates the policies already checked, and default ServiceAccounts), and EKS's
 * own control-plane identities (`eks:*`, a prefix access entries cannot use). Anyone else who creates a Pod
 * directly is checked.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#controller-roles
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export const CONTROL_PLANE_MATCH_CONDITION = {
  name: 'not-control-plane',
  expression:
    "!(request.userInfo.username in ['system:apiserver', 'system:kube-controller-manager', 'system:kube-scheduler'] || request.userInfo.username.startsWith('eks:') || (request.userInfo.username.startsWith('system:serviceaccount:kube-system:') && request.userInfo.username.endsWith('-controller')))",
} as const;

/** `object.a.b` changed between `oldObject` and `object` (including being added or removed). */
function changed(field: string): string {
  const steps = field.split('.');
  const has = (root: string) =>
    steps.map((_, i) => `has(${[root, ...steps.slice(0, i + 1)].join('.')})`).join(' && ');
  return `(${has('object')}) != (${has('oldObject')}) || (${has('object')} && object.${field} != oldObject.${field})`;
}

/** The match conditions of a form's policy: the control-plane skip, and UPDATEs that change what it reads. */
function matchConditions(form: AdmissionForm): { name: string; expression: string }[] {
  return [
    { ...CONTROL_PLANE_MATCH_CONDITION },
    {
      name: 'not-being-deleted',
      expression:
        "request.operation != 'UPDATE' || !has(object.metadata) || !has(object.metadata.deletionTimestamp)",
    },
    {
      name: 'changes-what-the-rule-reads',
      expression: `request.operation != 'UPDATE' || ${form.reads.map((field) => `(${changed(field)})`).join(' || ')}`,
    },
  ];
}

/** The CEL of a parameter: its value inline, or read from the parameter ConfigMap. */
function parameterVariable(
  parameter: AdmissionParameter,
  source: ParameterSource,
  options: RuleOptions,
): AdmissionVariable {
  const entry = `params.data[${str(parameter.name)}]`;
  const inConfigMap = `params != null && has(params.data) && ${str(parameter.name)} in params.data`;
  if (parameter.type === 'list') {
    return {
      name: parameter.name,
      expression:
        source === 'inline'
          ? strList(parameter.value(options))
          : `${inConfigMap} ? ${entry}.split('\\n').map(e, e.trim()) : []`,
    };
  }
  // A bool the ConfigMap leaves out (one written by hand, or by an older harden) is the rule's default, never
  // a weaker reading: requireCpuLimits, on by default, stays on.
  return {
    name: parameter.name,
    expression:
      source === 'inline'
        ? String(parameter.value(options))
        : `${inConfigMap} ? ${entry}.trim() == 'true' : ${parameter.value(defaultRuleOptions)}`,
  };
}

/**
 * The ConfigMap data of the parameters of `forms`, as {@link parameterVariable} reads them back: a list is one
 * entry per line (an empty list leaves its key out), a bool is `true` or `false`.
 */
export function parameterData(forms: readonly AdmissionForm[], options: RuleOptions): Record<string, string> {
  const data: Record<string, string> = {};
  for (const parameter of forms.flatMap((form) => form.parameters ?? [])) {
    if (parameter.type === 'bool') {
      data[parameter.name] = String(parameter.value(options));
      continue;
    }
    const entries = parameter.value(options);
    if (entries.length > 0) data[parameter.name] = entries.join('\n');
  }
  return data;
}

/** The variables of a form's policy, in evaluation order. */
export function policyVariables(
  form: AdmissionForm,
  source: ParameterSource,
  options: RuleOptions,
): AdmissionVariable[] {
  return [
    ...OBJECT_VARIABLES,
    ...(form.pod ? POD_VARIABLES : []),
    ...(form.parameters ?? []).map((parameter) => parameterVariable(parameter, source, options)),
    ...(form.variables ?? []),
  ];
}

/** The ValidatingAdmissionPolicy that enforces `rule` through `form`. */
export function admissionPolicy(
  rule: ManifestRule,
  form: AdmissionForm,
  source: ParameterSource,
  options: RuleOptions,
): Manifest {
  const parameterised = source === 'configmap' && (form.parameters?.length ?? 0) > 0;
  const validations = form.pod
    ? [
        CONTAINER_BOUND,
        ...form.validations.map((v) => ({ ...v, expression: withinContainerBound(v.expression) })),
      ]
    : form.validations;
  return {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: {
      name: policyName(rule.id),
      labels: { [RULE_LABEL]: rule.id, 'app.kubernetes.io/managed-by': 'eks-hardening' },
      annotations: { 'eks-hardening.io/severity': rule.severity, 'eks-hardening.io/title': rule.title },
    },
    spec: {
      failurePolicy: 'Fail',
      ...(parameterised ? { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } : {}),
      matchConstraints: {
        resourceRules: resourceRules(rule.kinds, ['CREATE', 'UPDATE'], { subresources: true }),
      },
      matchConditions: matchConditions(form),
      variables: policyVariables(form, source, options),
      validations: validations.map((validation) => ({ ...validation, reason: 'Forbidden' })),
    },
  };
}
