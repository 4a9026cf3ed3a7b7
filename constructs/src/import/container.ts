import { asArray, asRecord, asString } from '@eks-hardening/rules';
import { parseImage } from '../image';
import { code, literal, quote } from './code';

/** Plain object data read from a manifest. */
export type Json = Readonly<Record<string, unknown>>;

/** The downward-API fields `EnvValue.fromField` takes. */
const ENV_FIELDS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** The props one container carries over: image, command, env, resources, mounts, its security context. */
export function containerProps(
  container: Json,
  pod: Json,
  note: (text: string) => void,
  label: string,
): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const image = asString(container.image) ?? '';
  props.image = image;
  const parsed = parseImage(image);
  if (!parsed?.digest) {
    if (parsed?.tag && parsed.tag !== 'latest') {
      props.imagePinning = 'tag';
      note(
        `${label} image '${image}' is not pinned by digest (imagePinning: 'tag' for now): append @sha256:<digest>`,
      );
    } else {
      note(
        `${label} image '${image}' is pinned by neither a digest nor a tag other than 'latest', which the constructs refuse (the program stops there): pin it by digest`,
      );
    }
  }
  if (Array.isArray(container.command)) props.command = container.command;
  if (Array.isArray(container.args)) props.args = container.args;
  const env: Record<string, unknown> = {};
  for (const raw of asArray(container.env)) {
    const variable = asRecord(raw) ?? {};
    const name = asString(variable.name);
    if (!name) continue;
    const from = asRecord(variable.valueFrom);
    if (!from) env[name] = asString(variable.value) ?? '';
    else if (asRecord(from.secretKeyRef)) {
      const ref = asRecord(from.secretKeyRef)!;
      env[name] = code(`EnvValue.fromSecret(ExistingSecret.named(${quote(ref.name)}), ${quote(ref.key)})`);
    } else if (asRecord(from.configMapKeyRef)) {
      const ref = asRecord(from.configMapKeyRef)!;
      env[name] = code(`EnvValue.fromConfigMap(${quote(ref.name)}, ${quote(ref.key)})`);
    } else if (asRecord(from.fieldRef) && ENV_FIELDS.has(String(asRecord(from.fieldRef)!.fieldPath))) {
      env[name] = code(`EnvValue.fromField(${quote(asRecord(from.fieldRef)!.fieldPath)})`);
    } else if (asRecord(from.resourceFieldRef)) {
      const ref = asRecord(from.resourceFieldRef)!;
      env[name] = code(
        `EnvValue.fromResource(${quote(ref.resource)}${ref.divisor !== undefined ? `, { divisor: ${quote(String(ref.divisor))} }` : ''})`,
      );
    } else note(`${label} variable ${name} (${Object.keys(from).join(', ')}) is not carried over`);
  }
  if (Object.keys(env).length > 0) props.env = env;
  if (asArray(container.envFrom).length > 0)
    note(`${label} envFrom is not carried over: list the variables in env`);

  const resources = asRecord(container.resources);
  const amounts: Record<string, unknown> = {};
  for (const [resource, prop] of [
    ['cpu', 'cpu'],
    ['memory', 'memory'],
    ['ephemeral-storage', 'ephemeralStorage'],
  ] as const) {
    const request = asRecord(resources?.requests)?.[resource];
    const limit = asRecord(resources?.limits)?.[resource];
    if (request !== undefined || limit !== undefined) {
      amounts[prop] = {
        request: request === undefined ? undefined : String(request),
        limit: limit === undefined ? undefined : String(limit),
      };
    }
  }
  if (Object.keys(amounts).length > 0) props.resources = amounts;

  const security = asRecord(container.securityContext) ?? {};
  const podSecurity = asRecord(pod.securityContext) ?? {};
  if (label === 'container') {
    const user = security.runAsUser ?? podSecurity.runAsUser;
    const group = security.runAsGroup ?? podSecurity.runAsGroup;
    if (typeof user === 'number' && user > 0) props.runAsUser = user;
    if (typeof group === 'number' && group > 0) props.runAsGroup = group;
    if (user === 0)
      note('ran as root (runAsUser 0); it runs as UID 10001 now: make the image run as non-root');
  }
  if (security.privileged === true) note(`${label} ran privileged, which is not carried over`);
  const added = asArray(asRecord(security.capabilities)?.add);
  if (added.length > 0)
    note(`${label} added capabilities ${added.join(', ')}, which are not carried over (all are dropped)`);
  if (security.readOnlyRootFilesystem !== true) {
    note(
      `${label} had a writable root filesystem; it is read-only now with /tmp writable: list other directories it writes to in writablePaths`,
    );
  }

  const volumes = new Map(
    asArray(pod.volumes).map((raw) => [asString(asRecord(raw)?.name), asRecord(raw) ?? {}]),
  );
  const writable: string[] = [];
  const secretMounts: unknown[] = [];
  const configMapMounts: unknown[] = [];
  for (const raw of asArray(container.volumeMounts)) {
    const mount = asRecord(raw) ?? {};
    const volume = volumes.get(asString(mount.name));
    const path = asString(mount.mountPath);
    if (!volume || !path) continue;
    if (volume.emptyDir) writable.push(path);
    else if (asRecord(volume.secret)) {
      secretMounts.push({
        secret: code(`ExistingSecret.named(${quote(asRecord(volume.secret)!.secretName)})`),
        mountPath: path,
      });
    } else if (asRecord(volume.configMap)) {
      configMapMounts.push({ configMap: asString(asRecord(volume.configMap)!.name), mountPath: path });
    }
    if (mount.subPath !== undefined) note(`${label} mount ${path} uses subPath, which is not carried over`);
  }
  if (writable.length > 0) props.writablePaths = writable.includes('/tmp') ? writable : ['/tmp', ...writable];
  if (secretMounts.length > 0) props.secretMounts = secretMounts;
  if (configMapMounts.length > 0) props.configMapMounts = configMapMounts;
  return props;
}

