// Address space as the tier invariants judge it: "internal" means private address space (RFC 1918,
// RFC 6598, IPv6 unique local), and what a connected tier approves is counted in total, overlaps
// once — so 221 public /8s cannot pass as "each at most a /8".
import { cidrRange, parseIpv4 } from '../util/ipv4.js';

/** Private address space: RFC 1918, RFC 6598 (shared, carrier-grade NAT); IPv6 unique local (RFC 4193) below. */
export const PRIVATE_NETWORKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] as const;

/** The most addresses a connected tier may approve in total: one /8 (16,777,216), overlaps counted once. */
export const MAX_APPROVED_ADDRESSES = 2 ** 24;

const PRIVATE_RANGES = PRIVATE_NETWORKS.map((c) => {
  const [ip, bits] = c.split('/');
  return cidrRange(parseIpv4(ip)!, Number(bits));
});

/** `a.b.c.d/n` (IPv4) as an address range, or undefined. */
function ipv4Range(cidr: string): { low: number; high: number } | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  const address = m ? parseIpv4(m[1]) : undefined;
  if (!m || address === undefined || Number(m[2]) > 32) return undefined;
  return cidrRange(address, Number(m[2]));
}

/** Whether a CIDR lies wholly in private address space (an IPv6 one in fc00::/7). */
export function isPrivateCidr(cidr: string): boolean {
  const v6 = /^([0-9a-f]{1,4}):[0-9a-f:]*\/(\d{1,3})$/i.exec(cidr);
  if (v6) return Number(v6[2]) >= 7 && Number(v6[2]) <= 128 && (parseInt(v6[1].padStart(4, '0').slice(0, 2), 16) & 0xfe) === 0xfc;
  const range = ipv4Range(cidr);
  return range !== undefined && PRIVATE_RANGES.some((r) => range.low >= r.low && range.high <= r.high);
}

/** How many IPv4 addresses `cidrs` cover together (overlaps counted once). */
export function addressCount(cidrs: readonly string[]): number {
  const ranges = cidrs
    .map(ipv4Range)
    .filter((r) => r !== undefined)
    .sort((a, b) => a.low - b.low);
  let total = 0;
  let end = -1;
  for (const r of ranges) {
    if (r.high <= end) continue;
    total += r.high - Math.max(r.low, end + 1) + 1;
    end = r.high;
  }
  return total;
}
