import type { Container, Probe as KubeProbe } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import type { RuleExemption } from './exemptions';
import type { ResolvedPort } from './ports';
import type { Probe } from './probe';
import { invalidProp } from './prop-error';

/** The probe a prop should start from, by what the container declares (a hint for error messages). */
function suggestedProbe(ports: readonly ResolvedPort[], prop: 'liveness' | 'readiness'): string {
  const grpc = ports.find((port) => /grpc/.test(port.name));
  if (grpc) return `Probe.grpc({ port: '${grpc.name}' })`;
  if (ports.length === 0) {
    return "Probe.exec(['/bin/healthcheck']) (the container declares no port), or Probe.none({ reason }) for a worker with nothing to check";
  }
  return `Probe.http('/${prop === 'liveness' ? 'healthz' : 'ready'}') (or Probe.tcp(), Probe.grpc(), Probe.exec([...]))`;
}

/** Why two probes of a type cannot differ, and what to do: the fix of the identical-probes error. */
const IDENTICAL_FIX: Readonly<Record<string, string>> = {
  http: "Give readiness its own endpoint (e.g. Probe.http('/ready')) and keep liveness on the process alone (e.g. Probe.http('/healthz')).",
  grpc: "A gRPC health server answers the empty service name (the server's overall health) and the service names the app registers: give readiness a service name the app registers, or, with the standard health server, keep both on the empty name and exempt rule 'health-probes' with the reason (exemptions: [{ rule: 'health-probes', reason }]).",
  tcp: "A TCP probe only checks that the port accepts connections: make readiness check that the app can serve (Probe.http, Probe.grpc), or exempt rule 'health-probes' with the reason (exemptions: [{ rule: 'health-probes', reason }]).",
  exec: "Give readiness its own command, or exempt rule 'health-probes' with the reason (exemptions: [{ rule: 'health-probes', reason }]).",
};

/**
 * The liveness, readiness and startup probes of one container, checked: required ones present (with a hint
 * that fits the container's ports), liveness and readiness distinct unless rule `health-probes` is exempted,
 * `Probe.none` recorded in `exemptions`.
 */
export function renderProbes(
  scope: IConstruct,
  prefix: string,
  props: { readonly liveness?: Probe; readonly readiness?: Probe; readonly startup?: Probe },
  ports: readonly ResolvedPort[],
  options: { readonly required: boolean; readonly exemptedRules: ReadonlySet<string> },
  exemptions: RuleExemption[],
): Pick<Container, 'livenessProbe' | 'readinessProbe' | 'startupProbe'> {
  const at = (prop: string) => (prefix === '' ? prop : `${prefix}.${prop}`);
  if (options.required) {
    for (const prop of ['liveness', 'readiness'] as const) {
      if (props[prop] === undefined) {
        throw invalidProp(
          scope,
          at(prop),
          undefined,
          'is required for a long-running workload',
          `Set ${prop}: ${suggestedProbe(ports, prop)}.`,
        );
      }
    }
  }
  const rendered: Partial<Record<'liveness' | 'readiness' | 'startup', KubeProbe>> = {};
  for (const prop of ['liveness', 'readiness', 'startup'] as const) {
    const probe = props[prop];
    if (probe === undefined) continue;
    const reason = probe._noneReason(scope, at(prop));
    if (reason !== undefined) {
      if (prop === 'startup') {
        throw invalidProp(
          scope,
          at(prop),
          'Probe.none()',
          'is for liveness and readiness',
          'Leave startup unset instead.',
        );
      }
      exemptions.push({ rule: 'health-probes', reason: `${prop}: ${reason}` });
      continue;
    }
    rendered[prop] = probe._render(scope, at(prop), ports);
  }
  const { liveness, readiness, startup } = rendered;
  if (
    liveness &&
    readiness &&
    handlerOf(liveness) === handlerOf(readiness) &&
    !options.exemptedRules.has('health-probes')
  ) {
    throw invalidProp(
      scope,
      at('readiness'),
      'the same check as liveness',
      'must check something else than liveness (timings aside): a liveness probe failing with readiness restarts pods that only needed to leave rotation',
      IDENTICAL_FIX[props.readiness?.type ?? 'http'] ?? IDENTICAL_FIX.http!,
    );
  }
  return {
    ...(liveness ? { livenessProbe: liveness } : {}),
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(startup ? { startupProbe: startup } : {}),
  };
}

/** What a probe checks (its handler), timings aside, as comparable text. */
function handlerOf(probe: KubeProbe): string {
  const { exec, httpGet, tcpSocket, grpc } = probe;
  return JSON.stringify({ exec, httpGet, tcpSocket, grpc });
}
