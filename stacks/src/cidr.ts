/** An IPv4 CIDR block: the network address as an unsigned 32-bit number and the prefix length. */
export interface Ipv4Cidr {
  readonly address: number;
  readonly prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * Parses `a.b.c.d/p`. Returns a reason instead of a value when the text is not a network CIDR (bad octet,
 * missing prefix, or host bits set: AWS rejects `203.0.113.5/24`).
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | { readonly error: string } {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return { error: 'is not an IPv4 CIDR such as 203.0.113.0/24' };
  const octets = match.slice(1, 5) as [string, string, string, string];
  if (!octets.every((octet) => OCTET.test(octet))) return { error: 'has an octet outside 0-255' };
  const prefix = Number(match[5]);
  if (prefix > 32) return { error: 'has a prefix length above 32' };
  const address = octets.reduce((value, octet) => value * 256 + Number(octet), 0);
  const network = maskAddress(address, prefix);
  if (network !== address) {
    return { error: `has host bits set; the network is ${formatIpv4Cidr({ address: network, prefix })}` };
  }
  return { address, prefix };
}

/** `a.b.c.d/p` for a parsed CIDR. */
export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.address / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

/** True when the block lies inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918). */
export function isRfc1918(cidr: Ipv4Cidr): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((text) =>
    cidrInside(cidr, parseIpv4Cidr(text) as Ipv4Cidr),
  );
}

/** True when every address of `inner` lies inside `outer`. */
export function cidrInside(inner: Ipv4Cidr, outer: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && maskAddress(inner.address, outer.prefix) === outer.address;
}

/** The `index`-th block of length `prefix` inside `parent` (which must be at most `prefix` long). */
export function subnetOf(parent: Ipv4Cidr, prefix: number, index: number): Ipv4Cidr {
  const size = 2 ** (32 - prefix);
  const count = 2 ** (prefix - parent.prefix);
  if (prefix < parent.prefix || index < 0 || index >= count) {
    throw new RangeError(`${formatIpv4Cidr(parent)} has no /${prefix} block number ${index}`);
  }
  return { address: parent.address + index * size, prefix };
}

function maskAddress(address: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) * size;
}
