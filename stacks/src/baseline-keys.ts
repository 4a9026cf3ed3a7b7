/**
 * The keys the baseline program (blueprints/baseline) reads, as `pulumi config set <key>` takes them. In a file
 * of their own so the cluster configuration can point a misplaced baseline key to its stack without importing
 * the baseline's loader (which imports the cluster configuration).
 */
export const BASELINE_CONFIG_KEYS = [
  'clusterStack',
  'enforceRegistryAllowlist',
  'allowedRegistries',
  'falco',
  'falcoChartVersion',
] as const;
