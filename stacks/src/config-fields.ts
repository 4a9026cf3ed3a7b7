import { z } from 'zod';
import { cidrInside, type Ipv4Cidr, isRfc1918, parseIpv4Cidr } from './cidr';
import { MAX_UNAVAILABLE_PERCENTAGE } from './node-updates';
import { ADDON_VERSION_PATTERN } from './versions';

/**
 * Field schemas of the stack configuration. Each takes values as `pulumi config` stores them (strings, or
 * JSON for lists) and fails with `config '<key>' …; got <value>` and what is allowed.
 */

/** Instance sizes too small for the system pods a node runs (ENI-limited pod count, memory). */
export const REJECTED_INSTANCE_SIZES = ['nano', 'micro', 'small'] as const;

/** A value as messages quote it: strings in single quotes, anything else as JSON. */
export const show = (value: unknown): string =>
  typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
/** The allowed values of a closed choice, for messages. */
export const oneOf = (values: readonly (string | number)[]): string => values.join(', ');

/** `true`/`false`, or the strings pulumi config stores for them. */
export const bool = (key: string) =>
  z.preprocess(
    (value) => (value === 'true' ? true : value === 'false' ? false : value),
    z.boolean({ error: (issue) => `config '${key}' must be true or false; got ${show(issue.input)}` }),
  );

/** A whole number within bounds, or its decimal string. */
export const int = (key: string, min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value),
    z
      .number({ error: (issue) => `config '${key}' must be a whole number; got ${show(issue.input)}` })
      .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
        error: (issue) =>
          `config '${key}' must be a whole number from ${min} to ${max}; got ${show(issue.input)}`,
      }),
  );

/** A list from an array, a JSON array string (`pulumi config set --path`) or a comma-separated string. */
export const list = (key: string, item: (index: number) => z.ZodType<string>) =>
  z.preprocess(
    (value) => {
      if (typeof value !== 'string') return value;
      const text = value.trim();
      if (text.startsWith('[')) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return value;
        }
      }
      return text === '' ? [] : text.split(',').map((part) => part.trim());
    },
    z
      .array(z.unknown(), {
        error: (issue) =>
          `config '${key}' must be a list (JSON array or comma-separated); got ${show(issue.input)}`,
      })
      .transform((items, ctx) => {
        const parsed: string[] = [];
        items.forEach((value, index) => {
          const result = item(index).safeParse(value);
          if (result.success) parsed.push(result.data);
          else
            for (const issue of result.error.issues)
              ctx.addIssue({ code: 'custom', message: issue.message, path: [index] });
        });
        const duplicate = parsed.find((value, index) => parsed.indexOf(value) !== index);
        if (duplicate !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `config '${key}' lists ${show(duplicate)} twice; list it once`,
          });
        }
        return parsed;
      }),
  );

/** A string matching a pattern, described to the user as `expected`. */
export const matching = (key: string, pattern: RegExp, expected: string) =>
  z
    .string({ error: (issue) => `config '${key}' must be ${expected}; got ${show(issue.input)}` })
    .refine((value) => pattern.test(value), {
      error: (issue) => `config '${key}' must be ${expected}; got ${show(issue.input)}`,
    });

/** One of a closed list of strings. */
export const oneOfValues = <T extends readonly [string, ...string[]]>(key: string, values: T) =>
  z.enum(values, {
    error: (issue) => `config '${key}' must be one of ${oneOf(values)}; got ${show(issue.input)}`,
  });

/** An internet CIDR the public API endpoint may be opened to: IPv4, not world-open, not private. */
export function publicCidr(key: string) {
  return z.string().superRefine((text, ctx) => {
    const fail = (message: string) =>
      ctx.addIssue({ code: 'custom', message: `config '${key}': ${message}` });
    if (text.includes(':')) {
      if (/^::\/0$/.test(text.trim()))
        fail(
          `'${text}' opens the Kubernetes API to the whole IPv6 internet; list only the networks that need it`,
        );
      else fail(`'${text}' is IPv6; list IPv4 CIDRs such as 203.0.113.10/32`);
      return;
    }
    const cidr = parseIpv4Cidr(text);
    if ('error' in cidr) return fail(`'${text}' ${cidr.error}`);
    if (cidr.prefix < 8) {
      return fail(
        `'${text}' opens the Kubernetes API to the whole internet (or most of it); list only the networks that need it, e.g. 203.0.113.10/32`,
      );
    }
    if (isRfc1918(cidr)) {
      fail(
        `'${text}' is a private range, which never reaches the public endpoint; private networks use the private endpoint, so remove it`,
      );
    }
  });
}

