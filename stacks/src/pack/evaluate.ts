import type {
  Finding,
  LocatedManifest,
  LocatedResource,
  Manifest,
  ManifestRule,
  ManifestSetRule,
  ResourceRule,
  ResourceSetRule,
  Rule,
} from '@eks-hardening/rules';
import {
  annotationExemptions,
  displayName,
  type Exemption,
  exemptionMatches,
  findingExemption,
  isLookalike,
  kindOf,
  nameOf,
  namespaceOf,
} from '@eks-hardening/rules';
import { coveringComponent, mappingFor, type RestatedFrom, restateFinding } from './components';
import type { EnforcementLevel, PolicySettings } from './config';
import { isKubernetesType, manifestFromResource } from './kubernetes-manifest';
import { trackUnknownReads } from './unknown-reads';
import { plainInputs } from './unknowns';

/** A resource as the Pulumi engine plans it: what `Analyze` receives, inputs as plain data. */
export interface PlannedResource {
  /** Pulumi type token, e.g. `aws:eks/cluster:Cluster` or `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** Pulumi resource name. */
  readonly name: string;
  readonly urn: string;
  /** Inputs; values not known yet are {@link UNKNOWN} (or a Pulumi unknown sentinel, which is mapped to it). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** URN of the parent resource, when known (it finds the component a child belongs to). */
  readonly parent?: string;
  /** URNs of the resources this one depends on, when known (rules over the whole plan read them). */
  readonly dependencies?: readonly string[];
  /** Set on a resource a mapped component would create: the component, and how its findings are reported. */
  readonly origin?: MappedOrigin;
}

/**
 * Where a resource the rules judge on a component's behalf comes from: the component (whose URN and name the
 * resource carries), the resource's role in it, and which component argument each of its fields comes from.
 */
export interface MappedOrigin extends RestatedFrom {
  readonly role: string;
  /** Roles of the component's other resources this one takes inputs from. */
  readonly dependsOn?: readonly string[];
}

/** What one rule concluded about one resource: a failure or an undecidable input, maybe exempted. */
export interface RuleOutcome {
  readonly rule: string;
  readonly urn: string;
  readonly status: 'fail' | 'unknown';
  readonly path: string;
  readonly message: string;
  /** Set when a declared exemption covers the finding; it is still reported (as advisory). */
  readonly exemption?: Pick<Exemption, 'reason' | 'source'>;
}

/**
 * The enforcement level an outcome is reported at: the policy's level for a failure; advisory for an input
 * that cannot be verified until apply (never a pass, never a blocking failure) and for an exempted finding.
 */
export function outcomeLevel(
  outcome: RuleOutcome,
  policyLevel: Exclude<EnforcementLevel, 'disabled'>,
): Exclude<EnforcementLevel, 'disabled'> {
  return outcome.status === 'unknown' || outcome.exemption ? 'advisory' : policyLevel;
}

/** The diagnostic message of an outcome: the finding, and the exemption when one covers it. */
export function outcomeMessage(outcome: RuleOutcome): string {
  return outcome.exemption
    ? `${outcome.message} [exempted by ${outcome.exemption.source}: ${outcome.exemption.reason}]`
    : outcome.message;
}

/** Runs an AWS rule on one resource; nothing when the rule does not read the resource's type. */
export function evaluateResourceRule(
  rule: ResourceRule,
  resource: PlannedResource,
  settings: PolicySettings,
): RuleOutcome[] {
  if (!rule.resourceTypes.includes(resource.type)) return [];
  const result = rule.validate(resource.inputs, settings.options, resource.name);
  if (result.status === 'pass' || result.status === 'not-applicable') return [];
  const status = result.status;
  return result.findings.map((finding) => resourceOutcome(rule, resource, status, finding, settings));
}

/** A finding on a cloud resource as an outcome: reported on its component when it has one, exemptions matched. */
function resourceOutcome(
  rule: Rule,
  resource: PlannedResource,
  status: 'fail' | 'unknown',
  raw: Finding,
  settings: PolicySettings,
): RuleOutcome {
  const finding = resource.origin ? restateFinding(resource.origin, resource.name, raw, status) : raw;
  const kind = resource.origin?.componentType ?? resource.type;
  const exemption = settings.exemptions.find((candidate) =>
    [resource.urn, resource.name].some((name) =>
      exemptionMatches(candidate, { rule: rule.id, kind, namespace: undefined, name, path: finding.path }),
    ),
  );
  return outcome(rule.id, resource.urn, status, finding, exemption);
}

/**
 * Runs a rule over the whole plan's cloud resources. Resources a component would create are keyed
 * `<component URN>#<role>`; a dependency on a component counts as one on each of them, and one on a child the
 * component's mapping covers counts as one on the component.
 */
