import {
  asArray,
  asRecord,
  asString,
  displayName,
  kindOf,
  type LocatedManifest,
  labelsOf,
  type Manifest,
  nameOf,
  namespaceOf,
  podSpecOf,
} from '@eks-hardening/rules';
import { code, formatStatement, literal, quote } from './code';
import { containerProps, probeCode } from './container';

/** Options of {@link importManifests}. */
export interface ImportOptions {
  /** Namespace for objects that name none (the constructs never deploy to `default`). @default 'app' */
  readonly namespace?: string;
  /** The VPC CIDR a load balancer's traffic comes from, for its NetworkPolicy. @default '10.0.0.0/16' */
  readonly vpcCidr?: string;
}

/** What {@link importManifests} made: a cdk8s program, and what it could not carry over. */
export interface ImportResult {
  /** A TypeScript cdk8s program (a `main.ts`) building the workloads with the hardened constructs. */
  readonly code: string;
  /** One line per thing not carried over or changed on the way, naming the object and what to do. */
  readonly notes: readonly string[];
  /** The objects turned into constructs (`Kind/name`). */
  readonly imported: readonly string[];
}

/** The kinds turned into constructs. */
const WORKLOADS: Readonly<Record<string, string>> = {
  Deployment: 'HardenedDeployment',
  StatefulSet: 'HardenedStatefulSet',
  DaemonSet: 'HardenedDaemonSet',
};

/** Kinds the constructs make themselves, so the original is dropped with a note saying by what. */
const MADE_BY_CONSTRUCTS: Readonly<Record<string, string>> = {
  ServiceAccount: 'each hardened workload gets its own ServiceAccount, with no token mounted',
  NetworkPolicy:
    'the constructs write each workload’s NetworkPolicy: connections were inferred from *_ADDR-style environment variables (connectTo); review them against this policy',
  PodDisruptionBudget: 'hardened Deployments and StatefulSets with more than one replica get one',
  Namespace: 'a HardenedNamespace is generated for it (its labels are not carried over)',
};

/** A workload being imported: what the generated code needs to refer to it. */
interface Imported {
  readonly manifest: Manifest;
  readonly name: string;
  readonly namespace: string;
  readonly variable: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Container ports as declared in the props: name, number, Service port. */
  readonly ports: { name: string; port: number; servicePort: number }[];
}

/**
 * Turns existing Kubernetes manifests (Deployments, StatefulSets, DaemonSets and the Services in front of
 * them) into a cdk8s program that builds them with the hardened constructs, so a team's first port is a
 * review rather than a rewrite. Everything the constructs cannot express, or change on the way (a writable
 * root filesystem, host namespaces, a volume kind, an image without a digest), is listed in `notes`, and
 * every decision the generated code cannot make for the team is a `reason: 'REVIEW: …'` that every report
 * lists until someone replaces it.
 */
