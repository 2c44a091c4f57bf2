// What each tier promises, checked on the values it compiles to (so a `--set` cannot break a
// promise either). One named rule per promise in TIER_INVARIANTS; a finding names the values field
// and the rule, and the compiler places it in the file (profile, tenants, chart defaults or --set)
// that set the field.
import type { TierProfile } from '../schemas/tier-profile.js';
import type { TierName } from '../schemas/tier-names.js';
import { findExternalEndpoints, findImageReferences, imageRegistryHost } from './endpoints.js';
import { getPath, type FieldPath } from '../util/data.js';
import { profileToValues } from './to-values.js';
import type { Finding } from './finding.js';
import { allowedEgress, TIER_RULES, type TierNetworkRule } from './rules.js';
import { CLASSIFICATIONS } from '../schemas/tier-profile.js';
import { externalEndpointsIn } from './endpoints.js';
import { addressCount, isPrivateCidr, MAX_APPROVED_ADDRESSES, PRIVATE_NETWORKS } from './promises.js';

export type { Finding };

/** Narrower than this, a CIDR is a network; wider, it is "most of the internet". */
const MIN_PREFIX_LENGTH = 8;

const article = (tier: string) => (tier === 'edge' ? 'an' : 'a');
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** The compiled values of one tier, and what its rules read from them. */
export interface TierValues {
  readonly tier: TierName;
  /** The profile the values were compiled from (its name and classification). */
  readonly profile: TierProfile;
  readonly rule: TierNetworkRule;
  readonly get: (...path: FieldPath) => unknown;
  readonly values: Record<string, unknown>;
  /** `network.approvedEgress`. */
  readonly approved: readonly { cidr?: string }[];
  /** `global.registry`, and its host. */
  readonly registry: string;
  readonly registryHost: string;
}

/** A violation before its rule is stamped on it. */
type Violation = Omit<Finding, 'rule'>;

/** One promise: its name (`<tier>.x` for a rule every tier has), which tiers make it, the check. */
export interface TierInvariant {
  /** The rule name findings carry; `<tier>` stands for the tier checked. */
  readonly id: string;
  /** The tiers the rule applies to. */
  readonly tiers: readonly TierName[];
  readonly check: (t: TierValues) => Violation[];
}

const EVERY: readonly TierName[] = ['edge', 'datacenter', 'connected'];
const when = (cond: boolean, path: FieldPath, message: string): Violation[] => (cond ? [{ path, message }] : []);

/** The primary model, and the fallback when enabled, are served by the cluster itself. */
const localModelsOnly =
  (why: string) =>
  ({ get }: TierValues): Violation[] =>
    ['primary', 'fallback'].flatMap((role) => {
      const provider = get('models', role, 'provider');
      const used = role === 'primary' || get('models', 'fallback', 'enabled') === true;
      return when(
        provider !== undefined && provider !== 'local' && used,
        ['models', role, 'provider'],
        `${why} (provider local), found provider ${show(provider)}`,
      );
    });

/** CIDRs at `path` (items, or an item's `cidr`) narrower than MIN_PREFIX_LENGTH. */
const boundedCidrs = (
  items: readonly unknown[],
  path: FieldPath,
  cidrOf: (item: unknown) => unknown,
  message: (cidr: string) => string,
  sub: FieldPath = [],
): Violation[] =>
  items.flatMap((item, i) => {
    const cidr = cidrOf(item);
    return when(typeof cidr === 'string' && Number(cidr.split('/')[1]) < MIN_PREFIX_LENGTH, [...path, i, ...sub], message(String(cidr)));
  });

