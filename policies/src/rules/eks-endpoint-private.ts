import { failIfAny, PASS, unknownAt } from '../engine/result';
import type { Finding, ResourceRule, RuleResult } from '../engine/types';
import { isUnknown } from '../engine/unknown';
import { asRecord } from '../kubernetes/object';

/** A parsed CIDR block: address family, network address as a number, prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
}

/**
 * Parses an IPv4 (`10.0.0.0/16`) or IPv6 (`2001:db8::/32`) CIDR block; undefined when it is not one.
 * Host bits are masked off, as AWS does.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const parsed = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (parsed === undefined) return undefined;
  const bits = parsed.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  return { family: parsed.family, network: (parsed.value >> hostBits) << hostBits, prefix };
}

/** True when every address of `inner` is inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix < outer.prefix) return false;
  const hostBits = BigInt((outer.family === 4 ? 32 : 128) - outer.prefix);
  return inner.network >> hostBits === outer.network >> hostBits;
}

function parseIpv4(text: string): { family: 4; value: bigint } | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return { family: 4, value };
}

function parseIpv6(text: string): { family: 6; value: bigint } | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return { family: 6, value };
}

/**
 * The EKS API server endpoint is private, or public only to CIDRs the pack's `allowedPublicCidrs` lists;
 * never to the whole internet. AWS enables the public endpoint when `endpointPublicAccess` is omitted and
 * opens it to `0.0.0.0/0` when `publicAccessCidrs` is omitted.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 */
export const eksEndpointPrivate: ResourceRule = {
  id: 'eks-endpoint-private',
  target: 'aws',
  title: 'EKS API endpoint is private or restricted to listed CIDRs',
  description:
    'An EKS cluster disables its public API endpoint, or opens it only to CIDRs listed in allowedPublicCidrs and never to 0.0.0.0/0.',
  severity: 'high',
  resourceTypes: ['aws:eks/cluster:Cluster'],
  validate(inputs, options, name): RuleResult {
    const subject = `Cluster/${name}`;
    const vpcConfig = inputs.vpcConfig;
    if (isUnknown(vpcConfig)) return unknownAt('vpcConfig', `${subject}: vpcConfig is not known yet`);
    const vpc = asRecord(vpcConfig) ?? {};
    const publicAccess = vpc.endpointPublicAccess;
    if (isUnknown(publicAccess)) {
      return unknownAt(
        'vpcConfig.endpointPublicAccess',
        `${subject}: vpcConfig.endpointPublicAccess is not known yet`,
      );
    }
    if (publicAccess === false) return PASS;

    // Unset means public: AWS defaults endpointPublicAccess to true.
    const how =
      publicAccess === true
        ? 'vpcConfig.endpointPublicAccess is true'
        : 'vpcConfig.endpointPublicAccess is not set and AWS defaults it to true';
    const cidrs = vpc.publicAccessCidrs;
    if (isUnknown(cidrs)) {
      return unknownAt(
        'vpcConfig.publicAccessCidrs',
        `${subject}: ${how} and vpcConfig.publicAccessCidrs is not known yet`,
      );
    }
    const list = Array.isArray(cidrs) ? cidrs : [];
    if (list.length === 0) {
      return failIfAny([
        {
          path: 'vpcConfig.publicAccessCidrs',
          message: `${subject}: ${how} and vpcConfig.publicAccessCidrs is not set, so AWS opens the API endpoint to 0.0.0.0/0; set endpointPublicAccess: false (with endpointPrivateAccess: true), or list your networks in publicAccessCidrs and in the pack's allowedPublicCidrs`,
        },
      ]);
    }

    const allowed = options.allowedPublicCidrs
      .map(parseCidr)
      .filter((cidr): cidr is Cidr => cidr !== undefined);
    const findings: Finding[] = [];
    let unknown: RuleResult | undefined;
    list.forEach((entry, index) => {
      const path = `vpcConfig.publicAccessCidrs[${index}]`;
      if (isUnknown(entry)) {
        unknown ??= unknownAt(path, `${subject}: ${path} is not known yet`);
        return;
      }
      const text = typeof entry === 'string' ? entry : String(entry);
      const cidr = parseCidr(text);
      if (!cidr) {
        findings.push({
          path,
          message: `${subject}: ${path} '${text}' is not a CIDR block; use a form such as 203.0.113.0/24`,
        });
      } else if (cidr.prefix === 0) {
        findings.push({
          path,
          message: `${subject}: ${path} '${text}' opens the API endpoint to the whole internet; set endpointPublicAccess: false, or list only your networks' CIDRs`,
        });
      } else if (!allowed.some((outer) => cidrWithin(cidr, outer))) {
        const listed = options.allowedPublicCidrs.length > 0 ? options.allowedPublicCidrs.join(', ') : 'none';
        findings.push({
          path,
          message: `${subject}: ${path} '${text}' is not within the pack's allowedPublicCidrs (${listed}); add it there if the API endpoint must be reachable from it, or set endpointPublicAccess: false`,
        });
      }
    });
    if (findings.length > 0) return failIfAny(findings);
    return unknown ?? PASS;
  },
};