export function evaluateResourceSetRule(
  rule: ResourceSetRule,
  resources: readonly PreparedResource[],
  settings: PolicySettings,
  covered: ReadonlyMap<string, string> = new Map(),
): RuleOutcome[] {
  const cloud = resources.filter((prepared) => !prepared.manifest).map((prepared) => prepared.resource);
  const keyOf = (resource: PlannedResource) =>
    resource.origin ? `${resource.urn}#${resource.origin.role}` : resource.urn;
  const keysOfUrn = new Map<string, string[]>();
  for (const resource of cloud)
    keysOfUrn.set(resource.urn, [...(keysOfUrn.get(resource.urn) ?? []), keyOf(resource)]);
  const byKey = new Map(cloud.map((resource) => [keyOf(resource), resource]));
  const located: LocatedResource[] = cloud.map((resource) => {
    const own = (resource.dependencies ?? []).flatMap(
      (urn) => keysOfUrn.get(covered.get(urn) ?? urn) ?? [urn],
    );
    const internal = (resource.origin?.dependsOn ?? []).map((role) => `${resource.urn}#${role}`);
    return {
      key: keyOf(resource),
      type: resource.type,
      name: resource.name,
      inputs: resource.inputs,
      dependencies: [...new Set([...own, ...internal])],
    };
  });
  const outcomes: RuleOutcome[] = [];
  for (const finding of rule.validate(located, settings.options)) {
    const resource = byKey.get(finding.key);
    if (!resource) continue;
    outcomes.push(resourceOutcome(rule, resource, finding.status ?? 'fail', finding, settings));
  }
  return outcomes;
}

/**
 * Runs a Kubernetes rule on the object a `kubernetes:*` resource stands for. When the inputs hold unknown
 * values, the rule reads them through {@link trackUnknownReads}: a pass that read an unknown value becomes
 * `unknown` at the first such field, so no rule passes on a value it could not see.
 */
export function evaluateManifestRule(
  rule: ManifestRule,
  resource: PlannedResource,
  manifest: Manifest,
  hasUnknown: boolean,
  settings: PolicySettings,
): RuleOutcome[] {
  if (!rule.kinds.includes(kindOf(manifest)) || isLookalike(manifest)) return [];
  const tracked = hasUnknown ? trackUnknownReads(manifest) : undefined;
  const result = rule.validate(tracked ? tracked.view : manifest, settings.options);
  let findings: readonly Finding[] = result.findings;
  let status = result.status;
  if ((status === 'pass' || status === 'not-applicable') && tracked && tracked.paths.length > 0) {
    const path = tracked.paths[0]!;
    status = 'unknown';
    findings = [
      { path, message: `${displayName(manifest)}: ${path} is not known yet: cannot be verified until apply` },
    ];
  }
  if (status === 'pass' || status === 'not-applicable') return [];
  const exemptions = exemptionsOf(manifest, settings);
  return findings.map((finding) =>
    outcome(
      rule.id,
      resource.urn,
      status as 'fail' | 'unknown',
      finding,
      matchManifest(exemptions, rule, resource, manifest, finding),
    ),
  );
}

/** Runs a whole-input Kubernetes rule over every Kubernetes object of a plan or stack. */
export function evaluateSetRule(
  rule: ManifestSetRule,
  objects: readonly { readonly resource: PlannedResource; readonly manifest: Manifest }[],
  settings: PolicySettings,
): RuleOutcome[] {
  const byUrn = new Map(objects.map((object) => [object.resource.urn, object]));
  const located: LocatedManifest[] = objects.map((object) => ({
    key: object.resource.urn,
    manifest: object.manifest,
  }));
  const outcomes: RuleOutcome[] = [];
  for (const finding of rule.validate(located, settings.options)) {
    const object = byUrn.get(finding.key);
    if (!object) continue;
    const exemption = matchManifest(
      exemptionsOf(object.manifest, settings),
      rule,
      object.resource,
      object.manifest,
      finding,
    );
    outcomes.push(outcome(rule.id, finding.key, 'fail', finding, exemption));
  }
  return outcomes;
}

/** A planned resource made ready for rules: unknowns mapped, and its Kubernetes object if it is one. */
export interface PreparedResource {
  readonly resource: PlannedResource;
  readonly hasUnknown: boolean;
  readonly manifest?: Manifest;
}

/** A plan made ready for rules, and the children left out because their component is judged instead. */
export interface PreparedPlan {
  readonly resources: readonly PreparedResource[];
  /** URN of each left-out child to the URN of the component that covers it. */
  readonly covered: ReadonlyMap<string, string>;
}