/** A probe as `Probe.…(…)` code, or undefined when the container has none. */
export function probeCode(
  probe: Json | undefined,
  ports: readonly { name: string; port: number }[],
  note: (text: string) => void,
  field: string,
): string | undefined {
  if (!probe) return undefined;
  const timing: Record<string, unknown> = {};
  for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold']) {
    if (typeof probe[key] === 'number') timing[key] = probe[key];
  }
  const portRef = (value: unknown): Record<string, unknown> => {
    if (value === undefined) return {};
    const declared = ports.find((p) => p.port === value || p.name === value);
    if (!declared)
      note(
        `${field} targets port ${String(value)}, which the container does not declare; it now targets the first declared port`,
      );
    return declared ? { port: declared.name } : {};
  };
  const http = asRecord(probe.httpGet);
  if (http) {
    const headers = Object.fromEntries(
      asArray(http.httpHeaders).map((h) => [asString(asRecord(h)?.name), asString(asRecord(h)?.value)]),
    );
    if (http.host !== undefined)
      note(`${field} sets host, which is not carried over (probes target the pod)`);
    return `Probe.http(${quote(asString(http.path) ?? '/')}, ${literal({ ...portRef(http.port), ...(Object.keys(headers).length > 0 ? { headers } : {}), ...timing })})`;
  }
  if (asRecord(probe.tcpSocket))
    return `Probe.tcp(${literal({ ...portRef(asRecord(probe.tcpSocket)!.port), ...timing })})`;
  if (asRecord(probe.grpc)) {
    const grpc = asRecord(probe.grpc)!;
    return `Probe.grpc(${literal({ ...portRef(grpc.port), ...(grpc.service ? { service: grpc.service } : {}), ...timing })})`;
  }
  if (asRecord(probe.exec)) {
    const command = asArray(asRecord(probe.exec)!.command);
    return `Probe.exec(${literal(command)}${Object.keys(timing).length > 0 ? `, ${literal(timing)}` : ''})`;
  }
  note(`${field} has no handler the constructs know, so it is not carried over`);
  return undefined;
}
