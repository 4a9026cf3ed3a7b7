import type {
  ManifestRule,
  ManifestSetRule,
  ResourceRule,
  ResourceSetRule,
  Rule,
} from '@eks-hardening/rules';
import { allRules, controlsForRule } from '@eks-hardening/rules';
import type {
  Policies,
  PolicyPackArgs,
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import { COMPONENT_MAPPINGS } from './components';
import { configSchemaFor, defaultEnforcementLevel, policySettings } from './config';
import {
  evaluateManifestRule,
  evaluateResourceRule,
  evaluateRule,
  outcomeMessage,
  type PlannedResource,
  type PreparedResource,
  preparePlan,
  prepareResource,
  type RuleOutcome,
} from './evaluate';
import { isKubernetesType } from './kubernetes-manifest';
import { NO_STACK_CONTEXT, type StackContext } from './stack-config';

/** The policy pack's name, as `pulumi preview` prints it and `pulumi policy publish` registers it. */
export const PACK_NAME = 'eks-hardening';

/**
 * The object form of a violation. `@pulumi/policy` 1.21's `reportViolation` accepts it at runtime
 * (server.js `makeReportViolationFun`: `policyInfo.enforcementLevel || enforcementLevel`) though its type
 * declares only the string form; it is how one violation is reported below the policy's level.
 */
interface Violation {
  readonly message: string;
  readonly urn?: string;
  readonly enforcementLevel?: 'advisory';
}

function report(reportViolation: ReportViolation, outcome: RuleOutcome): void {
  // A failure takes the policy's level (its default or --policy-pack-config); an input unknown until apply
  // and an exempted finding are advisory: never a silent pass, never a blocking failure.
  const violation: Violation = {
    message: outcomeMessage(outcome),
    urn: outcome.urn,
    ...(outcome.status === 'unknown' || outcome.exemption ? { enforcementLevel: 'advisory' as const } : {}),
  };
  (reportViolation as unknown as (violation: Violation) => void)(violation);
}

/** Metadata every policy carries: name = rule id, default level from severity, catalog controls as tags. */
function metadata(rule: Rule) {
  const controls = controlsForRule(rule.id);
  const remediation = [...new Set(controls.map((control) => control.remediation))].join(' ');
  return {
    name: rule.id,
    displayName: rule.title,
    description: rule.description,
    severity: rule.severity,
    enforcementLevel: defaultEnforcementLevel(rule),
    configSchema: configSchemaFor(rule),
    ...(controls.length > 0 ? { tags: controls.map((control) => control.id) } : {}),
    ...(remediation ? { remediationSteps: remediation } : {}),
  };
}

/**
 * The resource types a cloud rule judges, and the component types whose mappings produce one of them (an
 * `eks:index:Cluster` is judged by the rules of `aws:eks/cluster:Cluster`).
 */
function typesJudgedBy(rule: ResourceRule | ResourceSetRule): ReadonlySet<string> {
  const components = [...COMPONENT_MAPPINGS.values()]
    .filter((mapping) => mapping.covers.some((type) => rule.resourceTypes.includes(type)))
    .map((mapping) => mapping.type);
  return new Set([...rule.resourceTypes, ...components]);
}

/**
 * An AWS rule as a resource policy over the inputs of the resource types it reads, and over the mapped
 * components that would create such resources. A child of a mapped component whose type the mapping covers is
 * skipped: its component was judged already.
 */
export function resourcePolicy(
  rule: ResourceRule,
  stack: StackContext = NO_STACK_CONTEXT,
): ResourceValidationPolicy {
  const types = typesJudgedBy(rule);
  const validate: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
    if (!types.has(args.type)) return;
    const settings = policySettings(rule, args.getConfig(), stack);
    const { resources } = preparePlan([
      { type: args.type, name: args.name, urn: args.urn, inputs: args.props },
    ]);
    for (const prepared of resources) {
      for (const outcome of evaluateResourceRule(rule, prepared.resource, settings))
        report(reportViolation, outcome);
    }
  };
  // @pulumi/policy skips a policy without deserializing the resource when its type differs.
  if (types.size === 1) validate.__pulumiType = [...types][0]!;
  return { ...metadata(rule), validateResource: validate };
}

