// Finding network endpoints in values: URLs, host names and public IPv4 addresses inside any
// string. A heuristic (a string is not typed as "an address"), tuned to flag what an air-gapped
// tier must not reach and to pass file paths, image names and cluster-internal names.
import { isRecord, type FieldPath } from '../util/data.js';
import { cidrRange, parseIpv4, parseIpv4Cidr } from '../util/ipv4.js';

/** Host names and suffixes that never leave the site: cluster DNS, mDNS/private-use names. */
export const LOCAL_HOST_SUFFIXES = ['.svc', '.cluster.local', '.local', '.localhost', '.internal', '.home.arpa'] as const;

// top-level domains a bare `a.b` must end in to count as a host name (file names like
// `inference.yaml` must not); URLs and `host:port` count whatever their ending
const PUBLIC_TLDS = new Set(
  'com net org io ai mil gov edu dev cloud app co us uk de fr eu jp cn ru info biz xyz me tech sh ly gg tv cc in au ca nl se ch be it es pl br kr ie fi no dk at nz sg hk tw il za mx ar'.split(
    ' ',
  ),
);

export interface Endpoint {
  readonly path: FieldPath;
  readonly value: string;
  readonly endpoint: string;
}

// the look-behind starts a scheme only where a run of scheme characters starts: linear, not quadratic
const URL_RE = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/([^/\s?#]*)/gi;
const HOST_RE = /(?<![\w.@/-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62})(:\d{1,5})?(?![\w.-])/gi;
const IPV4_RE = /(?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?:\/(\d{1,2}))?(?![\d.])/g;

// private, loopback, link-local and carrier-grade NAT ranges
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10'].map((cidr) =>
  parseIpv4Cidr(cidr)!,
);

/** Whether `ip/prefix` lies wholly inside a private (non-routable) range. */
export function isPrivateIPv4(ip: string, prefix = 32): boolean {
  const address = parseIpv4(ip);
  if (address === undefined || prefix > 32) return false;
  const { low, high } = cidrRange(address, prefix);
  return PRIVATE_RANGES.some((r) => low >= r.low && high <= r.high);
}

function hostAllowed(host: string, allowedHosts: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '').replace(/^.*@/, '');
  if (h === '' || h === 'localhost') return true;
  if (allowedHosts.some((a) => a.toLowerCase() === h)) return true;
  if (LOCAL_HOST_SUFFIXES.some((s) => h.endsWith(s))) return true;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h)) return isPrivateIPv4(h);
  if (!h.includes('.')) return true; // a single-label name resolves inside the cluster
  return false;
}

/** Endpoints in one string that are neither local nor in `allowedHosts` (hosts, no port). */
export function externalEndpointsIn(text: string, allowedHosts: readonly string[]): string[] {
  const found = new Set<string>();
  let rest = text;
  for (const m of text.matchAll(URL_RE)) {
    if (!hostAllowed(m[1], allowedHosts)) found.add(m[0]);
    rest = rest.replace(m[0], ' ');
  }
  for (const m of rest.matchAll(HOST_RE)) {
    const host = m[1];
    const tld = host.slice(host.lastIndexOf('.') + 1).toLowerCase();
    if (!m[2] && !PUBLIC_TLDS.has(tld)) continue;
    if (!hostAllowed(host, allowedHosts)) found.add(m[0]);
  }
  for (const m of rest.matchAll(IPV4_RE)) {
    const prefix = m[2] === undefined ? 32 : Number(m[2]);
    if (!isPrivateIPv4(m[1], prefix)) found.add(m[0]);
  }
  return [...found].sort();
}

/** Every string value in `values` naming an endpoint outside the site. */
export function findExternalEndpoints(values: unknown, allowedHosts: readonly string[]): Endpoint[] {
  const out: Endpoint[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (typeof node === 'string') {
      for (const endpoint of externalEndpointsIn(node, allowedHosts)) out.push({ path, value: node, endpoint });
    } else if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (isRecord(node)) for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(values, []);
  return out;
}

/** Every image reference in values: `{repository}` objects under an `image` key and `image:` strings. */
export function findImageReferences(values: unknown): { path: FieldPath; reference: string }[] {
  const out: { path: FieldPath; reference: string }[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (isRecord(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'image' && isRecord(v) && typeof v.repository === 'string')
          out.push({ path: [...path, k, 'repository'], reference: v.repository });
        else if (k === 'image' && typeof v === 'string') out.push({ path: [...path, k], reference: v });
        else walk(v, [...path, k]);
      }
    }
  };
  walk(values, []);
  return out;
}

/** The registry host an image reference names itself (`docker.io/x` → docker.io), or undefined. */
export function imageRegistryHost(reference: string): string | undefined {
  const slash = reference.indexOf('/');
  if (slash < 0) return undefined;
  const first = reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}