/** Every tier's promises, then each tier's own. */
export const TIER_INVARIANTS: readonly TierInvariant[] = [
  {
    id: 'profile.tier-consistent',
    tiers: EVERY,
    check: ({ tier, get }) =>
      when(
        get('global', 'tier') !== tier,
        ['global', 'tier'],
        `the profile is ${article(tier)} ${tier} tier but the values say ${show(get('global', 'tier'))}`,
      ),
  },
  {
    id: '<tier>.connectivity',
    tiers: EVERY,
    check: ({ tier, rule, get }) =>
      when(
        get('global', 'connectivity') !== rule.connectivity,
        ['global', 'connectivity'],
        `${article(tier)} ${tier} tier has connectivity ${rule.connectivity}, found ${show(get('global', 'connectivity'))}`,
      ),
  },
  {
    id: '<tier>.egress',
    tiers: EVERY,
    check: ({ tier, rule, get }) =>
      when(
        !(rule.egress as readonly unknown[]).includes(get('network', 'egress')),
        ['network', 'egress'],
        `${article(tier)} ${tier} tier allows egress ${allowedEgress(tier)}, found ${show(get('network', 'egress'))}`,
      ),
  },
  {
    id: '<tier>.images-from-registry',
    tiers: EVERY,
    check: ({ values, registry, registryHost }) =>
      findImageReferences(values).flatMap(({ path, reference }) => {
        const host = imageRegistryHost(reference);
        return when(
          host !== undefined && host !== registryHost,
          path,
          `every image is pulled from the tier's registry ${registry} (global.registry + repository); found an image naming its own registry ${host}: ${JSON.stringify(reference)}`,
        );
      }),
  },
  {
    id: 'edge.no-fallback-model',
    tiers: ['edge'],
    check: ({ get }) =>
      when(
        get('models', 'fallback', 'enabled') === true,
        ['models', 'fallback', 'enabled'],
        `an edge tier has no fallback model: models.fallback.enabled must be false, found enabled: true (model ${show(get('models', 'fallback', 'name'))})`,
      ),
  },
  {
    id: 'edge.local-models-only',
    tiers: ['edge'],
    check: localModelsOnly('an air-gapped edge tier serves its models itself'),
  },
  {
    id: 'edge.registry-local',
    tiers: ['edge'],
    check: ({ get }) =>
      when(
        get('global', 'registryType') !== 'local',
        ['global', 'registryType'],
        `an edge tier pulls every image from a local registry (registryType local), found ${show(get('global', 'registryType'))}`,
      ),
  },
  {
    id: 'edge.no-approved-egress',
    tiers: ['edge'],
    check: ({ approved }) =>
      when(
        approved.length > 0,
        ['network', 'approvedEgress'],
        `an edge tier has no approved egress, found ${approved.length} destination(s)`,
      ),
  },
  {
    id: 'edge.no-external-endpoint',
    tiers: ['edge'],
    check: ({ values, registry, registryHost }) =>
      findExternalEndpoints(values, registryHost ? [registryHost] : []).map((e) => ({
        path: e.path,
        message: `an air-gapped edge tier names no endpoint outside the site (allowed: the local registry ${registry}, *.svc, *.cluster.local, *.local, *.internal, private addresses); found ${JSON.stringify(e.endpoint)}`,
      })),
  },
  {
    id: 'datacenter.no-approved-egress',
    tiers: ['datacenter'],
    check: ({ approved }) =>
      when(
        approved.length > 0,
        ['network', 'approvedEgress'],
        `a datacenter tier reaches nothing outside the internal network: approvedEgress must be empty, found ${approved.length} destination(s)`,
      ),
  },
  {
    id: 'datacenter.local-models-only',
    tiers: ['datacenter'],
    check: localModelsOnly('a datacenter tier reaches nothing outside the internal network, so it serves its models itself'),
  },
  {
    id: 'datacenter.internal-cidrs-bounded',
    tiers: ['datacenter'],
    check: ({ get }) =>
      boundedCidrs(
        (get('network', 'internalCIDRs') ?? []) as unknown[],
        ['network', 'internalCIDRs'],
        (cidr) => cidr,
        (cidr) => `an internal network range is at most a /${MIN_PREFIX_LENGTH}, found ${cidr}, which reaches outside the internal network`,
      ),
  },
  {
    id: 'connected.approved-egress-non-empty',
    tiers: ['connected'],
    check: ({ approved }) =>
      when(
        approved.length === 0,
        ['network', 'approvedEgress'],
        'a connected tier reaches only an approved list of destinations: approvedEgress must list at least one {cidr, ports}, found none',
      ),
  },
  {
    id: 'connected.approved-egress-bounded',
    tiers: ['connected'],
    check: ({ approved }) =>
      boundedCidrs(
        approved,
        ['network', 'approvedEgress'],
        (e) => (e as { cidr?: unknown } | undefined)?.cidr,
        (cidr) => `an approved destination is at most a /${MIN_PREFIX_LENGTH}, found ${cidr}, which approves most of the internet`,
        ['cidr'],
      ),
  },
  {
    // the same endpoint rule as egress: a registry off the site is a way out
    id: 'edge.registry-on-site',
    tiers: ['edge'],
    check: ({ registry, registryHost }) =>
      when(
        registryHost !== '' && externalEndpointsIn(registryHost, []).length > 0,
        ['global', 'registry'],
        `an air-gapped edge tier pulls every image from a registry on the site (*.local, *.internal, *.svc, a private address or a single-label name), found ${JSON.stringify(registry)}`,
      ),
  },
  {
    id: '<tier>.classification-not-lowered',
    tiers: EVERY,
    check: ({ get, profile }) => {
      const found = get('global', 'classification');
      const rank = (c: unknown) => CLASSIFICATIONS.indexOf(c as (typeof CLASSIFICATIONS)[number]);
      return when(
        rank(found) < rank(profile.classification),
        ['global', 'classification'],
        `the ${profile.name} tier is classified ${profile.classification}; its classification cannot go down, found ${show(found)}`,
      );
    },
  },
  {
    id: 'edge.ingress-internal',
    tiers: ['edge'],
    check: ({ get }) =>
      when(
        get('network', 'ingress') !== 'internal-only',
        ['network', 'ingress'],
        `an air-gapped edge tier is reached only from inside the site (ingress internal-only), found ${show(get('network', 'ingress'))}`,
      ),
  },
  {
    id: '<tier>.internal-cidrs-private',
    tiers: ['datacenter', 'connected'],
    check: ({ get }) => {
      const cidrs = get('network', 'internalCIDRs');
      return (Array.isArray(cidrs) ? cidrs : []).flatMap((cidr, i) =>
        when(
          typeof cidr === 'string' && !isPrivateCidr(cidr),
          ['network', 'internalCIDRs', i],
          `an internal network range lies in private address space (${PRIVATE_NETWORKS.join(', ')}, or fc00::/7), found ${String(cidr)}`,
        ),
      );
    },
  },
  {
    id: 'connected.approved-egress-total',
    tiers: ['connected'],
    check: ({ approved }) => {
      const cidrs = approved.map((e) => e?.cidr).filter((c): c is string => typeof c === 'string');
      const total = addressCount(cidrs);
      return when(
        total > MAX_APPROVED_ADDRESSES,
        ['network', 'approvedEgress'],
        `a connected tier approves at most ${MAX_APPROVED_ADDRESSES.toLocaleString('en-US')} addresses in total (one /8), found ${total.toLocaleString('en-US')} over ${cidrs.length} ${cidrs.length === 1 ? 'entry' : 'entries'}, which approves most of the internet`,
      );
    },
  },
];

/** The rule name an invariant's findings carry for `tier`. */
export const invariantRule = (invariant: TierInvariant, tier: TierName): string => invariant.id.replace('<tier>', tier);

/** The tier's invariants over `values` (default: the profile's own values), in TIER_INVARIANTS' order. */
export function checkTierInvariants(profile: TierProfile, values: Record<string, unknown> = profileToValues(profile)): Finding[] {
  const tier = profile.tier;
  const get = (...path: FieldPath) => getPath(values, path);
  const registry = String(get('global', 'registry') ?? '');
  const t: TierValues = {
    tier,
    profile,
    rule: TIER_RULES[tier],
    get,
    values,
    approved: (get('network', 'approvedEgress') ?? []) as { cidr?: string }[],
    registry,
    registryHost: registry.split('/')[0],
  };
  return TIER_INVARIANTS.filter((inv) => inv.tiers.includes(tier)).flatMap((inv) =>
    inv.check(t).map((v) => ({ ...v, rule: invariantRule(inv, tier) })),
  );
}
