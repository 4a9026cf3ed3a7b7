import { failOrUnknown, NOT_APPLICABLE, unknownFinding } from '../engine/result';
import type { Finding, ManifestRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asArray, asRecord, displayName } from '../kubernetes/object';
import { containersOf } from '../kubernetes/pod-template';
import { overPods, readsPods, runsToCompletion, workloadOf } from '../kubernetes/workloads';

/** The fields of a probe that say what it checks (thresholds and timings aside). */
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** How two values compare: a value not known yet (Pulumi preview) cannot be told equal or not. */
type Comparison = 'same' | 'different' | 'unknown';

/**
 * Compares two parsed values: the same scalars, arrays in order, objects with the same keys in any order.
 * Any difference decides `different`, even beside a value not known yet; otherwise such a value makes it
 * `unknown`.
 */
function compare(a: unknown, b: unknown): Comparison {
  if (isUnknown(a) || isUnknown(b)) return 'unknown';
  if (a === b) return 'same';
  let result: Comparison = 'same';
  const step = (next: Comparison) => {
    if (next !== 'same') result = next;
    return next !== 'different';
  };
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return 'different';
    return a.every((item, index) => step(compare(item, b[index]))) ? result : 'different';
  }
  const left = asRecord(a);
  const right = asRecord(b);
  if (!left || !right) return 'different';
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return 'different';
  return keys.every((key) => Object.hasOwn(right, key) && step(compare(left[key], right[key])))
    ? result
    : 'different';
}

/** A probe's `handler`, with a gRPC check's `service: ''` (the server's overall health, the default) left out. */
function handlerValue(probe: Readonly<Record<string, unknown>>, handler: (typeof HANDLERS)[number]): unknown {
  const value = probe[handler];
  const grpc = handler === 'grpc' ? asRecord(value) : undefined;
  if (!grpc || (grpc.service !== '' && grpc.service !== null)) return value;
  const { service: _default, ...rest } = grpc;
  return rest;
}

/**
 * Whether two probes run the same handler (what they run or call: `exec`, `httpGet`, `tcpSocket`, `grpc`;
 * thresholds and timings aside). Probes without a handler check nothing to compare: `different`.
 */
function compareHandlers(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): Comparison {
  let result: Comparison | undefined;
  for (const handler of HANDLERS) {
    const inA = a[handler] !== undefined && a[handler] !== null;
    const inB = b[handler] !== undefined && b[handler] !== null;
    if (inA !== inB) return 'different';
    if (!inA) continue;
    const compared = compare(handlerValue(a, handler), handlerValue(b, handler));
    if (compared === 'different') return 'different';
    if (result !== 'unknown') result = compared;
  }
  return result ?? 'different';
}

/** The probe to suggest for a container, by what it already probes or declares: the hint of a finding. */
function suggestion(
  container: Readonly<Record<string, unknown>>,
  other: Readonly<Record<string, unknown>> | undefined,
  field: 'liveness' | 'readiness',
): string {
  const ports = asArray(container.ports).map((port) => asRecord(port) ?? {});
  const grpcPort = ports.find((port) => typeof port.name === 'string' && port.name.includes('grpc'));
  if (other?.grpc !== undefined || grpcPort) {
    const port = asRecord(other?.grpc)?.port ?? grpcPort?.containerPort ?? '<port>';
    return field === 'liveness'
      ? `e.g. tcpSocket on port ${String(port)}, which checks the process accepts connections, beside the gRPC readiness check`
      : `e.g. grpc: { port: ${String(port)} }, which asks the server's overall health with the empty service name`;
  }
  if (ports.length === 0)
    return 'e.g. exec: a command that checks the process, since the container declares no port';
  return field === 'liveness' ? 'e.g. httpGet /healthz' : 'e.g. httpGet /ready';
}

