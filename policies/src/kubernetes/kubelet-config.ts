import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { Manifest, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord, displayName } from './object';

/**
 * The kind the kubelet rules read: a `kubelet.config.k8s.io/v1beta1` KubeletConfiguration, as a node's config
 * file holds it (`/etc/kubernetes/kubelet/config.json` on the EKS AL2023 AMI) or as the API server's
 * `/api/v1/nodes/<node>/proxy/configz` returns the kubelet's running configuration (`harden audit` wraps that
 * answer as a KubeletConfiguration whose `metadata.name` is the node, so findings name the node).
 *
 * A field left out takes its v1beta1 default, the same in both sources: configz serialises the defaulted
 * configuration, leaving out only fields whose value is the zero value (`readOnlyPort: 0`,
 * `rotateCertificates: false`), which are also their defaults.
 *
 * @see https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
 * @see https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/
 */
export const KUBELET_CONFIGURATION_KIND = 'KubeletConfiguration';

/** The API version of {@link KUBELET_CONFIGURATION_KIND}. */
export const KUBELET_CONFIGURATION_API_VERSION = 'kubelet.config.k8s.io/v1beta1';

/**
 * Judges one kubelet setting: `problem` gets the value at the dotted `path` (undefined when the field is left
 * out) and returns what is wrong with it and the fix, or undefined when it is fine. The finding reads
 * `KubeletConfiguration/<node>: <path> <problem>`.
 */
export function kubeletSetting(
  manifest: Manifest,
  path: string,
  problem: (value: unknown) => string | undefined,
): RuleResult {
  const value = valueAt(manifest, path);
  const subject = displayName(manifest);
  if (isUnknown(value)) return unknownAt(path, `${subject}: ${path} is not known yet`);
  const wrong = problem(value);
  return wrong === undefined ? PASS : failIfAny([{ path, message: `${subject}: ${path} ${wrong}` }]);
}

/** `is true`, `is 'AlwaysAllow'`, `is not set`: how a finding describes a value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'is not set';
  return `is ${typeof value === 'string' ? `'${value}'` : JSON.stringify(value)}`;
}

/**
 * The length of a Go duration (`4h0m0s`, `90s`, `1.5h`, `0`) in seconds, as `metav1.Duration` writes and
 * `time.ParseDuration` reads it; undefined when `text` is not one.
 *
 * @see https://pkg.go.dev/time#ParseDuration
 */
export function goDurationSeconds(text: string): number | undefined {
  if (text === '0') return 0;
  const units: Readonly<Record<string, number>> = {
    ns: 1e-9,
    us: 1e-6,
    µs: 1e-6,
    μs: 1e-6,
    ms: 1e-3,
    s: 1,
    m: 60,
    h: 3600,
  };
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (const part of match[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * units[part[2]!]!;
  }
  return match[1] === '-' ? -total : total;
}

function valueAt(manifest: Manifest, path: string): unknown {
  let value: unknown = manifest;
  for (const segment of path.split('.')) {
    if (isUnknown(value)) return value;
    value = asRecord(value)?.[segment];
  }
  return value;
}
