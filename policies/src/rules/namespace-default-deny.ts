import type { LocatedManifest, Manifest, ManifestSetRule, RuleOptions, SetFinding } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { isLookalike } from '../kubernetes/built-in-kinds';
import { networkView } from '../kubernetes/network-view';
import { asArray, asRecord, asString, displayName, kindOf, nameOf } from '../kubernetes/object';
import { runsPods } from '../kubernetes/workloads';

/** Traffic directions a NetworkPolicy governs. */
type Direction = 'Ingress' | 'Egress';
const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/** What the rule reads: Namespaces, NetworkPolicies and objects that run pods. */
function reads(manifest: Manifest, options: RuleOptions): 'namespace' | 'policy' | 'workload' | undefined {
  const kind = kindOf(manifest);
  if (kind === 'Namespace' && !isLookalike(manifest)) return 'namespace';
  if (kind === 'NetworkPolicy' && !isLookalike(manifest)) return 'policy';
  return runsPods(manifest, options) ? 'workload' : undefined;
}

/** The namespace label the API server sets on every namespace (Kubernetes 1.22+). */
const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A label selector that selects everything: `{}`, empty `matchLabels`/`matchExpressions`, or missing (the API
 * reads an absent `podSelector` as the empty selector).
 */
function selectsAll(selector: unknown): boolean {
  if (selector === undefined || selector === null) return true;
  const record = asRecord(selector);
  if (!record) return false;
  const labels = record.matchLabels;
  const expressions = record.matchExpressions;
  const labelRecord = asRecord(labels);
  const noLabels =
    labels === undefined ||
    labels === null ||
    (labelRecord !== undefined && Object.keys(labelRecord).length === 0);
  const noExpressions =
    expressions === undefined ||
    expressions === null ||
    (Array.isArray(expressions) && expressions.length === 0);
  return noLabels && noExpressions;
}

/** True when a namespace selector selects only `kube-system`, by the label the API server sets. */
function selectsKubeSystemOnly(selector: unknown): boolean {
  const record = asRecord(selector);
  if (!record) return false;
  if (asRecord(record.matchLabels)?.[NAME_LABEL] === 'kube-system') return true;
  return asArray(record.matchExpressions).some((raw) => {
    const expression = asRecord(raw);
    const values = asArray(expression?.values);
    return (
      expression?.key === NAME_LABEL &&
      expression.operator === 'In' &&
      values.length > 0 &&
      values.every((v) => v === 'kube-system')
    );
  });
}

/** True for an egress rule that allows only DNS (port 53, or CoreDNS's `dns`/`dns-tcp` port names) to kube-system. */
function dnsOnly(rule: unknown): boolean {
  const record = asRecord(rule);
  if (!record) return false;
  const ports = asArray(record.ports);
  const peers = asArray(record.to);
  const port53 = (raw: unknown) => {
    const port = asRecord(raw);
    if (!port) return false;
    const endPort = port.endPort;
    return (
      (port.port === 53 || port.port === 'dns' || port.port === 'dns-tcp') &&
      (endPort === undefined || endPort === null || endPort === 53)
    );
  };
  const toKubeSystem = (raw: unknown) => {
    const peer = asRecord(raw);
    return peer !== undefined && peer.ipBlock === undefined && selectsKubeSystemOnly(peer.namespaceSelector);
  };
  return ports.length > 0 && ports.every(port53) && peers.length > 0 && peers.every(toKubeSystem);
}

/** An empty or missing list of rules. */
function noRules(rules: unknown): boolean {
  return rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0);
}

/** True for a Kubernetes NetworkPolicy (`networking.k8s.io`), not a CNI's own kind of the same name. */
function isKubernetesNetworkPolicy(manifest: Manifest): boolean {
  const apiVersion = manifest.apiVersion;
  return (
    apiVersion === undefined ||
    (typeof apiVersion === 'string' && apiVersion.startsWith('networking.k8s.io/'))
  );
}

/** The directions `policy` isolates every pod of its namespace in: it selects them all and lists the direction. */
function isolates(policy: Manifest): Direction[] {
  if (!isKubernetesNetworkPolicy(policy)) return [];
  const spec = asRecord(policy.spec);
  if (!spec || !selectsAll(spec.podSelector)) return [];
  const declared = asArray(spec.policyTypes).filter(
    (type): type is Direction => type === 'Ingress' || type === 'Egress',
  );
  // Unset policyTypes default to Ingress, plus Egress when the policy has egress rules.
  return declared.length > 0
    ? declared
    : ['Ingress', ...(asArray(spec.egress).length > 0 ? ['Egress' as const] : [])];
}

/** The directions `policy` denies by default for every pod of its namespace: it isolates them with no rules. */
export function defaultDenies(policy: Manifest): Direction[] {
  const spec = asRecord(policy.spec);
  return isolates(policy).filter((type) =>
    type === 'Ingress'
      ? noRules(spec?.ingress)
      : noRules(spec?.egress) || (Array.isArray(spec?.egress) && spec.egress.every(dnsOnly)),
  );
}

/**
 * True when workload `a` comes before `b` by kind, then name: the workload a namespace's finding is reported
 * on, whatever the order of files and documents, so a baseline still matches it after files move.
 */
function firstBy(a: Manifest, b: Manifest): boolean {
  const order =
    kindOf(a).localeCompare(kindOf(b), 'en') || (nameOf(a) ?? '').localeCompare(nameOf(b) ?? '', 'en');
  return order < 0;
}