export function importManifests(
  inputs: readonly (LocatedManifest | Manifest)[],
  options: ImportOptions = {},
): ImportResult {
  const manifests = inputs.map((input) =>
    'manifest' in input && 'key' in input ? (input as LocatedManifest).manifest : (input as Manifest),
  );
  const fallbackNamespace = options.namespace ?? 'app';
  const notes: string[] = [];
  const note = (manifest: Manifest, text: string) => notes.push(`${displayName(manifest)}: ${text}`);
  const services = manifests.filter((manifest) => kindOf(manifest) === 'Service');
  const namespaceOfObject = (manifest: Manifest) => namespaceOf(manifest) ?? fallbackNamespace;
  const used = new Set<string>(['app', 'chart', 'namespace', 'namespaces']);
  const identifier = (name: string) => {
    const base =
      name
        .replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))
        .replace(/^[0-9]/, '_$&') || 'workload';
    let variable = base;
    for (let n = 2; used.has(variable); n++) variable = `${base}${n}`;
    used.add(variable);
    return variable;
  };

  const lines: string[] = [];
  const workloads: Imported[] = [];
  const namespaces = new Set<string>();
  for (const manifest of manifests) {
    const kind = kindOf(manifest);
    if (WORKLOADS[kind]) {
      const imported = importWorkload(manifest, services, namespaceOfObject(manifest), identifier, (text) =>
        note(manifest, text),
      );
      if (imported) {
        workloads.push(imported.workload);
        namespaces.add(imported.workload.namespace);
        lines.push(...imported.lines, '');
      }
    }
  }
  const imported = workloads.map((workload) => displayName(workload.manifest));

  // Connections, from environment variables that hold the address of a Service in front of an imported workload.
  const connections: string[] = [];
  for (const workload of workloads) {
    const pod = podSpecOf(workload.manifest);
    const seen = new Set<string>();
    for (const container of [...asArray(pod?.spec.initContainers), ...asArray(pod?.spec.containers)]) {
      for (const raw of asArray(asRecord(container)?.env)) {
        const variable = asRecord(raw);
        const value = asString(variable?.value);
        const target = value ? addressedWorkload(value, workload.namespace, services, workloads) : undefined;
        if (!target || target === workload || seen.has(target.variable)) continue;
        seen.add(target.variable);
        connections.push(
          `${workload.variable}.connectTo(${target.variable}); // ${asString(variable?.name)}=${value}`,
        );
      }
    }
  }

  // Services: those in front of an imported workload are its ports; a LoadBalancer becomes an entry point.
  for (const service of services) {
    const spec = asRecord(service.spec);
    const target = workloads.find((workload) => selects(spec?.selector, workload));
    if (spec?.type === 'LoadBalancer' && target) {
      lines.push(
        ...loadBalancer(service, target, options.vpcCidr ?? '10.0.0.0/16', (text) => note(service, text)),
        '',
      );
      imported.push(displayName(service));
      continue;
    }
    if (!target) {
      note(
        service,
        'selects no imported workload, so it is not carried over; a hardened workload makes the Service for its declared ports',
      );
      continue;
    }
    if (spec?.type === 'NodePort' || asArray(spec?.externalIPs).length > 0) {
      note(
        service,
        `its ${spec?.type === 'NodePort' ? 'NodePort' : 'externalIPs'} are not carried over (a ClusterIP Service is made); publish through a HardenedLoadBalancer or HardenedIngress`,
      );
    }
    if (service.metadata && nameOf(service) !== target.name) {
      note(
        service,
        `is named after its workload now ('${target.name}'); clients that call '${nameOf(service)}' need the new name`,
      );
    }
    imported.push(displayName(service));
  }
  for (const manifest of manifests) {
    const kind = kindOf(manifest);
    if (WORKLOADS[kind] || kind === 'Service') continue;
    if (kind === 'Namespace') namespaces.add(nameOf(manifest));
    note(
      manifest,
      MADE_BY_CONSTRUCTS[kind]
        ? `not carried over: ${MADE_BY_CONSTRUCTS[kind]}`
        : 'not carried over (no construct for this kind); keep it in YAML or write it with cdk8s, then check it with enforceRules',
    );
  }
  if (manifests.some((manifest) => WORKLOADS[kindOf(manifest)] && namespaceOf(manifest) === undefined)) {
    notes.push(
      `objects without a namespace go to '${fallbackNamespace}' (the constructs never use 'default'); pass --namespace to choose another`,
    );
  }

  const namespaceList = [...namespaces];
  const header = [
    '// Generated by `harden import` from existing manifests: review it, then replace every REVIEW reason.',
    "import { App, Chart } from 'cdk8s';",
    `import { ${[...new Set(['enforceRules', 'HardenedNamespace', ...usedImports(lines)])].sort().join(', ')} } from '@eks-hardening/constructs';`,
    '',
    'const app = new App();',
    `const chart = new Chart(app, '${fallbackNamespace}', { disableResourceNameHashes: true });`,
    ...namespaceList.map((name) => `new HardenedNamespace(chart, '${name}');`),
    '',
  ];
  const footer = [
    ...(connections.length > 0
      ? ['// Connections (caller to callee), from address variables:', ...connections, '']
      : []),
    'enforceRules(app);',
    'app.synth();',
    '',
  ];
  return { code: [...header, ...lines, ...footer].join('\n'), notes, imported };
}

function usedImports(lines: readonly string[]): string[] {
  const text = lines.join('\n');
  return [
    'EnvValue',
    'ExistingSecret',
    'HardenedDaemonSet',
    'HardenedDeployment',
    'HardenedLoadBalancer',
    'HardenedStatefulSet',
    'NetworkPeer',
    'Probe',
  ].filter((name) => new RegExp(`\\b${name}\\b`).test(text));
}

/** True when a Service selector (a plain label map) selects the workload's pods. */
function selects(selector: unknown, workload: Imported): boolean {
  const labels = asRecord(selector);
  return (
    labels !== undefined &&
    Object.keys(labels).length > 0 &&
    Object.entries(labels).every(([key, value]) => workload.labels[key] === value)
  );
}

/** The imported workload a `host:port` or URL value addresses through one of the input's Services. */
function addressedWorkload(
  value: string,
  namespace: string,
  services: readonly Manifest[],
  workloads: readonly Imported[],
): Imported | undefined {
  const match =
    /^(?:[a-z]+:\/\/)?([a-z0-9-]+)(?:\.([a-z0-9-]+))?(?:\.svc(?:\.cluster\.local)?)?:(\d+)(?:\/.*)?$/.exec(
      value,
    );
  if (!match) return undefined;
  const [, host, hostNamespace, port] = match;
  const service = services.find(
    (candidate) =>
      nameOf(candidate) === host &&
      (namespaceOf(candidate) ?? namespace) === (hostNamespace ?? namespace) &&
      asArray(asRecord(candidate.spec)?.ports).some((entry) => asRecord(entry)?.port === Number(port)),
  );
  return service
    ? workloads.find((workload) => selects(asRecord(service.spec)?.selector, workload))
    : undefined;
}

