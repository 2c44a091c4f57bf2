// Every tier invariant fires on the values that break its promise and stays quiet on the built-in
// tier's own values; an invariant added to TIER_INVARIANTS without a case here fails the last test.
import { describe, expect, it } from 'vitest';
import { checkTierInvariants, invariantRule, TIER_INVARIANTS } from '../../src/tiers/invariants.js';
import { profileToValues } from '../../src/tiers/to-values.js';
import type { TierName } from '../../src/schemas/tier-names.js';
import { SPEC_TIERS } from '../support/spec-tiers.js';

type Values = Record<string, any>;
const other = (tier: TierName): TierName => (tier === 'edge' ? 'datacenter' : 'edge');

/** Per invariant: a change of the tier's values that breaks it, and a word of the message it gives. */
const FIRING: Record<string, { change: (v: Values, tier: TierName) => void; says: RegExp }> = {
  'profile.tier-consistent': { change: (v, tier) => (v.global.tier = other(tier)), says: /but the values say/ },
  '<tier>.connectivity': {
    change: (v) => (v.global.connectivity = 'intermittent-satellite'),
    says: /has connectivity .*, found "intermittent-satellite"/,
  },
  '<tier>.egress': { change: (v) => (v.network.egress = 'everywhere'), says: /allows egress .*, found "everywhere"/ },
  '<tier>.images-from-registry': {
    change: (v) => (v.sidecar = { image: 'docker.io/library/busybox:1.36' }),
    says: /naming its own registry docker\.io/,
  },
  'edge.no-fallback-model': {
    change: (v) => (v.models.fallback = { ...v.models.fallback, enabled: true, name: 'small' }),
    says: /no fallback model: models\.fallback\.enabled must be false, found enabled: true \(model "small"\)/,
  },
  'edge.registry-on-site': { change: (v) => (v.global.registry = 'docker.io'), says: /on the site .*found "docker\.io"/ },
  '<tier>.classification-not-lowered': {
    // below every level a profile can name (connected is unclassified already)
    change: (v) => (v.global.classification = 'public'),
    says: /classification cannot go down, found "public"/,
  },
  'edge.ingress-internal': { change: (v) => (v.network.ingress = 'load-balanced'), says: /found "load-balanced"/ },
  '<tier>.internal-cidrs-private': {
    change: (v) => (v.network.internalCIDRs = ['10.0.0.0/8', '11.0.0.0/8']),
    says: /private address space .*found 11\.0\.0\.0\/8/,
  },
  'connected.approved-egress-total': {
    change: (v) => (v.network.approvedEgress = ['11.0.0.0/8', '12.0.0.0/8'].map((cidr) => ({ cidr, ports: [443] }))),
    says: /at most 16,777,216 addresses in total .*found 33,554,432 over 2 entries/,
  },
  'edge.local-models-only': { change: (v) => (v.models.primary.provider = 'openai'), says: /found provider "openai"/ },
  'edge.registry-local': { change: (v) => (v.global.registryType = 'mirror'), says: /found "mirror"/ },
  'edge.no-approved-egress': {
    change: (v) => (v.network.approvedEgress = [{ cidr: '10.1.0.0/16', ports: [443] }]),
    says: /found 1 destination/,
  },
  'edge.no-external-endpoint': {
    change: (v) => (v.controller = { ...v.controller, webhook: 'https://example.com/hook' }),
    says: /example\.com/,
  },
  'datacenter.no-approved-egress': {
    change: (v) => (v.network.approvedEgress = [{ cidr: '10.1.0.0/16', ports: [443] }]),
    says: /approvedEgress must be empty, found 1/,
  },
  'datacenter.local-models-only': { change: (v) => (v.models.primary.provider = 'anthropic'), says: /found provider "anthropic"/ },
  'datacenter.internal-cidrs-bounded': {
    change: (v) => (v.network.internalCIDRs = ['10.0.0.0/8', '0.0.0.0/0']),
    says: /found 0\.0\.0\.0\/0/,
  },
  'connected.approved-egress-non-empty': { change: (v) => (v.network.approvedEgress = []), says: /found none/ },
  'connected.approved-egress-bounded': {
    change: (v) => (v.network.approvedEgress = [{ cidr: '0.0.0.0/1', ports: [443] }]),
    says: /found 0\.0\.0\.0\/1/,
  },
};

const cases = TIER_INVARIANTS.flatMap((inv) => inv.tiers.map((tier) => [invariantRule(inv, tier), inv.id, tier] as const));

describe('tier invariants', () => {
  it.each(cases)('%s is quiet on the built-in tier', (rule, _id, tier) => {
    expect(checkTierInvariants(SPEC_TIERS[tier]).filter((f) => f.rule === rule)).toEqual([]);
  });

  it.each(cases)('%s fires, naming the field', (rule, id, tier) => {
    const values = structuredClone(profileToValues(SPEC_TIERS[tier])) as Values;
    FIRING[id].change(values, tier);
    const found = checkTierInvariants(SPEC_TIERS[tier], values).filter((f) => f.rule === rule);
    expect(found.length, JSON.stringify(checkTierInvariants(SPEC_TIERS[tier], values))).toBeGreaterThan(0);
    expect(found[0].message).toMatch(FIRING[id].says);
    expect(found[0].path.length).toBeGreaterThan(0);
  });

  it('an invariant of one tier does not judge another', () => {
    const values = structuredClone(profileToValues(SPEC_TIERS.connected)) as Values;
    values.models.primary.provider = 'openai';
    expect(checkTierInvariants(SPEC_TIERS.connected, values).map((f) => f.rule)).not.toContain('edge.local-models-only');
  });

  it('every invariant has a firing case and a quiet case', () => {
    expect(Object.keys(FIRING).sort()).toEqual(TIER_INVARIANTS.map((i) => i.id).sort());
    expect(new Set(cases.map(([rule, , tier]) => `${tier} ${rule}`)).size).toBe(cases.length);
  });
});