/** The VPC block: an RFC 1918 IPv4 CIDR from /16 to /20. */
export const vpcCidr = z.string().superRefine((text, ctx) => {
  const cidr = parseIpv4Cidr(text);
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message: `config 'vpcCidr': ${message}` });
  if ('error' in cidr) return fail(`'${text}' ${cidr.error}`);
  if (!isRfc1918(cidr)) return fail(`'${text}' is not a private (RFC 1918) range; use e.g. 10.0.0.0/16`);
  if (cidr.prefix < 16 || cidr.prefix > 20) {
    fail(
      `'${text}' must be a /16 to /20 block (VPCs are at most /16; smaller than /20 leaves too few pod IPs)`,
    );
  }
});

/** An EC2 instance type of at least medium size, as item `index` of `nodeInstanceTypes`. */
export const instanceType = (index: number) =>
  z.string().superRefine((text, ctx) => {
    const key = `nodeInstanceTypes[${index}]`;
    const match = /^([a-z][a-z0-9-]*)\.([a-z0-9-]+)$/.exec(text);
    if (!match) {
      ctx.addIssue({
        code: 'custom',
        message: `config '${key}' must be an EC2 instance type such as m6i.large; got ${show(text)}`,
      });
    } else if ((REJECTED_INSTANCE_SIZES as readonly string[]).includes(match[2]!)) {
      ctx.addIssue({
        code: 'custom',
        message: `config '${key}': ${show(text)} is too small for EKS nodes (pod IP limit and memory for system pods); use medium or larger, e.g. m6i.large`,
      });
    }
  });

/** An optional EKS add-on version override. */
export function addonVersion(key: string) {
  return matching(key, ADDON_VERSION_PATTERN, 'an EKS add-on version such as v1.21.1-eksbuild.7').optional();
}

/** Networks a runner reaches the private endpoint from: RFC 1918 or the RFC 6598 shared range (100.64.0.0/10). */
const PRIVATE_ACCESS_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] as const;

/**
 * A CIDR inside the VPC or a network peered or connected to it (VPN, Direct Connect, Transit Gateway) that may
 * reach the private API endpoint: IPv4, a private range, never the whole internet.
 */
export function privateAccessCidr(key: string) {
  return z.string().superRefine((text, ctx) => {
    const fail = (message: string) =>
      ctx.addIssue({ code: 'custom', message: `config '${key}': ${message}` });
    const cidr = parseIpv4Cidr(text);
    if ('error' in cidr) return fail(`'${text}' ${cidr.error}`);
    if (cidr.prefix === 0) {
      return fail(
        `'${text}' would admit every address to the Kubernetes API; list the CIDR of the runner's network, e.g. 10.20.0.0/24`,
      );
    }
    const inside = PRIVATE_ACCESS_RANGES.some((range) => cidrInside(cidr, parseIpv4Cidr(range) as Ipv4Cidr));
    if (!inside) {
      fail(
        `'${text}' is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); the private endpoint is reached from inside the VPC or a connected network. To reach the API from the internet, set endpointPublicAccess and publicAccessCidrs instead`,
      );
    }
  });
}

/** A security group id (a bastion, VPN endpoint, CI runner or deployment agent), as item `index` of `key`. */
export const securityGroupId = (key: string) =>
  matching(key, /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, 'a security group id such as sg-0123456789abcdef0');

/** ECR's repository name pattern: lower-case path components joined by `/`, each separated by `.`, `_` or `-`. */
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * An ECR repository name as CreateRepository takes it: 2 to 256 characters of lower-case path components.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
 */
export const ecrRepositoryName = (key: string) =>
  matching(
    key,
    ECR_REPOSITORY_NAME,
    'an ECR repository name (lower-case letters, digits and . _ - /, each path part starting and ending with a letter or digit), such as team/api',
  ).refine((text) => text.length >= 2 && text.length <= 256, {
    error: (issue) =>
      `config '${key}' must be an ECR repository name of 2 to 256 characters; got ${show(issue.input)}`,
  });

/**
 * `nodeMaxUnavailable`: a whole number from 1 to 100 (the EKS API's bounds) or a percentage from 1% to
 * {@link MAX_UNAVAILABLE_PERCENTAGE}%, as a number, a decimal string or `'33%'`. The value stays as given
 * (number or `'N%'`) so settings parsed once parse again unchanged; {@link toMaxUnavailable} reads it.
 */
export const maxUnavailable = (key: string) =>
  z.unknown().transform((value, ctx): number | `${number}%` => {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    const percent = /^(\d+)%$/.exec(text);
    if (percent) {
      const n = Number(percent[1]);
      if (n >= 1 && n <= MAX_UNAVAILABLE_PERCENTAGE) return `${n}%`;
    } else if (/^\d+$/.test(text)) {
      const n = Number(text);
      if (n >= 1 && n <= 100) return n;
    }
    ctx.addIssue({
      code: 'custom',
      message: `config '${key}' must be a node count from 1 to 100 or a percentage from 1% to ${MAX_UNAVAILABLE_PERCENTAGE}% such as '33%'; got ${show(value)}`,
    });
    return z.NEVER;
  });
