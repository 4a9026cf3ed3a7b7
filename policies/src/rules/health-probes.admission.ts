import { present } from '../admission/cel';
import { containerValidation } from '../admission/pod';
import type { AdmissionForm } from '../admission/types';

/** The fields of a probe that say what it checks, as health-probes compares them. */
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** CEL: a gRPC check's service name, `''` (the server's overall health) when unset, as the API defaults it. */
const grpcService = (probe: string) => `(has(${probe}.grpc.service) ? ${probe}.grpc.service : '')`;

/** CEL: the handler `h` of probes `l` and `r` has equal values (a gRPC `service: ''` equals no service). */
function sameValue(h: (typeof HANDLERS)[number], l: string, r: string): string {
  if (h !== 'grpc') return `${l}.${h} == ${r}.${h}`;
  const port = (probe: string) => `(has(${probe}.grpc.port) ? ${probe}.grpc.port : 0)`;
  return `${port(l)} == ${port(r)} && ${grpcService(l)} == ${grpcService(r)}`;
}

/** CEL: probes `l` and `r` check the same thing (same handlers, equal values; timings aside). */
function sameHandler(l: string, r: string): string {
  const any = HANDLERS.map((h) => `has(${l}.${h})`).join(' || ');
  const equal = HANDLERS.map(
    (h) => `has(${l}.${h}) == has(${r}.${h}) && (!has(${l}.${h}) || ${sameValue(h, l, r)})`,
  );
  return `(${any}) && ${equal.map((term) => `(${term})`).join(' && ')}`;
}

/** {@link healthProbes} at admission: regular containers of long-running pods (identical tcpSocket probes pass). */
export const healthProbesAdmission: AdmissionForm = {
  rule: 'health-probes',
  pod: true,
  reads: ['spec', 'template'],
  validations: [
    containerValidation({
      lists: ['containers'],
      applies: `variables.hasPod && !(${present('variables.podSpec', 'restartPolicy')} && variables.podSpec.restartPolicy in ['Never', 'OnFailure'])`,
      ok: (c) =>
        `has(${c}.livenessProbe) && has(${c}.readinessProbe) && (has(${c}.livenessProbe.tcpSocket) || !(${sameHandler(`${c}.livenessProbe`, `${c}.readinessProbe`)}))`,
      problem: (c, at) =>
        `!has(${c}.livenessProbe) ? 'has no livenessProbe at ' + ${at} + '.livenessProbe, so it is not restarted when it hangs; add one that checks the process itself (e.g. httpGet /healthz)' : !has(${c}.readinessProbe) ? 'has no readinessProbe at ' + ${at} + '.readinessProbe, so it receives traffic before it is ready; add one that checks it can serve (e.g. httpGet /ready)' : 'checks the same thing in its livenessProbe as in its readinessProbe at ' + ${at} + '.livenessProbe, so a failing dependency restarts it instead of only taking it out of rotation; point liveness at a check of the process alone'`,
    }),
  ],
};
