import type { IConstruct } from 'constructs';
import { checkPortName } from './names';
import { invalidProp } from './prop-error';

/** Transport protocols a port may use. */
export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
/** One of {@link PORT_PROTOCOLS}. */
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/** A port the container listens on. Declaring one creates the Service port and lets probes and peers use it. */
export interface PortProps {
  /** IANA service name such as `http`; probes and ingress rules may refer to it. */
  readonly name: string;
  /** Container port, 1024-65535 (the container runs as non-root without capabilities). */
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: PortProtocol;
  /** Port of the Service in front of the pods. @default the container port */
  readonly servicePort?: number;
}

/** A declared port with its defaults applied. */
export interface ResolvedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: PortProtocol;
  readonly servicePort: number;
  /** The sidecar that listens on it; undefined for the main container. */
  readonly container?: string;
}

/** A reference to a declared port: its name or its container port number. */
export type PortRef = string | number;

/**
 * Checks the declared ports (valid numbers and names, each unique, also among `others`: the ports of the
 * pod's other containers) and applies the defaults.
 *
 * @param container the sidecar declaring them; undefined for the main container
 */
export function resolvePorts(
  scope: IConstruct,
  prop: string,
  ports: readonly PortProps[],
  others: readonly ResolvedPort[] = [],
  container?: string,
): ResolvedPort[] {
  const resolved: ResolvedPort[] = [];
  ports.forEach((port, index) => {
    const at = `${prop}[${index}]`;
    checkPortName(scope, `${at}.name`, port.name);
    if (!Number.isInteger(port.port) || port.port < 1024 || port.port > 65535) {
      throw invalidProp(
        scope,
        `${at}.port`,
        port.port,
        'must be an integer from 1024 to 65535 (a non-root container without capabilities cannot bind lower ports)',
        'Listen on a high port such as 8080 and set servicePort: 80 to keep the Service port.',
      );
    }
    const protocol = port.protocol ?? 'TCP';
    if (!PORT_PROTOCOLS.includes(protocol)) {
      throw invalidProp(
        scope,
        `${at}.protocol`,
        protocol,
        `must be one of ${PORT_PROTOCOLS.join(', ')}`,
        "Use 'TCP'.",
      );
    }
    const servicePort = port.servicePort ?? port.port;
    if (!Number.isInteger(servicePort) || servicePort < 1 || servicePort > 65535) {
      throw invalidProp(
        scope,
        `${at}.servicePort`,
        servicePort,
        'must be an integer from 1 to 65535',
        'Use the port clients connect to, such as 80.',
      );
    }
    for (const [field, value] of [
      ['name', port.name],
      ['port', port.port],
      ['servicePort', servicePort],
    ] as const) {
      if (
        [...others, ...resolved].some(
          (other) => (field === 'servicePort' ? other.servicePort : other[field]) === value,
        )
      ) {
        throw invalidProp(
          scope,
          `${at}.${field}`,
          value,
          'must be unique among the ports',
          `Give each port its own ${field}.`,
        );
      }
    }
    resolved.push({
      name: port.name,
      port: port.port,
      protocol,
      servicePort,
      ...(container ? { container } : {}),
    });
  });
  return resolved;
}

/**
 * The declared port `ref` names (by name or container port), or the first declared port when `ref` is
 * unset. Throws naming the declared ports when there is none to use.
 */
export function findPort(
  scope: IConstruct,
  prop: string,
  ports: readonly ResolvedPort[],
  ref: PortRef | undefined,
): ResolvedPort {
  const declared = ports.map((port) => `${port.name} (${port.port})`).join(', ');
  if (ref === undefined) {
    const first = ports[0];
    if (first) return first;
    throw invalidProp(
      scope,
      prop,
      ref,
      'needs a port, and the workload declares none',
      "Declare the port in 'ports' (e.g. { name: 'http', port: 8080 }).",
    );
  }
  const port = ports.find((candidate) => candidate.name === ref || candidate.port === ref);
  if (!port) {
    throw invalidProp(
      scope,
      prop,
      ref,
      `must name a declared port (${declared || 'none declared'})`,
      "Declare the port in 'ports' or refer to a declared one by name or number.",
    );
  }
  return port;
}
