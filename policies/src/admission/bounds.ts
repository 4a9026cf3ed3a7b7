/**
 * The sizes the admission policies are written for. Every list a policy loops over is checked against its
 * bound first: an object beyond it is rejected with a message that names the bound, never by a CEL cost
 * error, and every expression stays within the API server's per-expression cost limit for objects within the
 * bounds (`test/admission/cost.test.ts` estimates the worst case with Kubernetes' cost model).
 *
 * The bounds are far above real workloads (a pod with more than a few dozen containers, or a container with
 * hundreds of literal env entries, is not something anyone writes by hand) and far below what would exhaust
 * the budget.
 *
 * @see https://kubernetes.io/docs/reference/using-api/cel/#resource-constraints
 */
export const ADMISSION_BOUNDS = Object.freeze({
  /** Containers of one pod, init and ephemeral containers included. */
  containers: 64,
  /** `env` entries of one pod, all containers together. */
  envEntries: 512,
  /** Length of an env variable name. */
  envNameLength: 128,
  /** Keys of one ConfigMap's `data` (each at most 253 characters, which the API server enforces). */
  configMapKeys: 256,
  /**
   * Bytes of literal values (env values of a pod, or a ConfigMap's data) scanned for credential patterns. An
   * object with more is checked by variable and key names only at admission (`harden check` still scans
   * every value): a ConfigMap may hold 1 MiB, more than the cost limit lets a regular expression scan.
   */
  scannedBytes: 128 * 1024,
  /** Entries of a Role's or ClusterRole's `rules`. */
  policyRules: 128,
  /** Items of one rule's `verbs`, `apiGroups`, `resources`, `resourceNames` or `nonResourceURLs`. */
  ruleItems: 64,
  /** Subjects of one RoleBinding or ClusterRoleBinding. */
  subjects: 256,
  /** `spec.rules` and `spec.tls` entries of an Ingress, and hosts of one `spec.tls` entry. */
  ingressEntries: 64,
  /** Length of an image reference (distribution/reference allows 255 for the name, plus tag and digest). */
  imageLength: 512,
});

/** Kubernetes' cost limit for one CEL expression evaluation (k8s.io/apiserver/pkg/apis/cel `PerCallLimit`). */
export const PER_CALL_COST_LIMIT = 1_000_000;

/** Kubernetes' cost budget for one evaluation of a policy binding (`RuntimeCELCostBudget`). */
export const POLICY_COST_BUDGET = 10_000_000;

/** Kubernetes' cost budget for the match conditions of one binding (`RuntimeCELCostBudgetMatchConditions`). */
export const MATCH_CONDITIONS_COST_BUDGET = 2_500_000;