/**
 * Makes a plan ready for rules: each resource through {@link prepareResource}, each mapped component
 * (`eks:index:Cluster`, `awsx:ec2:Vpc`, …) replaced by the AWS resources it would create, and each child of a
 * mapped component whose type the mapping covers left out, so a control is judged once per component.
 */
export function preparePlan(resources: readonly PlannedResource[]): PreparedPlan {
  const parents = new Map(resources.map((resource) => [resource.urn, resource.parent]));
  const prepared: PreparedResource[] = [];
  const covered = new Map<string, string>();
  for (const resource of resources) {
    const covering = coveringComponent(resource.urn, resource.type);
    if (covering) {
      covered.set(resource.urn, ancestorOfType(resource.urn, covering.type, parents) ?? resource.urn);
      continue;
    }
    const mapping = mappingFor(resource.type);
    if (!mapping) {
      prepared.push(prepareResource(resource));
      continue;
    }
    const { inputs, hasUnknown } = plainInputs(resource.inputs);
    for (const mapped of mapping.map(inputs)) {
      const origin: MappedOrigin = {
        componentType: resource.type,
        role: mapped.role,
        describes: mapped.describes,
        arguments: mapped.arguments,
        ...(mapped.dependsOn ? { dependsOn: mapped.dependsOn } : {}),
      };
      prepared.push({
        resource: { ...resource, type: mapped.type, inputs: mapped.inputs, origin },
        hasUnknown,
      });
    }
  }
  return { resources: prepared, covered };
}

function ancestorOfType(
  urn: string,
  type: string,
  parents: ReadonlyMap<string, string | undefined>,
): string | undefined {
  for (let current = parents.get(urn); current; current = parents.get(current)) {
    if (current.split('::')[2]?.split('$').pop() === type) return current;
  }
  return undefined;
}

/** Maps unknown values to {@link UNKNOWN} and rebuilds the Kubernetes object of `kubernetes:*` resources. */
export function prepareResource(resource: PlannedResource): PreparedResource {
  const { inputs, hasUnknown } = plainInputs(resource.inputs);
  const ready = { ...resource, inputs };
  const manifest = isKubernetesType(resource.type)
    ? manifestFromResource(resource.type, inputs, resource.name)
    : undefined;
  return manifest ? { resource: ready, hasUnknown, manifest } : { resource: ready, hasUnknown };
}

/** Runs one rule over every prepared resource of a plan (per resource, or once over all objects for set rules). */
export function evaluateRule(
  rule: Rule,
  resources: readonly PreparedResource[],
  settings: PolicySettings,
  covered: ReadonlyMap<string, string> = new Map(),
): RuleOutcome[] {
  if (rule.target === 'aws')
    return resources.flatMap((prepared) => evaluateResourceRule(rule, prepared.resource, settings));
  if (rule.target === 'aws-set') return evaluateResourceSetRule(rule, resources, settings, covered);
  if (rule.target === 'kubernetes') {
    return resources.flatMap((prepared) =>
      prepared.manifest
        ? evaluateManifestRule(rule, prepared.resource, prepared.manifest, prepared.hasUnknown, settings)
        : [],
    );
  }
  const objects = resources.flatMap((prepared) =>
    prepared.manifest ? [{ resource: prepared.resource, manifest: prepared.manifest }] : [],
  );
  return evaluateSetRule(rule, objects, settings);
}

function exemptionsOf(manifest: Manifest, settings: PolicySettings): readonly Exemption[] {
  if (!settings.allowAnnotationExemptions) return settings.exemptions;
  return [...annotationExemptions(manifest).exemptions, ...settings.exemptions];
}

function matchManifest(
  exemptions: readonly Exemption[],
  rule: Rule,
  resource: PlannedResource,
  manifest: Manifest,
  finding: Finding,
): Exemption | undefined {
  const kind = kindOf(manifest);
  const namespace = namespaceOf(manifest);
  const objectName = nameOf(manifest);
  const names = [
    objectName,
    resource.urn,
    resource.name,
    ...(namespace ? [`${namespace}/${objectName}`] : []),
  ];
  const exemptionOf = (id: string) =>
    exemptions.find((candidate) =>
      names.some((name) =>
        exemptionMatches(candidate, { rule: id, kind, namespace, name, path: finding.path }),
      ),
    );
  return findingExemption(exemptionOf, rule.id, finding);
}

function outcome(
  rule: string,
  urn: string,
  status: 'fail' | 'unknown',
  finding: Finding,
  exemption: Exemption | undefined,
): RuleOutcome {
  return {
    rule,
    urn,
    status,
    path: finding.path,
    message: finding.message,
    ...(exemption ? { exemption: { reason: exemption.reason, source: exemption.source } } : {}),
  };
}
