import {
  asRecord,
  awsRules,
  controlsForRule,
  type Exemption,
  emptyTally,
  evaluateManifests,
  exemptionMatches,
  KUBELET_CONFIGURATION_API_VERSION,
  KUBELET_CONFIGURATION_KIND,
  kindOf,
  type LocatedManifest,
  type Manifest,
  nameOf,
  namespaceOf,
  PSS_LATEST,
  type PssVersion,
  type Rule,
  type RuleTally,
  ruleOptions,
  rulesForProfile,
} from '@eks-hardening/rules';
import {
  type EvaluatedResource,
  type ScorecardPart,
  type ScoredFinding,
  scoredFinding,
} from '@eks-hardening/rules/cli';
import { type AwsResource, awsResources } from './aws/resource-inputs';
import type { AuditBundle, EvidenceGap, KubernetesEvidence } from './bundle';
import { kindsReadBy } from './kubernetes/kinds';

/** Where the scorecard says evidence came from. */
export const SOURCES = { aws: 'AWS API', kubernetes: 'Kubernetes API', kubelet: 'kubelet configz' } as const;

/** How to judge the evidence: the settings `harden check` takes, and the public endpoint CIDRs allowed. */
export interface AuditSettings {
  /** @default latest */
  readonly pssVersion?: PssVersion;
  /** Registries images may come from; empty allows any. @default [] */
  readonly allowedRegistries?: readonly string[];
  /** @default false */
  readonly requireImageDigest?: boolean;
  /** CIDRs the EKS public endpoint may be open to (never 0.0.0.0/0). @default [] */
  readonly allowedPublicCidrs?: readonly string[];
  /** Exemptions (Kubernetes objects by kind, namespace and name; AWS resources by the last part of their type token, e.g. `Cluster`, and their name). */
  readonly exemptions?: readonly Exemption[];
  /** @default true */
  readonly allowAnnotationExemptions?: boolean;
}

/** A gap, with the rules it left undecided. */
export interface ScoredGap {
  readonly gap: EvidenceGap;
  /** Ids of the rules that read what is missing; empty when no rule does. */
  readonly rules: readonly string[];
}

/** What the evidence of a cluster scores. */
export interface AuditResult {
  /** The cluster, as the scorecard's subject. */
  readonly subject: string;
  /** The scorecard evidence: every resource and object, every finding, every rule's tally. */
  readonly part: ScorecardPart;
  readonly gaps: readonly ScoredGap[];
}

/**
 * Scores an evidence bundle with every rule: the AWS resources mapped by the adapter through the AWS rules,
 * the Kubernetes objects and kubelet configurations through the same engine and `all` profile as `harden
 * check`. Each gap adds an `unknown` finding to every rule that reads what is missing, so no control depending
 * on it can pass.
 */
export function auditBundle(bundle: AuditBundle, settings: AuditSettings = {}): AuditResult {
  const pssVersion = settings.pssVersion ?? PSS_LATEST;
  const options = ruleOptions({
    pssVersion,
    allowedRegistries: settings.allowedRegistries ?? [],
    requireImageDigest: settings.requireImageDigest ?? false,
    allowedPublicCidrs: settings.allowedPublicCidrs ?? [],
  });
  const exemptions = settings.exemptions ?? [];
  const tallies = new Map<string, RuleTally>();
  const findings: ScoredFinding[] = [];
  const resources: EvaluatedResource[] = [];

  // AWS: the pack's rules over the adapter's provider inputs.
  const aws = awsResources(bundle.aws, bundle.target);
  for (const resource of aws) {
    resources.push({ key: awsKey(resource), type: resource.type, name: resource.name, source: SOURCES.aws });
  }
  for (const rule of awsRules) {
    const tally = emptyTally();
    tallies.set(rule.id, tally);
    const controls = controlsForRule(rule.id).map((control) => control.id);
    for (const resource of aws) {
      if (!rule.resourceTypes.includes(resource.type)) {
        tally['not-applicable']++;
        continue;
      }
      const result = rule.validate(resource.inputs, options, resource.name);
      if (result.status === 'pass' || result.status === 'not-applicable') {
        tally[result.status]++;
        continue;
      }
      const made = result.findings.map((finding): ScoredFinding => {
        const exemption = exemptions.find((candidate) =>
          exemptionMatches(candidate, {
            rule: rule.id,
            kind: resource.type.slice(resource.type.lastIndexOf(':') + 1),
            namespace: undefined,
            name: resource.name,
            path: finding.path,
          }),
        );
        return {
          resourceKey: awsKey(resource),
          rule: rule.id,
          controls,
          severity: rule.severity,
          status: result.status === 'fail' ? 'fail' : 'unknown',
          path: finding.path,
          message: finding.message,
          ...(exemption ? { exemption: { reason: exemption.reason, source: exemption.source } } : {}),
        };
      });
      findings.push(...made);
      if (made.length > 0 && made.every((finding) => finding.exemption)) tally.exempted++;
      else tally[result.status]++;
    }
  }

  // Kubernetes: the engine and profile of `harden check`.
  const rules = rulesForProfile('all', pssVersion);
  const located = kubernetesInputs(bundle.kubernetes);
  const evaluation = evaluateManifests(located, {
    rules,
    options,
    exemptions,
    allowAnnotationExemptions: settings.allowAnnotationExemptions ?? true,
  });
  for (const [rule, tally] of evaluation.tallies) tallies.set(rule, { ...tally });
  for (const { key, manifest } of located) {
    const namespace = namespaceOf(manifest);
    resources.push({
      key,
      type: kindOf(manifest),
      name: nameOf(manifest) || '<unnamed>',
      ...(namespace ? { namespace } : {}),
      source: kindOf(manifest) === KUBELET_CONFIGURATION_KIND ? SOURCES.kubelet : SOURCES.kubernetes,
    });
  }
  for (const finding of evaluation.findings) findings.push(scoredFinding(finding));

  // Gaps: every rule reading what is missing cannot decide.
  const gaps = bundle.gaps.map((gap, index): ScoredGap => {
    const affected = rulesMissing(gap, pssVersion);
    if (affected.length === 0) return { gap, rules: [] };
    const key = `evidence-gap/${index}`;
    resources.push({ key, type: 'evidence not read', name: gap.what, source: SOURCES[gap.source] });
    for (const rule of affected) {
      const tally = tallies.get(rule.id) ?? emptyTally();
      tally.unknown++;
      tallies.set(rule.id, tally);
      findings.push({
        resourceKey: key,
        rule: rule.id,
        controls: controlsForRule(rule.id).map((control) => control.id),
        severity: rule.severity,
        status: 'unknown',
        path: '',
        message: `${gap.what} could not be read (${gap.error}), so ${rule.id} cannot be decided; ${gap.fix}`,
      });
    }
    return { gap, rules: affected.map((rule) => rule.id) };
  });

  return {
    subject: subjectOf(bundle),
    part: { resources, findings, tallies, defaultsPresent: new Set() },
    gaps,
  };
}

