// IPv4 addresses as numbers; CIDR blocks as interval sets. IPv6 is recognised and reported apart.
import { IntervalSet } from './intervals.js';
import { parseIpv4Cidr } from '../../util/ipv4.js';

export const IPV4_MAX = 2 ** 32 - 1;
export const ALL_IPV4 = IntervalSet.range(0, IPV4_MAX);

export type ParsedCidr = { readonly family: 4; readonly ips: IntervalSet } | { readonly family: 6; readonly text: string };

/** Parses `a.b.c.d/n` (or an IPv6 CIDR, kept as text); undefined when malformed. */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (text.includes(':')) return /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(text) ? { family: 6, text } : undefined;
  const range = parseIpv4Cidr(text);
  return range && { family: 4, ips: IntervalSet.range(range.low, range.high) };
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** `10.0.0.0-10.255.255.255` */
export function formatIpv4Range(low: number, high: number): string {
  return `${formatIpv4(low)}-${formatIpv4(high)}`;
}