function importWorkload(
  manifest: Manifest,
  services: readonly Manifest[],
  namespace: string,
  identifier: (name: string) => string,
  note: (text: string) => void,
): { workload: Imported; lines: string[] } | undefined {
  const pod = podSpecOf(manifest);
  const name = nameOf(manifest);
  if (!pod || name === '') {
    note('has no pod template or name, so it is not carried over');
    return undefined;
  }
  const spec = pod.spec;
  const labels = labelsOf({ metadata: pod.metadata });
  const containers = asArray(spec.containers).map((c) => asRecord(c) ?? {});
  const main = containers[0] ?? {};
  const workload: Imported = { manifest, name, namespace, variable: identifier(name), labels, ports: [] };
  const props: Record<string, unknown> = { namespace };

  // Ports, with the Service port in front of each.
  const serviceFor = services.filter(
    (service) =>
      (namespaceOf(service) ?? namespace) === namespace &&
      selects(asRecord(service.spec)?.selector, workload),
  );
  const servicePorts = serviceFor
    .filter((service) => asRecord(service.spec)?.type !== 'LoadBalancer')
    .flatMap((service) => asArray(asRecord(service.spec)?.ports).map((p) => asRecord(p) ?? {}));
  for (const raw of asArray(main.ports)) {
    const port = asRecord(raw) ?? {};
    const number = port.containerPort;
    if (typeof number !== 'number') continue;
    const exposed = servicePorts.find(
      (p) =>
        p.targetPort === number ||
        (port.name !== undefined && p.targetPort === port.name) ||
        (p.targetPort === undefined && p.port === number),
    );
    const portName = asString(port.name) ?? asString(exposed?.name) ?? `port-${number}`;
    const servicePort = typeof exposed?.port === 'number' ? exposed.port : number;
    workload.ports.push({ name: portName, port: number, servicePort });
    if (number < 1024)
      note(
        `container port ${number} is below 1024, which a non-root container without capabilities cannot bind; move the app to a high port (servicePort keeps ${servicePort})`,
      );
    if (port.hostPort !== undefined)
      note(
        `hostPort ${String(port.hostPort)} is not carried over (it exposes the node); publish through a Service`,
      );
  }
  if (workload.ports.length > 0) {
    props.ports = workload.ports.map((p) => ({
      name: p.name,
      port: p.port,
      servicePort: p.servicePort === p.port ? undefined : p.servicePort,
    }));
  }

  const kind = kindOf(manifest);
  const replicas = asRecord(manifest.spec)?.replicas;
  if (kind !== 'DaemonSet') props.replicas = typeof replicas === 'number' ? replicas : 1;
  Object.assign(props, containerProps(main, pod.spec, note, 'container'));
  const mainName = asString(main.name);
  if (mainName && mainName !== name) props.containerName = mainName;
  const extraLabels = Object.fromEntries(
    Object.entries(labels).filter(([key]) => !key.startsWith('app.kubernetes.io/')),
  );
  if (Object.keys(extraLabels).length > 0) props.labels = extraLabels;
  const annotations = asRecord(pod.metadata.annotations);
  if (annotations && Object.keys(annotations).length > 0) props.podAnnotations = annotations;
  if (typeof spec.terminationGracePeriodSeconds === 'number')
    props.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds;

  // Probes.
  const probe = (field: 'livenessProbe' | 'readinessProbe' | 'startupProbe') =>
    probeCode(asRecord(main[field]), workload.ports, note, field);
  const liveness = probe('livenessProbe');
  const readiness = probe('readinessProbe');
  const startup = probe('startupProbe');
  if (kind !== 'Job') {
    const handler = (probe: unknown) => {
      const record = asRecord(probe);
      return record
        ? JSON.stringify([record.exec, record.httpGet, record.tcpSocket, record.grpc])
        : undefined;
    };
    const same = liveness !== undefined && handler(main.livenessProbe) === handler(main.readinessProbe);
    // Identical probes restart pods that only needed to leave rotation: liveness becomes a TCP check of the
    // port (the process accepts connections) unless readiness already is one.
    const tcpLiveness =
      same && workload.ports[0] !== undefined && asRecord(main.readinessProbe)?.tcpSocket === undefined;
    props.liveness = code(
      liveness === undefined
        ? "Probe.none({ reason: 'REVIEW: the original has no livenessProbe' })"
        : tcpLiveness
          ? `Probe.tcp({ port: '${workload.ports[0]!.name}' })`
          : liveness,
    );
    if (tcpLiveness)
      note(
        `liveness checked the same as readiness; liveness is now a TCP check of port '${workload.ports[0]!.name}' (the process accepts connections): review`,
      );
    props.readiness = code(
      readiness ?? "Probe.none({ reason: 'REVIEW: the original has no readinessProbe' })",
    );
    if (same && !tcpLiveness) {
      props.exemptions = [
        { rule: 'health-probes', reason: 'REVIEW: liveness and readiness check the same in the original' },
      ];
      note('liveness and readiness check the same; kept, with a REVIEW exemption of health-probes');
    }
  }
  if (startup) props.startup = code(startup);

  // Init containers and sidecars.
  const inits = asArray(spec.initContainers).map((c) => asRecord(c) ?? {});
  const initProps = inits
    .filter((c) => c.restartPolicy !== 'Always')
    .map((c) => ({
      name: asString(c.name),
      ...containerProps(c, spec, note, `init container '${asString(c.name)}'`),
    }));
  const sidecars = [...inits.filter((c) => c.restartPolicy === 'Always'), ...containers.slice(1)].map(
    (c) => ({
      name: asString(c.name),
      ...containerProps(c, spec, note, `sidecar '${asString(c.name)}'`),
    }),
  );
  if (initProps.length > 0) props.initContainers = initProps;
  if (sidecars.length > 0) {
    props.sidecars = sidecars;
    note(
      'its extra containers are sidecars now (native sidecars, started before the main container); their ports and probes are not carried over',
    );
  }

  // Pod-level settings the constructs decide.
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true)
      note(`${field} is not carried over: hardened pods never share the node's namespaces`);
  }
  if (spec.serviceAccountName && spec.serviceAccountName !== 'default') {
    note(
      `ran as ServiceAccount '${String(spec.serviceAccountName)}'; it gets its own now (no token): if it calls the Kubernetes API, add apiAccess with its RBAC rules`,
    );
  }
  for (const raw of asArray(spec.volumes)) {
    const volume = asRecord(raw) ?? {};
    if (!volume.emptyDir && !volume.configMap && !volume.secret) {
      note(
        `volume '${String(volume.name)}' (${Object.keys(volume)
          .filter((k) => k !== 'name')
          .join(', ')}) is not carried over; use HardenedStatefulSet storage for a persistent volume`,
      );
    }
  }
  if (kind === 'StatefulSet' && asArray(asRecord(manifest.spec)?.volumeClaimTemplates).length > 0) {
    note(
      'its volumeClaimTemplates are not carried over; declare them as storage: [{ name, mountPath, size }]',
    );
  }

  const construct = WORKLOADS[kind]!;
  const lines = [`const ${workload.variable} = new ${construct}(chart, '${name}', ${literal(props)});`];
  return { workload, lines: [...lines.slice(0, -1), formatStatement(lines[lines.length - 1]!)] };
}

