import type { PssLevel } from '../catalog/types';
import { atLeast, PSS_LATEST } from '../engine/pss-version';
import { NOT_APPLICABLE, PASS, unknownFinding } from '../engine/result';
import { type Severity, severityRank } from '../engine/severity';
import type { Finding, Manifest, ManifestRule, PssVersion, RuleOptions, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { displayName, valueAt } from './object';
import type { PodSpecRef } from './pod-template';
import { overPods, readsPods } from './workloads';

/** One upstream Pod Security Admission check, as its `check_*.go` file registers it. */
export interface PssCheck {
  /** Our rule id (`policies/rules/<rule>.ts`). */
  readonly rule: string;
  /** PSA's check ID. */
  readonly psaCheck: string;
  readonly level: PssLevel;
  /** Minor of each `VersionedCheck.MinimumVersion`, strictly increasing: `[0, 19]` is v1.0 and v1.19. */
  readonly versions: readonly number[];
  /** Rule ids of the baseline checks this restricted check replaces (`OverrideCheckIDs`) while in force. */
  readonly overrides?: readonly string[];
}

/**
 * Every check PSA registers by default, with the versions of its implementations (kubernetes v1.37 policy
 * package; v1.36 changed no check). A policy version uses, per check, the newest implementation whose minimum version is at most
 * that version; a check with none is not evaluated.
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/staging/src/k8s.io/pod-security-admission/policy
 */
export const PSS_CHECKS: readonly PssCheck[] = [
  { rule: 'pss-host-process', psaCheck: 'windowsHostProcess', level: 'baseline', versions: [0] },
  { rule: 'pss-host-namespaces', psaCheck: 'hostNamespaces', level: 'baseline', versions: [0] },
  { rule: 'pss-privileged', psaCheck: 'privileged', level: 'baseline', versions: [0] },
  { rule: 'pss-capabilities-baseline', psaCheck: 'capabilities_baseline', level: 'baseline', versions: [0] },
  { rule: 'pss-host-path-volumes', psaCheck: 'hostPathVolumes', level: 'baseline', versions: [0] },
  { rule: 'pss-host-ports', psaCheck: 'hostPorts', level: 'baseline', versions: [0] },
  {
    rule: 'pss-host-probes-lifecycle',
    psaCheck: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [34],
  },
  { rule: 'pss-apparmor', psaCheck: 'appArmorProfile', level: 'baseline', versions: [0] },
  { rule: 'pss-selinux', psaCheck: 'seLinuxOptions', level: 'baseline', versions: [0, 31] },
  { rule: 'pss-proc-mount', psaCheck: 'procMount', level: 'baseline', versions: [0, 35] },
  { rule: 'pss-seccomp-baseline', psaCheck: 'seccompProfile_baseline', level: 'baseline', versions: [0, 19] },
  { rule: 'pss-sysctls', psaCheck: 'sysctls', level: 'baseline', versions: [0, 27, 29, 32, 37] },
  {
    rule: 'pss-restricted-volumes',
    psaCheck: 'restrictedVolumes',
    level: 'restricted',
    versions: [0],
    overrides: ['pss-host-path-volumes'],
  },
  {
    rule: 'pss-allow-privilege-escalation',
    psaCheck: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [8, 25],
  },
  { rule: 'pss-run-as-non-root', psaCheck: 'runAsNonRoot', level: 'restricted', versions: [0, 35] },
  { rule: 'pss-run-as-user', psaCheck: 'runAsUser', level: 'restricted', versions: [23, 35] },
  {
    rule: 'pss-seccomp-restricted',
    psaCheck: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [19, 25],
    overrides: ['pss-seccomp-baseline'],
  },
  {
    rule: 'pss-capabilities-restricted',
    psaCheck: 'capabilities_restricted',
    level: 'restricted',
    versions: [22, 25],
    overrides: ['pss-capabilities-baseline'],
  },
  {
    rule: 'pss-proc-mount-restricted',
    psaCheck: 'procMount_restricted',
    level: 'restricted',
    versions: [35],
    overrides: ['pss-proc-mount'],
  },
];

/**
 * The minor of the implementation of `rule` in force at `version` (`25` for allowPrivilegeEscalation at
 * v1.30), or undefined when the check does not exist yet at that version.
 */
export function pssImplementation(rule: string, version: PssVersion): number | undefined {
  const check = PSS_CHECKS.find((candidate) => candidate.rule === rule);
  return check?.versions.filter((minor) => atLeast(version, minor)).at(-1);
}

/**
 * The rule ids PSA evaluates at `level` and `version`: the baseline checks in force, and for restricted also
 * the restricted ones, less the baseline checks a restricted check in force overrides (restrictedVolumes
 * replaces hostPathVolumes; seccompProfile_restricted, capabilities_restricted and, from v1.35,
 * procMount_restricted replace their baseline counterparts).
 */
export function pssRuleIds(level: PssLevel, version: PssVersion): readonly string[] {
  const inForce = PSS_CHECKS.filter(
    (check) =>
      pssImplementation(check.rule, version) !== undefined &&
      (level === 'restricted' || check.level === 'baseline'),
  );
  const overridden = new Set(inForce.flatMap((check) => check.overrides ?? []));
  return inForce.filter((check) => !overridden.has(check.rule)).map((check) => check.rule);
}

/** What a PSS check reads and reports through. */
export interface PssCheckContext {
  readonly pod: PodSpecRef;
  /** `Kind/name` of the object. */
  readonly subject: string;
  /** Minor of the PSA implementation in force (see {@link pssImplementation}). */
  readonly since: number;
  /** Reports `<subject>: <what> at <path>; <fix>`. */
  fail(path: string, what: string, fix: string): void;
  /** Reports that the value at `path` is not known yet, so the check cannot decide. */
  unknown(path: string): void;
  /**
   * For checks PSA skips for some pods: true when `flag` is true (the caller returns). A flag not known yet
   * turns any finding into `unknown` at `path`, since the finding would vanish if it resolved to true.
   */
  exemptWhen(flag: boolean | 'unknown', path: string): boolean;
}

/** What a `pss-*` rule file declares; the harness adds kinds, version selection and the result. */
export interface PssRuleDefinition {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  /**
   * For a restricted check that replaces baseline ones ({@link PssCheck.overrides}): those baseline rules.
   * A finding of this rule at a field where a replaced rule also fails is that rule's violation too: it
   * carries the more severe of the two severities and names the replaced rule (`alsoViolates`), so the
   * restricted profile never reports a baseline violation at a lower severity than the baseline profile.
   */
  readonly replaces?: readonly ManifestRule[];
  check(context: PssCheckContext): void;
}

/**
 * A {@link ManifestRule} for one PSA check over every pod-bearing kind. It is not-applicable when the check
 * does not exist at `options.pssVersion` or the object carries no pod spec.
 */
export function pssRule(definition: PssRuleDefinition): ManifestRule {
  if (!PSS_CHECKS.some((check) => check.rule === definition.id)) {
    throw new Error(`${definition.id}: not a Pod Security Standards check; add it to PSS_CHECKS first`);
  }
  const declared = PSS_CHECKS.find((candidate) => candidate.rule === definition.id)?.overrides ?? [];
  const replaces = definition.replaces ?? [];
  if (declared.join() !== replaces.map((replaced) => replaced.id).join()) {
    throw new Error(
      `${definition.id}: 'replaces' must list the rules PSS_CHECKS says it overrides (${declared.join(', ') || 'none'})`,
    );
  }
  const { check, replaces: _replaces, ...rule } = definition;
  const context = new PssRun();
  // The implementation in force, for the version last asked (one per run).
  let lastVersion: PssVersion | undefined;
  let lastSince: number | undefined;
  return {
    ...rule,
    target: 'kubernetes',
    ...readsPods(),
    validate(manifest: Manifest, options: RuleOptions): RuleResult {
      const version = options?.pssVersion ?? PSS_LATEST;
      if (version !== lastVersion) {
        lastSince = pssImplementation(definition.id, version);
        lastVersion = version;
      }
      const since = lastSince;
      if (since === undefined) return NOT_APPLICABLE;
      const result = overPods(manifest, options, (pod) => context.run(check, pod, manifest, since));
      if (result.status !== 'fail' || replaces.length === 0) return result;
      return markReplacedViolations(result, definition.severity, replaces, manifest, options);
    },
  };
}

/**
 * Marks each finding of a failing restricted check that is also a finding of a baseline check it replaces
 * (same field path, under the same options, so a version or `hostUsers` relaxation of the baseline check
 * counts): it takes the most severe severity and lists the baseline rule in `alsoViolates`.
 */
function markReplacedViolations(
  result: RuleResult,
  severity: Severity,
  replaces: readonly ManifestRule[],
  manifest: Manifest,
  options: RuleOptions,
): RuleResult {
  const baselinePaths = replaces.map((replaced) => {
    const baseline = replaced.validate(manifest, options);
    return {
      rule: replaced,
      paths: new Set(baseline.status === 'fail' ? baseline.findings.map((finding) => finding.path) : []),
    };
  });
  if (baselinePaths.every((entry) => entry.paths.size === 0)) return result;
  return {
    status: result.status,
    findings: result.findings.map((finding) => {
      const matched = baselinePaths
        .filter((entry) => entry.paths.has(finding.path))
        .map((entry) => entry.rule);
      if (matched.length === 0) return finding;
      const worst = matched
        .map((replaced) => replaced.severity)
        .reduce((a, b) => (severityRank(b) < severityRank(a) ? b : a), severity);
      return {
        ...finding,
        ...(worst !== severity ? { severity: worst } : {}),
        alsoViolates: matched.map((replaced) => replaced.id),
      };
    }),
  };
}

/**
 * The context a PSS check reports through, and its result. Checks take its functions apart
 * (`check({ pod, fail })`), so they are bound once; each rule has one, reset for every pod it checks (checks
 * run one at a time and keep nothing), so checking a pod allocates only what it reports.
 */
class PssRun implements PssCheckContext {
  pod!: PodSpecRef;
  since = 0;
  private manifest!: Manifest;
  private failures: Finding[] | undefined;
  private unknowns: Map<string, Finding> | undefined;
  private conditional: string | undefined;
  private name: string | undefined;

  /** Runs `check` on one pod of `manifest`. */
  run(check: PssRuleDefinition['check'], pod: PodSpecRef, manifest: Manifest, since: number): RuleResult {
    this.reset(pod, manifest, since);
    check(this);
    if (this.failures !== undefined) {
      if (this.conditional === undefined) return { status: 'fail', findings: this.failures };
      this.unknown(this.conditional);
    }
    return this.unknowns !== undefined ? { status: 'unknown', findings: [...this.unknowns.values()] } : PASS;
  }

  private reset(pod: PodSpecRef, manifest: Manifest, since: number): void {
    this.pod = pod;
    this.manifest = manifest;
    this.since = since;
    this.failures = undefined;
    this.unknowns = undefined;
    this.conditional = undefined;
    this.name = undefined;
  }

  /** `Kind/name`, written only when a finding needs it. */
  get subject(): string {
    this.name ??= displayName(this.manifest);
    return this.name;
  }

  readonly fail = (path: string, what: string, fix: string): void => {
    this.failures ??= [];
    this.failures.push({ path, message: `${this.subject}: ${what} at ${path}; ${fix}` });
  };

  readonly unknown = (path: string): void => {
    this.unknowns ??= new Map();
    if (!this.unknowns.has(path)) {
      this.unknowns.set(path, unknownFinding(path, `${this.subject}: ${path} is not known yet`));
    }
  };

  readonly exemptWhen = (flag: boolean | 'unknown', path: string): boolean => {
    if (flag === 'unknown') this.conditional ??= path;
    return flag === true;
  };
}

/** `spec.hostUsers: false` (a user-namespaced pod), which relaxes some checks from v1.35. */
export function isUserNamespacedPod(pod: PodSpecRef): boolean | 'unknown' {
  const hostUsers = valueAt(pod.spec, 'hostUsers');
  return isUnknown(hostUsers) ? 'unknown' : hostUsers === false;
}

/** A string from the input as findings show it: as is, or `''` when empty. */
export function shown(value: string): string {
  return value === '' ? "''" : value;
}