/** The rules (of the `all` profile at `pssVersion`, and the AWS rules) that read what `gap` leaves missing. */
export function rulesMissing(gap: EvidenceGap, pssVersion: PssVersion = PSS_LATEST): Rule[] {
  return [
    ...awsRules.filter((rule) => rule.resourceTypes.some((type) => gap.resourceTypes?.includes(type))),
    ...rulesForProfile('all', pssVersion).filter((rule) =>
      kindsReadBy(rule).some((kind) => gap.kinds?.includes(kind)),
    ),
  ];
}

/**
 * The Kubernetes objects the rules judge: every object read, except those a controller that was read owns
 * (a Deployment's ReplicaSets and Pods are judged once, on the Deployment), and each node's kubelet
 * configuration as a KubeletConfiguration named after the node.
 */
export function kubernetesInputs(evidence: KubernetesEvidence): LocatedManifest[] {
  const uids = new Set(
    evidence.objects.flatMap((object) => {
      const uid = asRecord(object.metadata)?.uid;
      return typeof uid === 'string' ? [uid] : [];
    }),
  );
  const ownedByRead = (object: Manifest) => {
    const owners = asRecord(object.metadata)?.ownerReferences;
    return (
      Array.isArray(owners) &&
      owners.some((owner) => asRecord(owner)?.controller === true && uids.has(String(asRecord(owner)?.uid)))
    );
  };
  const located: LocatedManifest[] = evidence.objects
    .filter((object) => !ownedByRead(object))
    .map((manifest) => ({ key: kubernetesKey(manifest), manifest }));
  for (const kubelet of evidence.kubelets) {
    located.push({
      key: `node/${kubelet.node}/configz`,
      manifest: {
        ...kubelet.kubeletconfig,
        apiVersion: KUBELET_CONFIGURATION_API_VERSION,
        kind: KUBELET_CONFIGURATION_KIND,
        metadata: { name: kubelet.node },
      },
    });
  }
  return located;
}

function kubernetesKey(manifest: Manifest): string {
  const apiVersion = typeof manifest.apiVersion === 'string' ? manifest.apiVersion : '';
  return `${apiVersion}/${kindOf(manifest)}/${namespaceOf(manifest) ?? ''}/${nameOf(manifest)}`;
}

function awsKey(resource: AwsResource): string {
  return `${resource.type}/${resource.name}`;
}

/** `EKS cluster prod (us-east-1), read 2025-07-01T10:00:00.000Z`. */
function subjectOf(bundle: AuditBundle): string {
  const { clusterName, region, context } = bundle.target;
  const what = clusterName
    ? `EKS cluster ${clusterName}${region ? ` (${region})` : ''}`
    : `Kubernetes context ${context ?? '<unknown>'}`;
  return `${what}, read ${bundle.collectedAt}`;
}