function loadBalancer(
  service: Manifest,
  target: Imported,
  vpcCidr: string,
  note: (text: string) => void,
): string[] {
  const annotations = asRecord(asRecord(service.metadata)?.annotations) ?? {};
  const scheme = annotations['service.beta.kubernetes.io/aws-load-balancer-scheme'];
  const internal =
    scheme === 'internal' || annotations['service.beta.kubernetes.io/aws-load-balancer-internal'] === 'true';
  const ports = asArray(asRecord(service.spec)?.ports).map((p) => asRecord(p) ?? {});
  const first = ports[0] ?? {};
  const targetPort = target.ports.find((p) => p.port === first.targetPort || p.name === first.targetPort);
  const certificate = asString(annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-cert']);
  const props: Record<string, unknown> = {
    target: code(target.variable),
    name: nameOf(service),
    ...(targetPort ? { targetPort: targetPort.name } : {}),
    from: code(`NetworkPeer.cidr(${quote(vpcCidr)})`),
    ...(internal
      ? {}
      : { internetFacing: { reason: `REVIEW: ${displayName(service)} was internet-facing` } }),
    ...(certificate
      ? { certificateArn: certificate }
      : internal
        ? {}
        : { plaintext: { reason: `REVIEW: ${displayName(service)} served without TLS` } }),
    ...(typeof first.port === 'number' && first.port !== (certificate ? 443 : 80)
      ? { listenerPort: first.port }
      : {}),
  };
  note(
    `is a HardenedLoadBalancer now (an NLB with IP targets, no node ports); its NetworkPolicy admits ${vpcCidr}: set your VPC CIDR (--vpc-cidr)`,
  );
  if (ports.length > 1) note('only its first port is carried over');
  return [formatStatement(`new HardenedLoadBalancer(chart, '${nameOf(service)}', ${literal(props)});`)];
}
