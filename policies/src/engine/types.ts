import type { WorkloadKind } from '../kubernetes/workloads';
import type { Severity } from './severity';

/** A Kubernetes object as read from YAML/JSON or planned by a program: plain data, nothing resolved. */
export interface Manifest {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: unknown;
  readonly [field: string]: unknown;
}

/** What a rule concluded about one object. `unknown` means an input was not known yet (preview). */
export type Status = 'pass' | 'fail' | 'not-applicable' | 'unknown';

/** One offending field, with a message that names the fix. */
export interface Finding {
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  /** `Deployment/api: container 'app' sets privileged: true at …; remove it or set it to false`. */
  readonly message: string;
  /**
   * Set when the finding is more severe than its rule: a restricted check's finding that also violates the
   * baseline check it replaces carries that check's severity, so a stricter profile never reports a
   * violation at a lower severity. @default the rule's severity
   */
  readonly severity?: Severity;
  /** Ids of the rules (the baseline checks a restricted check replaces) this finding also violates. */
  readonly alsoViolates?: readonly string[];
}

/** The outcome of one rule on one object. Findings are present for `fail` and `unknown`. */
export interface RuleResult {
  readonly status: Status;
  readonly findings: readonly Finding[];
}

/** Pod Security Standards version a policy is evaluated at: `latest` or `v1.N` (normalised, see pss-version.ts). */
export interface PssVersion {
  readonly major: 1;
  readonly minor: number;
  /** True for `latest` (and for versions newer than the newest we know, as PSA does). */
  readonly latest: boolean;
  /** The `v1.N` asked for when it is newer than the newest we know (then evaluated as latest, with a warning). */
  readonly requested?: string;
}

/** Settings a rule may read. Every field has a safe default in {@link defaultRuleOptions}. */
export interface RuleOptions {
  /** Pod Security Standards version for `pss-*` rules. */
  readonly pssVersion: PssVersion;
  /** Registries images may come from (prefix match on the image's registry/repository); empty allows any. */
  readonly allowedRegistries: readonly string[];
  /** CIDRs the EKS public endpoint may be opened to; `0.0.0.0/0` and `::/0` are never allowed. */
  readonly allowedPublicCidrs: readonly string[];
  /** When true, an image must be pinned by digest; when false, any explicit tag other than `latest` passes. */
  readonly requireImageDigest: boolean;
  /**
   * When false, a container may leave out its CPU limit (its CPU request is still required): a CPU limit
   * throttles a container even on an idle node, and many platform teams set CPU requests only. Memory
   * limits stay required either way. On by default, as the NSA/CISA guidance limits both.
   */
  readonly requireCpuLimits: boolean;
  /**
   * Kinds beyond the built-in ones and the known workload CRDs whose objects carry a pod spec (the config
   * file's `workloads`); every rule that reads pods reads theirs.
   */
  readonly workloads: readonly WorkloadKind[];
}

/** Fields every rule has. */
interface RuleBase {
  /** Kebab-case id, equal to the rule's file name in `policies/rules/`. */
  readonly id: string;
  readonly title: string;
  /** One sentence: what the rule checks and why. */
  readonly description: string;
  readonly severity: Severity;
}

/** A rule over one Kubernetes object. */
export interface ManifestRule extends RuleBase {
  readonly target: 'kubernetes';
  /** Object kinds the rule reads; any other kind is not-applicable without calling `validate`. */
  readonly kinds: readonly string[];
  /**
   * Set by rules that read pod specs (see `readsPods` in kubernetes/workloads.ts): the engine also gives them
   * the objects of workload CRDs, configured workload kinds and pod-template-shaped objects; `long-running`
   * leaves out those whose pods run to completion.
   */
  readonly pods?: 'any' | 'long-running';
  validate(manifest: Manifest, options: RuleOptions): RuleResult;
}

/** One object of a whole input, with where it came from, for rules that look across objects. */
export interface LocatedManifest {
  readonly manifest: Manifest;
  /** Stable key of the object in the input (e.g. `file#index` or a Pulumi URN). */
  readonly key: string;
}

/** A finding a whole-input rule attaches to one object. */
export interface SetFinding extends Finding {
  /** Key ({@link LocatedManifest.key} or {@link LocatedResource.key}) of the object the finding is reported on. */
  readonly key: string;
  /** `unknown` when an input the rule needed was not known yet (preview). @default 'fail' */
  readonly status?: 'fail' | 'unknown';
}

/** A rule over a whole input (every object of a check run or every resource of a stack). */
export interface ManifestSetRule extends RuleBase {
  readonly target: 'kubernetes-set';
  /**
   * The kinds it reads: it is given only objects of these kinds, and an object of another kind counts as
   * unchecked when no other rule reads it. @default every kind
   */
  readonly kinds?: readonly string[];
  /**
   * What the rule reads of one object, kept in place of the object until the whole input is read (a large
   * input is checked without holding every object). It must give the same findings as the whole object.
   * Undefined for an object the rule does not read: it is not kept, and counts as not applicable.
   * @default the whole object
   */
  retain?(manifest: Manifest, options: RuleOptions): Manifest | undefined;
  validate(manifests: readonly LocatedManifest[], options: RuleOptions): readonly SetFinding[];
}

/** A rule over the inputs of one cloud resource (a Pulumi resource type token such as `aws:eks/cluster:Cluster`). */
export interface ResourceRule extends RuleBase {
  readonly target: 'aws';
  /** Pulumi type tokens the rule reads. */
  readonly resourceTypes: readonly string[];
  validate(inputs: Readonly<Record<string, unknown>>, options: RuleOptions, name: string): RuleResult;
}

/** One cloud resource of a whole plan or stack, for rules that look across resources. */
export interface LocatedResource {
  /** Stable key of the resource (its Pulumi URN). */
  readonly key: string;
  /** Pulumi type token, e.g. `aws:ec2/vpc:Vpc`. */
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Keys of the resources this one depends on (explicit `dependsOn` and inputs taken from them). */
  readonly dependencies: readonly string[];
}

/**
 * A rule over every cloud resource of a plan or stack, for controls no single resource shows (a VPC whose
 * flow log is another resource). It judges the resources of `resourceTypes` and reads the others as context.
 */
export interface ResourceSetRule extends RuleBase {
  readonly target: 'aws-set';
  /** Pulumi type tokens of the resources the rule judges (each passes unless a finding names it). */
  readonly resourceTypes: readonly string[];
  /** Pulumi type tokens of the resources it reads to judge them (a VPC's flow logs). */
  readonly contextTypes: readonly string[];
  validate(resources: readonly LocatedResource[], options: RuleOptions): readonly SetFinding[];
}

/** Any rule. */
export type Rule = ManifestRule | ManifestSetRule | ResourceRule | ResourceSetRule;

/** A rule over cloud resources: one at a time, or the whole plan. */
export type CloudRule = ResourceRule | ResourceSetRule;

/** True for rules over cloud resources ({@link CloudRule}), false for Kubernetes rules. */
export function isCloudRule(rule: Rule): rule is CloudRule {
  return rule.target === 'aws' || rule.target === 'aws-set';
}