/** A whole-plan AWS rule (such as vpc-flow-logs) as a stack policy over every resource of the stack. */
export function resourceSetPolicy(
  rule: ResourceSetRule,
  stack: StackContext = NO_STACK_CONTEXT,
): StackValidationPolicy {
  return {
    ...metadata(rule),
    validateStack: (args, reportViolation) => {
      const settings = policySettings(rule, args.getConfig(), stack);
      const plan = preparePlan(args.resources.map(planned));
      for (const outcome of evaluateRule(rule, plan.resources, settings, plan.covered)) {
        report(reportViolation, outcome);
      }
    },
  };
}

function planned(resource: PolicyResource): PlannedResource {
  return {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    inputs: resource.props,
    ...(resource.parent ? { parent: resource.parent.urn } : {}),
    dependencies: resource.dependencies.map((dependency) => dependency.urn),
  };
}

/**
 * Pulumi type tokens of the kinds that have exactly one (core/v1) type, so a rule reading only that kind can
 * let @pulumi/policy skip every other resource without deserializing it.
 */
const SINGLE_TYPE_KINDS: Readonly<Record<string, string>> = {
  Namespace: 'kubernetes:core/v1:Namespace',
  Service: 'kubernetes:core/v1:Service',
  ServiceAccount: 'kubernetes:core/v1:ServiceAccount',
  ConfigMap: 'kubernetes:core/v1:ConfigMap',
};

/** A Kubernetes rule as a resource policy over every `kubernetes:*` object the program registers. */
export function manifestPolicy(rule: ManifestRule): ResourceValidationPolicy {
  const validate: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
    if (!isKubernetesType(args.type)) return;
    const settings = policySettings(rule, args.getConfig());
    const prepared = prepareResource({ type: args.type, name: args.name, urn: args.urn, inputs: args.props });
    if (!prepared.manifest) return;
    for (const outcome of evaluateManifestRule(
      rule,
      prepared.resource,
      prepared.manifest,
      prepared.hasUnknown,
      settings,
    )) {
      report(reportViolation, outcome);
    }
  };
  const onlyType = rule.kinds.length === 1 ? SINGLE_TYPE_KINDS[rule.kinds[0]!] : undefined;
  if (onlyType) validate.__pulumiType = onlyType;
  return { ...metadata(rule), validateResource: validate };
}

/** A whole-input Kubernetes rule (such as namespace-default-deny) as a stack policy over every object of the stack. */
export function stackPolicy(rule: ManifestSetRule): StackValidationPolicy {
  return {
    ...metadata(rule),
    validateStack: (args, reportViolation) => {
      const settings = policySettings(rule, args.getConfig());
      const prepared: PreparedResource[] = args.resources
        .filter((resource) => isKubernetesType(resource.type))
        .map((resource) =>
          prepareResource({
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            inputs: resource.props,
          }),
        );
      for (const outcome of evaluateRule(rule, prepared, settings)) report(reportViolation, outcome);
    },
  };
}

/**
 * One policy per rule, in registry order. `stack` is the configuration of the stack being checked, which
 * settings such as the public endpoint's CIDRs are read from too.
 */
export function buildPolicies(
  rules: readonly Rule[] = allRules,
  stack: StackContext = NO_STACK_CONTEXT,
): Policies {
  return rules.map((rule) => {
    if (rule.target === 'aws') return resourcePolicy(rule, stack);
    if (rule.target === 'aws-set') return resourceSetPolicy(rule, stack);
    if (rule.target === 'kubernetes') return manifestPolicy(rule);
    return stackPolicy(rule);
  });
}

/** Everything `new PolicyPack(PACK_NAME, …)` takes. */
export function packArgs(
  rules: readonly Rule[] = allRules,
  stack: StackContext = NO_STACK_CONTEXT,
): PolicyPackArgs {
  return {
    policies: buildPolicies(rules, stack),
    description:
      'EKS and Kubernetes hardening: the AWS resources of any EKS stack and every Kubernetes object it deploys, checked by the rules of the eks-hardening blueprint.',
    displayName: 'EKS hardening',
    provider: 'aws',
    tags: ['eks', 'kubernetes', 'security'],
  };
}