/**
 * Every regular container of a long-running workload has a liveness and a readiness probe, and the two do not
 * check the same thing: a liveness probe that fails with the readiness check (a slow dependency) restarts
 * containers that only needed to leave the load balancer. Probes are compared by handler (`exec`, `httpGet`,
 * `tcpSocket`, `grpc`), not by timings; identical `tcpSocket` probes are not flagged, since a TCP connect
 * checks the process alone and cannot restart a pod on a failing dependency. Jobs, CronJobs, batch CRDs
 * (KEDA ScaledJob, Argo workflows) and Pods with `restartPolicy` Never or OnFailure run to completion and are
 * not applicable; init and ephemeral containers are not checked. A probe not known yet (Pulumi preview), or
 * probes that differ only where a value is not known yet, are `unknown`, never a finding.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export const healthProbes: ManifestRule = {
  id: 'health-probes',
  target: 'kubernetes',
  title: 'Long-running containers have distinct liveness and readiness probes',
  description:
    'Every container of a long-running workload defines a liveness and a readiness probe that check different things, so it is restarted when stuck and taken out of rotation when not ready.',
  severity: 'low',
  ...readsPods('long-running'),
  validate(manifest, options): RuleResult {
    const workload = workloadOf(manifest, options.workloads);
    if (!workload || runsToCompletion(manifest, workload)) return NOT_APPLICABLE;
    return overPods(manifest, options, (pod) => {
      const restartPolicy = pod.spec.restartPolicy;
      if (restartPolicy === 'Never' || restartPolicy === 'OnFailure') return NOT_APPLICABLE;
      const subject = displayName(manifest);
      const findings: Finding[] = [];
      const unknowns: Finding[] = [];
      let containers = 0;
      for (const { container, name: rawName, path } of containersOf(pod, ['containers'])) {
        containers++;
        const name = rawName || '<unnamed>';
        const notKnown = (at: string) =>
          unknowns.push(
            unknownFinding(
              at,
              `${subject}: container '${name}' ${at.slice(path.length + 1)} at ${at} is not known yet`,
            ),
          );
        const liveness = asRecord(container.livenessProbe);
        const readiness = asRecord(container.readinessProbe);
        if (isUnknown(container.livenessProbe) || isUnknown(container.readinessProbe)) {
          notKnown(`${path}.${isUnknown(container.livenessProbe) ? 'livenessProbe' : 'readinessProbe'}`);
          continue;
        }
        if (!liveness) {
          findings.push({
            path: `${path}.livenessProbe`,
            message: `${subject}: container '${name}' has no livenessProbe at ${path}.livenessProbe, so it is not restarted when it hangs; add one that checks the process itself (${suggestion(container, readiness, 'liveness')})`,
          });
        }
        if (!readiness) {
          findings.push({
            path: `${path}.readinessProbe`,
            message: `${subject}: container '${name}' has no readinessProbe at ${path}.readinessProbe, so it receives traffic before it is ready; add one that checks it can serve (${suggestion(container, liveness, 'readiness')})`,
          });
        }
        if (liveness && readiness) {
          // A TCP connect only shows the process accepts connections; it never follows a dependency, so the
          // same tcpSocket check for both restarts nothing that readiness alone would have kept.
          const tcpOnly = liveness.tcpSocket !== undefined && liveness.tcpSocket !== null;
          const compared = tcpOnly ? 'different' : compareHandlers(liveness, readiness);
          if (compared === 'unknown') notKnown(`${path}.livenessProbe`);
          if (compared === 'same') {
            findings.push({
              path: `${path}.livenessProbe`,
              message: `${subject}: container '${name}' checks the same thing in its livenessProbe as in its readinessProbe at ${path}.livenessProbe, so a failing dependency restarts it instead of only taking it out of rotation; ${
                liveness.grpc !== undefined
                  ? 'a gRPC health server answers only the empty service name unless the app registers more, so point liveness at the process alone (tcpSocket on the gRPC port), or exempt the rule with the reason if both must stay the same'
                  : 'point liveness at a check of the process alone'
              }`,
            });
          }
        }
      }
      return containers === 0 ? NOT_APPLICABLE : failOrUnknown(findings, unknowns);
    });
  },
};