/**
 * What to tell of the policies that select every pod for a `missing` direction but also allow traffic in it:
 * they isolate the pods, but the rule asks for a default deny of its own that allows nothing (the Kubernetes
 * documentation's default policies), which stays when the allowances change.
 */
function allowingNote(
  byPolicy: ReadonlyMap<string, readonly Direction[]> | undefined,
  missing: readonly Direction[],
): string {
  const notes = [...(byPolicy ?? [])].flatMap(([policy, directions]) => {
    const shared = directions.filter((direction) => missing.includes(direction));
    return shared.length === 0
      ? []
      : [`'${policy}' selects every pod for ${shared.join(' and ')} but also allows traffic`];
  });
  if (notes.length === 0) return '';
  return ` (${notes.join('; ')}: a default deny is a separate policy with no rules, so it stays when the allowances change; keep those in policies of their own)`;
}

/** Where to report a namespace: its Namespace object, or the first of its workloads by kind and name. */
interface Target {
  readonly key: string;
  readonly manifest: Manifest;
  readonly isNamespace: boolean;
}

/**
 * Every namespace the input declares (a Namespace object) or runs pods in (a workload, built in or a workload
 * CRD such as an Argo Rollout, or a kind the config file names; no namespace means `default`) has
 * NetworkPolicies that deny ingress and egress by default. A direction counts as denied when a NetworkPolicy
 * in the namespace selects all pods (`podSelector: {}`), lists the direction in `policyTypes` (unset means
 * Ingress, plus Egress when the policy has egress rules) and has no rules for it; for Egress the only rules
 * allowed are DNS: port 53 (or the `dns`/`dns-tcp` port names) to peers whose namespaceSelector picks only
 * kube-system by its `kubernetes.io/metadata.name` label. Ingress and Egress may come from different
 * policies; other policies only add allowances. Only `networking.k8s.io` NetworkPolicies count. One finding
 * per namespace, on its Namespace object if the input has it, else on the first of its workloads by kind and
 * name (not input order, so moving files does not move the finding).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export const namespaceDefaultDeny: ManifestSetRule = {
  id: 'namespace-default-deny',
  target: 'kubernetes-set',
  // Every kind, since a workload CRD or a configured kind runs pods too; it keeps only what it reads.
  retain: (manifest, options) => (reads(manifest, options) ? networkView(manifest) : undefined),
  title: 'Namespaces deny network traffic by default',
  description:
    'Every namespace the input declares or runs workloads in has NetworkPolicies selecting all its pods that deny ingress and egress (except DNS) unless another policy allows it.',
  severity: 'high',
  validate(manifests: readonly LocatedManifest[], options: RuleOptions): readonly SetFinding[] {
    const targets = new Map<string, Target>();
    const denied = new Map<string, Set<Direction>>();
    // Per namespace, the policies that select all its pods for a direction it does not deny but allow traffic.
    const allowing = new Map<string, Map<string, Direction[]>>();
    const unplaced: string[] = [];
    for (const { key, manifest } of manifests) {
      const what = reads(manifest, options);
      const rawNamespace = asRecord(manifest.metadata)?.namespace;
      const namespace = asString(rawNamespace) || 'default';
      if (what === 'namespace') {
        const name = nameOf(manifest);
        if (name && !targets.get(name)?.isNamespace) targets.set(name, { key, manifest, isNamespace: true });
      } else if (what === 'workload') {
        const current = targets.get(namespace);
        if (
          !isUnknown(rawNamespace) &&
          (!current || (!current.isNamespace && firstBy(manifest, current.manifest)))
        ) {
          targets.set(namespace, { key, manifest, isNamespace: false });
        }
      } else if (what === 'policy') {
        if (isUnknown(rawNamespace)) {
          unplaced.push(displayName(manifest));
          continue;
        }
        const set = denied.get(namespace) ?? new Set<Direction>();
        const denies = defaultDenies(manifest);
        for (const direction of denies) set.add(direction);
        denied.set(namespace, set);
        const allows = isolates(manifest).filter((direction) => !denies.includes(direction));
        if (allows.length > 0) {
          const byPolicy = allowing.get(namespace) ?? new Map<string, Direction[]>();
          byPolicy.set(nameOf(manifest) || '<unnamed>', allows);
          allowing.set(namespace, byPolicy);
        }
      }
    }

    const findings: SetFinding[] = [];
    for (const [namespace, target] of targets) {
      const missing = DIRECTIONS.filter((direction) => !denied.get(namespace)?.has(direction));
      if (missing.length === 0) continue;
      const where = target.isNamespace ? '' : ' (where it runs)';
      const caveat =
        unplaced.length === 0
          ? ''
          : ` (the namespace of ${unplaced.join(', ')} is not known until apply and may be this one)`;
      findings.push({
        key: target.key,
        path: target.isNamespace ? 'metadata.name' : 'metadata.namespace',
        message: `${displayName(target.manifest)}: no NetworkPolicy in namespace '${namespace}'${where} denies ${missing.join(' and ')} by default${caveat}${allowingNote(allowing.get(namespace), missing)}; add a NetworkPolicy with podSelector: {}, policyTypes: [Ingress, Egress] and no rules (egress may allow only DNS to kube-system on port 53)`,
      });
    }
    return findings;
  },
};
