import { failIfAny, NOT_APPLICABLE, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';
import { parseCidr } from './eks-endpoint-private';

/** Ports that must never be reachable from the whole internet, with the protocols they use. */
const SENSITIVE_PORTS = [
  { port: 22, label: 'SSH (22)', protocols: ['tcp'] },
  { port: 3389, label: 'RDP (3389)', protocols: ['tcp', 'udp'] },
  { port: 10250, label: 'kubelet (10250)', protocols: ['tcp'] },
] as const;

/** One ingress permission, read from any of the three resource shapes. */
interface Ingress {
  readonly path: string;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  /** Each source CIDR with its field path. */
  readonly cidrs: readonly { readonly path: string; readonly value: unknown }[];
  /** Path of a CIDR list that is itself not known yet. */
  readonly unknownList?: string;
}

/**
 * No security group admits traffic from `0.0.0.0/0` or `::/0` on a port range that covers SSH (22),
 * RDP (3389) or the kubelet (10250), or on all traffic (protocol `-1`). Reads inline `ingress` blocks of
 * `aws.ec2.SecurityGroup` and `aws.ec2.DefaultSecurityGroup`, `aws.ec2.SecurityGroupRule` of type ingress and
 * `aws.vpc.SecurityGroupIngressRule`.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
export const securityGroupNoWorldIngress: ResourceRule = {
  id: 'security-group-no-world-ingress',
  target: 'aws',
  title: 'No world-open ingress to SSH, RDP, kubelet or all traffic',
  description:
    'A security group rule admits no traffic from 0.0.0.0/0 or ::/0 on all protocols or on a port range covering SSH, RDP or the kubelet.',
  severity: 'high',
  resourceTypes: [
    'aws:ec2/securityGroup:SecurityGroup',
    'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
    'aws:ec2/securityGroupRule:SecurityGroupRule',
    'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
  ],
  validate(inputs, _options, name): RuleResult {
    const shape = shapeOf(inputs, name);
    if ('result' in shape) return shape.result;
    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;
    for (const ingress of shape.ingresses) {
      const result = checkIngress(ingress, shape.subject);
      findings.push(...result.findings);
      unknown ??= result.unknown;
    }
    if (findings.length > 0) return failIfAny(findings);
    return unknown ?? PASS;
  },
};

function shapeOf(
  inputs: Readonly<Record<string, unknown>>,
  name: string,
): { result: RuleResult } | { subject: string; ingresses: Ingress[] } {
  // aws.vpc.SecurityGroupIngressRule: one CIDR field per family.
  if ('ipProtocol' in inputs || 'cidrIpv4' in inputs || 'cidrIpv6' in inputs) {
    const subject = `SecurityGroupIngressRule/${name}`;
    const cidrs = (['cidrIpv4', 'cidrIpv6'] as const)
      .filter((field) => inputs[field] !== undefined)
      .map((field) => ({ path: field, value: inputs[field] }));
    return {
      subject,
      ingresses: [
        { path: '', protocol: inputs.ipProtocol, fromPort: inputs.fromPort, toPort: inputs.toPort, cidrs },
      ],
    };
  }
  // aws.ec2.SecurityGroupRule: a `type` of ingress or egress.
  if ('type' in inputs) {
    const subject = `SecurityGroupRule/${name}`;
    if (isUnknown(inputs.type)) return { result: unknownAt('type', `${subject}: type is not known yet`) };
    if (inputs.type !== 'ingress') return { result: NOT_APPLICABLE };
    return { subject, ingresses: [ingressOf(inputs, '')] };
  }
  // aws.ec2.SecurityGroup and DefaultSecurityGroup: inline ingress blocks.
  const subject = `SecurityGroup/${name}`;
  if (isUnknown(inputs.ingress))
    return { result: unknownAt('ingress', `${subject}: ingress is not known yet`) };
  const blocks = Array.isArray(inputs.ingress) ? inputs.ingress : [];
  const ingresses: Ingress[] = [];
  for (const [index, block] of blocks.entries()) {
    const path = `ingress[${index}]`;
    if (isUnknown(block)) return { result: unknownAt(path, `${subject}: ${path} is not known yet`) };
    ingresses.push(ingressOf(asRecord(block) ?? {}, path));
  }
  return { subject, ingresses };
}

function ingressOf(block: Readonly<Record<string, unknown>>, path: string): Ingress {
  const prefix = path === '' ? '' : `${path}.`;
  const cidrs: { path: string; value: unknown }[] = [];
  let unknownList: string | undefined;
  for (const field of ['cidrBlocks', 'ipv6CidrBlocks'] as const) {
    const list = block[field];
    if (isUnknown(list)) unknownList ??= `${prefix}${field}`;
    else if (Array.isArray(list))
      list.forEach((value, index) => {
        cidrs.push({ path: `${prefix}${field}[${index}]`, value });
      });
  }
  return {
    path,
    protocol: block.protocol,
    fromPort: block.fromPort,
    toPort: block.toPort,
    cidrs,
    ...(unknownList ? { unknownList } : {}),
  };
}

function checkIngress(ingress: Ingress, subject: string): { findings: Finding[]; unknown?: RuleResult } {
  const where = ingress.path === '' ? '' : `${ingress.path} `;
  const world = ingress.cidrs.filter(
    (cidr) => typeof cidr.value === 'string' && parseCidr(cidr.value)?.prefix === 0,
  );
  const unknownCidr = ingress.unknownList ?? ingress.cidrs.find((cidr) => isUnknown(cidr.value))?.path;
  if (world.length === 0 && unknownCidr === undefined) return { findings: [] };

  const reach = reachOf(ingress);
  if (reach === 'unknown') {
    const path = ingress.path === '' ? 'protocol' : ingress.path;
    return {
      findings: [],
      unknown: unknownAt(path, `${subject}: ${where}protocol or ports are not known yet`),
    };
  }
  if (reach.length === 0) return { findings: [] };
  if (world.length === 0) {
    return { findings: [], unknown: unknownAt(unknownCidr!, `${subject}: ${unknownCidr} is not known yet`) };
  }
  const what = reach === ALL ? 'all traffic' : `${normalizeProtocol(ingress.protocol)} ${portRange(ingress)}`;
  const covers = reach === ALL ? '' : `, which covers ${reach.join(', ')}`;
  return {
    findings: world.map((cidr) => ({
      path: cidr.path,
      message: `${subject}: ${where}allows ${what} from ${String(cidr.value)}${covers}; restrict the source to your networks' CIDRs or a security group`,
    })),
  };
}

const ALL: readonly string[] = ['all traffic'];

/** The sensitive ports the permission covers, ALL for every protocol, or 'unknown'. */
function reachOf(ingress: Ingress): readonly string[] | 'unknown' {
  if (isUnknown(ingress.protocol) || isUnknown(ingress.fromPort) || isUnknown(ingress.toPort))
    return 'unknown';
  const protocol = normalizeProtocol(ingress.protocol);
  if (protocol === 'all') return ALL;
  const { from, to } = portBounds(ingress);
  return SENSITIVE_PORTS.filter(
    (sensitive) =>
      (sensitive.protocols as readonly string[]).includes(protocol) &&
      from <= sensitive.port &&
      sensitive.port <= to,
  ).map((sensitive) => sensitive.label);
}

function normalizeProtocol(protocol: unknown): string {
  const text = String(protocol ?? '').toLowerCase();
  if (text === '-1' || text === 'all') return 'all';
  if (text === '6') return 'tcp';
  if (text === '17') return 'udp';
  return text;
}

/** Inclusive bounds; an omitted or -1 bound means the end of the range (0 or 65535). */
function portBounds(ingress: Ingress): { from: number; to: number } {
  const from = typeof ingress.fromPort === 'number' && ingress.fromPort >= 0 ? ingress.fromPort : 0;
  const to = typeof ingress.toPort === 'number' && ingress.toPort >= 0 ? ingress.toPort : 65535;
  return { from, to };
}

function portRange(ingress: Ingress): string {
  const { from, to } = portBounds(ingress);
  return from === to ? `port ${from}` : `ports ${from}-${to}`;
}
