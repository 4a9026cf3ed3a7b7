import { IntOrString, type Probe as KubeProbe } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
import { checkReason, type Justification } from './exemptions';
import { findPort, type PortRef, type ResolvedPort } from './ports';
import { invalidProp } from './prop-error';

/** When and how often a probe runs; unset fields keep the Kubernetes defaults. */
export interface ProbeTiming {
  /** @default 0 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/** Options of a probe that connects to a port. */
export interface PortProbeOptions extends ProbeTiming {
  /** A declared port, by name or number. @default the first declared port */
  readonly port?: PortRef;
}

/** Options of {@link Probe.http}. */
export interface HttpProbeOptions extends PortProbeOptions {
  /** Request headers, e.g. `{ Cookie: 'session=probe' }` (the kubelet sends them as given). @default none */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of {@link Probe.grpc}. */
export interface GrpcProbeOptions extends PortProbeOptions {
  /**
   * The service name sent in the `grpc.health.v1.Health/Check` request. The empty name asks for the server's
   * overall health, which is the only one the standard health servers (grpc-go's `health.NewServer()`, and
   * the others) answer unless the application registers more. @default '' (the server's overall health)
   */
  readonly service?: string;
}

type Action =
  | {
      readonly type: 'http';
      readonly path: string;
      readonly port?: PortRef;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly type: 'tcp'; readonly port?: PortRef }
  | { readonly type: 'grpc'; readonly port?: PortRef; readonly service?: string }
  | { readonly type: 'exec'; readonly command: readonly string[] }
  | { readonly type: 'none'; readonly reason: string };

/** HTTP header names: RFC 9110 tokens. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A liveness, readiness or startup probe. Probes never set `host` (PSS hostProbesAndHostLifecycle): they
 * always target the pod itself.
 */
export class Probe {
  /** An HTTP GET of `path` on a declared port; 200-399 is healthy. */
  static http(path: string, options: HttpProbeOptions = {}): Probe {
    return new Probe({ type: 'http', path, port: options.port, headers: options.headers }, options);
  }

  /** A TCP connection to a declared port. */
  static tcp(options: PortProbeOptions = {}): Probe {
    return new Probe({ type: 'tcp', port: options.port }, options);
  }

  /** A gRPC health check (`grpc.health.v1`) on a declared port, by default of the server's overall health. */
  static grpc(options: GrpcProbeOptions = {}): Probe {
    return new Probe({ type: 'grpc', port: options.port, service: options.service }, options);
  }

  /** A command run inside the container; exit code 0 is healthy. */
  static exec(command: readonly string[], options: ProbeTiming = {}): Probe {
    return new Probe({ type: 'exec', command }, options);
  }

  /**
   * No probe, for a container that has nothing to check (a queue worker with no port). The reason is recorded
   * as an exemption of rule `health-probes`, which every report lists.
   */
  static none(justification: Justification): Probe {
    return new Probe({ type: 'none', reason: justification?.reason }, {});
  }

  private constructor(
    private readonly action: Action,
    private readonly timing: ProbeTiming,
  ) {}

  /** The kind of check: `http`, `tcp`, `grpc`, `exec` or `none`. */
  get type(): Action['type'] {
    return this.action.type;
  }

  /** The reason a {@link Probe.none} gives, checked. @internal */
  _noneReason(scope: IConstruct, prop: string): string | undefined {
    return this.action.type === 'none' ? checkReason(scope, prop, { reason: this.action.reason }) : undefined;
  }

  /**
   * The Kubernetes probe, checked against the declared ports; undefined for {@link Probe.none}.
   *
   * @internal
   */
  _render(scope: IConstruct, prop: string, ports: readonly ResolvedPort[]): KubeProbe | undefined {
    const action = this.action;
    if (action.type === 'none') {
      this._noneReason(scope, prop);
      return undefined;
    }
    const timing = this.checkTiming(scope, prop);
    switch (action.type) {
      case 'http': {
        if (typeof action.path !== 'string' || !action.path.startsWith('/')) {
          throw invalidProp(
            scope,
            `${prop}.path`,
            action.path,
            "must be an absolute path starting with '/'",
            "Use a path such as '/healthz'.",
          );
        }
        const port = findPort(scope, `${prop}.port`, ports, action.port);
        const headers = Object.entries(action.headers ?? {}).map(([name, value]) => {
          if (!HEADER_NAME.test(name)) {
            throw invalidProp(
              scope,
              `${prop}.headers`,
              name,
              "must use HTTP header names (letters, digits and !#$%&'*+.^_`|~-)",
              "Write the header name as sent, e.g. 'Cookie'.",
            );
          }
          if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
            throw invalidProp(
              scope,
              `${prop}.headers.${name}`,
              value,
              'must be a string without line breaks',
              'Put the header value on one line.',
            );
          }
          return { name, value };
        });
        return {
          ...timing,
          httpGet: {
            path: action.path,
            port: IntOrString.fromString(port.name),
            scheme: 'HTTP',
            ...(headers.length > 0 ? { httpHeaders: headers } : {}),
          },
        };
      }
      case 'tcp':
        return {
          ...timing,
          tcpSocket: {
            port: IntOrString.fromString(findPort(scope, `${prop}.port`, ports, action.port).name),
          },
        };
      case 'grpc': {
        const port = findPort(scope, `${prop}.port`, ports, action.port);
        if (action.service !== undefined && typeof action.service !== 'string') {
          throw invalidProp(
            scope,
            `${prop}.service`,
            action.service,
            'must be a string',
            "Leave it unset (or '') for the server's overall health.",
          );
        }
        return {
          ...timing,
          grpc: { port: port.port, ...(action.service ? { service: action.service } : {}) },
        };
      }
      case 'exec':
        if (action.command.length === 0) {
          throw invalidProp(
            scope,
            `${prop}.command`,
            action.command,
            'must not be empty',
            "Pass the command and its arguments, e.g. ['/bin/healthcheck'].",
          );
        }
        return { ...timing, exec: { command: [...action.command] } };
    }
  }

  private checkTiming(scope: IConstruct, prop: string): ProbeTiming {
    const minimum: Record<keyof ProbeTiming, number> = {
      initialDelaySeconds: 0,
      periodSeconds: 1,
      timeoutSeconds: 1,
      failureThreshold: 1,
    };
    for (const [field, min] of Object.entries(minimum) as [keyof ProbeTiming, number][]) {
      const value = this.timing[field];
      if (value !== undefined && (!Number.isInteger(value) || value < min)) {
        throw invalidProp(
          scope,
          `${prop}.${field}`,
          value,
          `must be an integer of at least ${min}`,
          `Set ${field} to ${min} or more, or leave it unset.`,
        );
      }
    }
    const { initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold } = this.timing;
    return Object.fromEntries(
      Object.entries({ initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold }).filter(
        ([, value]) => value !== undefined,
      ),
    );
  }
}
