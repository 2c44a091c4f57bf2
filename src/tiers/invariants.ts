// What each tier promises, checked on the values it compiles to (so a `--set` cannot break a
// promise either). A finding names the values field and the rule; the compiler places it in the
// file (profile, tenants, chart defaults or --set) that set the field.
import type { TierProfile } from '../schemas/tier-profile.js';
import { findExternalEndpoints, findImageReferences, imageRegistryHost } from './endpoints.js';
import { getPath, type FieldPath } from '../util/data.js';
import { profileToValues } from './to-values.js';
import type { Finding } from './finding.js';
import { allowedEgress, TIER_RULES } from './rules.js';

export type { Finding };

/** Narrower than this, a CIDR is a network; wider, it is "most of the internet". */
const MIN_PREFIX_LENGTH = 8;

const article = (tier: string) => (tier === 'edge' ? 'an' : 'a');
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * The tier's invariants over `values` (default: the profile's own values). Rules:
 * every tier: `<tier>.connectivity`, `<tier>.egress`, `<tier>.images-from-registry`, `profile.tier-consistent`;
 * edge: `edge.no-fallback-model`, `edge.local-models-only`, `edge.registry-local`, `edge.no-approved-egress`,
 * `edge.no-external-endpoint`; datacenter: `datacenter.no-approved-egress`, `datacenter.local-models-only`,
 * `datacenter.internal-cidrs-bounded`; connected: `connected.approved-egress-non-empty`, `connected.approved-egress-bounded`.
 */
export function checkTierInvariants(profile: TierProfile, values: Record<string, unknown> = profileToValues(profile)): Finding[] {
  const tier = profile.tier;
  const findings: Finding[] = [];
  const at = (path: FieldPath, message: string, rule: string) => findings.push({ path, message, rule });
  const get = (...path: FieldPath) => getPath(values, path);

  if (get('global', 'tier') !== tier) {
    at(
      ['global', 'tier'],
      `the profile is ${article(tier)} ${tier} tier but the values say ${show(get('global', 'tier'))}`,
      'profile.tier-consistent',
    );
  }
  const rule = TIER_RULES[tier];
  if (get('global', 'connectivity') !== rule.connectivity) {
    at(
      ['global', 'connectivity'],
      `${article(tier)} ${tier} tier has connectivity ${rule.connectivity}, found ${show(get('global', 'connectivity'))}`,
      `${tier}.connectivity`,
    );
  }
  if (!(rule.egress as readonly unknown[]).includes(get('network', 'egress'))) {
    at(
      ['network', 'egress'],
      `${article(tier)} ${tier} tier allows egress ${allowedEgress(tier)}, found ${show(get('network', 'egress'))}`,
      `${tier}.egress`,
    );
  }
  const approved = (get('network', 'approvedEgress') ?? []) as { cidr?: string }[];
  const registry = String(get('global', 'registry') ?? '');
  const registryHost = registry.split('/')[0];
  for (const { path, reference } of findImageReferences(values)) {
    const host = imageRegistryHost(reference);
    if (host !== undefined && host !== registryHost) {
      at(
        path,
        `every image is pulled from the tier's registry ${registry} (global.registry + repository); found an image naming its own registry ${host}: ${JSON.stringify(reference)}`,
        `${tier}.images-from-registry`,
      );
    }
  }

  if (tier === 'edge') {
    if (get('models', 'fallback', 'enabled') === true) {
      at(
        ['models', 'fallback', 'enabled'],
        `an edge tier has no fallback model, found ${show(get('models', 'fallback', 'name'))}`,
        'edge.no-fallback-model',
      );
    }
    for (const role of ['primary', 'fallback']) {
      const provider = get('models', role, 'provider');
      if (provider !== undefined && provider !== 'local' && (role === 'primary' || get('models', 'fallback', 'enabled') === true)) {
        at(
          ['models', role, 'provider'],
          `an air-gapped edge tier serves its models itself (provider local), found provider ${show(provider)}`,
          'edge.local-models-only',
        );
      }
    }
    if (get('global', 'registryType') !== 'local') {
      at(
        ['global', 'registryType'],
        `an edge tier pulls every image from a local registry (registryType local), found ${show(get('global', 'registryType'))}`,
        'edge.registry-local',
      );
    }
    if (approved.length)
      at(
        ['network', 'approvedEgress'],
        `an edge tier has no approved egress, found ${approved.length} destination(s)`,
        'edge.no-approved-egress',
      );
    for (const e of findExternalEndpoints(values, registryHost ? [registryHost] : [])) {
      at(
        e.path,
        `an air-gapped edge tier names no endpoint outside the site (allowed: the local registry ${registry}, *.svc, *.cluster.local, *.local, *.internal, private addresses); found ${JSON.stringify(e.endpoint)}`,
        'edge.no-external-endpoint',
      );
    }
  }
  if (tier === 'datacenter') {
    if (approved.length)
      at(
        ['network', 'approvedEgress'],
        `a datacenter tier reaches nothing outside the internal network: approvedEgress must be empty, found ${approved.length} destination(s)`,
        'datacenter.no-approved-egress',
      );
    for (const role of ['primary', 'fallback']) {
      const provider = get('models', role, 'provider');
      if (provider !== undefined && provider !== 'local' && (role === 'primary' || get('models', 'fallback', 'enabled') === true)) {
        at(
          ['models', role, 'provider'],
          `a datacenter tier reaches nothing outside the internal network, so it serves its models itself (provider local), found provider ${show(provider)}`,
          'datacenter.local-models-only',
        );
      }
    }
    const internal = (get('network', 'internalCIDRs') ?? []) as unknown[];
    internal.forEach((cidr, i) => {
      if (typeof cidr === 'string' && Number(cidr.split('/')[1]) < MIN_PREFIX_LENGTH) {
        at(
          ['network', 'internalCIDRs', i],
          `an internal network range is at most a /${MIN_PREFIX_LENGTH}, found ${cidr}, which reaches outside the internal network`,
          'datacenter.internal-cidrs-bounded',
        );
      }
    });
  }
  if (tier === 'connected') {
    if (approved.length === 0) {
      at(
        ['network', 'approvedEgress'],
        'a connected tier reaches only an approved list of destinations: approvedEgress must list at least one {cidr, ports}, found none',
        'connected.approved-egress-non-empty',
      );
    }
    approved.forEach((e, i) => {
      if (typeof e?.cidr === 'string' && Number(e.cidr.split('/')[1]) < MIN_PREFIX_LENGTH) {
        at(
          ['network', 'approvedEgress', i, 'cidr'],
          `an approved destination is at most a /${MIN_PREFIX_LENGTH}, found ${e.cidr}, which approves most of the internet`,
          'connected.approved-egress-bounded',
        );
      }
    });
  }
  return findings;
}
