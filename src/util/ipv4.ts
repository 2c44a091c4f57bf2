// IPv4 arithmetic, once: addresses as numbers and CIDR blocks as [low, high] ranges.

/** `a.b.c.d` as a number, or undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
}

/** The addresses of `address/bits` as an inclusive range (the host bits cleared). */
export function cidrRange(address: number, bits: number): { readonly low: number; readonly high: number } {
  const size = 2 ** (32 - bits);
  const low = Math.floor(address / size) * size;
  return { low, high: low + size - 1 };
}

/** `a.b.c.d/n` as an inclusive range, or undefined when malformed. */
export function parseIpv4Cidr(text: string): { readonly low: number; readonly high: number } | undefined {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(text.trim());
  const address = m ? parseIpv4(m[1]) : undefined;
  if (!m || address === undefined || Number(m[2]) > 32) return undefined;
  return cidrRange(address, Number(m[2]));
}
