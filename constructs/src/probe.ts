import { IntOrString, type Probe as KubeProbe } from 'cdk8s-plus-28/lib/imports/k8s';
import type { IConstruct } from 'constructs';
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

type Action =
  | { readonly type: 'http'; readonly path: string; readonly port?: PortRef }
  | { readonly type: 'tcp'; readonly port?: PortRef }
  | { readonly type: 'grpc'; readonly port?: PortRef; readonly service?: string }
  | { readonly type: 'exec'; readonly command: readonly string[] };

/**
 * A liveness, readiness or startup probe. Probes never set `host` (PSS hostProbesAndHostLifecycle): they
 * always target the pod itself.
 */
export class Probe {
  /** An HTTP GET of `path` on a declared port; 200-399 is healthy. */
  static http(path: string, options: PortProbeOptions = {}): Probe {
    return new Probe({ type: 'http', path, port: options.port }, options);
  }

  /** A TCP connection to a declared port. */
  static tcp(options: PortProbeOptions = {}): Probe {
    return new Probe({ type: 'tcp', port: options.port }, options);
  }

  /** A gRPC health check (grpc.health.v1) on a declared port. */
  static grpc(options: PortProbeOptions & { readonly service?: string } = {}): Probe {
    return new Probe({ type: 'grpc', port: options.port, service: options.service }, options);
  }

  /** A command run inside the container; exit code 0 is healthy. */
  static exec(command: readonly string[], options: ProbeTiming = {}): Probe {
    return new Probe({ type: 'exec', command }, options);
  }

  private constructor(
    private readonly action: Action,
    private readonly timing: ProbeTiming,
  ) {}

  /**
   * The Kubernetes probe, checked against the declared ports.
   *
   * @internal
   */
  _render(scope: IConstruct, prop: string, ports: readonly ResolvedPort[]): KubeProbe {
    const timing = this.checkTiming(scope, prop);
    const action = this.action;
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
        return {
          ...timing,
          httpGet: { path: action.path, port: IntOrString.fromString(port.name), scheme: 'HTTP' },
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
