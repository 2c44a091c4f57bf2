// Property-based tests: random valid tier profiles and tenant lists always compile, render,
// validate and pass the isolation check; random mutations of valid inputs are accepted (and still
// valid) or refused with an InputError (exit 2) — never another exception, a hang, or a chart Helm
// or aipc validate rejects. A fixed seed in CI; AIPC_PROPERTY_RUNS / AIPC_PROPERTY_SEED for longer runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIsolation } from '../../src/checks/isolation/verdicts.js';
import { AipcError, InputError } from '../../src/errors.js';
import { formatYaml } from '../../src/io/yaml-format.js';
import { renderObjects } from '../../src/render/render.js';
import { compileValues } from '../../src/tiers/index.js';
import { validateObjects } from '../../src/validate/api.js';
import { tempDir } from '../helpers.js';

const SEED = Number(process.env.AIPC_PROPERTY_SEED ?? 20240601);
const EXTRA = process.env.AIPC_PROPERTY_RUNS ? Number(process.env.AIPC_PROPERTY_RUNS) : undefined;
/** Pure properties: 200 cases in CI. */
const PURE_RUNS = EXTRA ?? 200;
/** Render → validate → isolation: ~0.3 s of Helm per case, so 12 in CI (AIPC_PROPERTY_RUNS for more). */
const RENDER_RUNS = EXTRA ?? 12;

interface TenantIn {
  name: string;
  quota: { cpu: string; memory: string; gpu: number; pvcs: number; pods: number };
  budget: { maxTotalTokens: number; maxTotalCost: string; maxConcurrentRuns: number };
}

const tenantName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/).map((s) => `t-${s}`);
const tenantArb = (maxGpu: number): fc.Arbitrary<Omit<TenantIn, 'name'>> =>
  fc.record({
    quota: fc.record({
      cpu: fc.oneof(
        fc.integer({ min: 1, max: 8 }).map(String),
        fc.integer({ min: 100, max: 4000 }).map((m) => `${m}m`),
      ),
      memory: fc.oneof(
        fc.integer({ min: 1, max: 16 }).map((g) => `${g}Gi`),
        fc.integer({ min: 128, max: 4096 }).map((m) => `${m}Mi`),
      ),
      gpu: fc.integer({ min: 0, max: maxGpu }),
      pvcs: fc.integer({ min: 0, max: 20 }),
      pods: fc.integer({ min: 1, max: 100 }),
    }),
    budget: fc.record({
      maxTotalTokens: fc.integer({ min: 0, max: 1e12 }),
      maxTotalCost: fc
        .tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 }))
        .map(([d, c]) => `${d}.${String(c).padStart(2, '0')}`),
      maxConcurrentRuns: fc.integer({ min: 1, max: 50 }),
    }),
  });

/** A tier (by its GPU capacity) with up to 4 tenants that fit it. */
const scenarioArb = fc
  .record({
    tier: fc.constantFrom('edge', 'datacenter', 'connected'),
    names: fc.uniqueArray(tenantName, { minLength: 0, maxLength: 4 }),
    memoryPerPod: fc.constantFrom(undefined, '8Gi', '16Gi', '32Gi'),
    contextLength: fc.constantFrom(undefined, 4096, 8192),
  })
  .chain((s) =>
    fc.record({
      s: fc.constant(s),
      tenants: fc.tuple(...s.names.map(() => tenantArb(s.tier === 'edge' ? 0 : 4))),
    }),
  )
  .map(({ s, tenants }) => ({
    tier: s.tier,
    overrides: {
      ...(s.memoryPerPod ? { memoryPerPod: s.memoryPerPod } : {}),
      ...(s.contextLength ? { models: { primary: { contextLength: s.contextLength } } } : {}),
    },
    tenants: tenants.map((t, i) => ({ name: s.names[i], ...t }) as TenantIn),
  }));

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function writeScenario(dir: string, sc: Scenario, tenantsText?: string): { profile: string; tenants: string } {
  const profile = join(dir, 'profile.yaml');
  const tenants = join(dir, 'tenants.yaml');
  writeFileSync(profile, formatYaml({ extends: sc.tier, name: `site-${sc.tier}`, ...sc.overrides }));
  writeFileSync(tenants, tenantsText ?? formatYaml({ tenants: sc.tenants }));
  return { profile, tenants };
}

/** Compiles, and says whether it failed only with an InputError carrying a message. */
function compileOrRefuse(files: { profile: string; tenants: string }, sets: string[] = []) {
  try {
    return { ok: true as const, compiled: compileValues({ tier: files.profile, tenantsFile: files.tenants, set: sets }) };
  } catch (err) {
    if (err instanceof InputError && err.diagnostics.length > 0 && err.message.length > 0 && err.exitCode === 2)
      return { ok: false as const, err };
    throw err;
  }
}

const HOSTILE_VALUES = [
  'no',
  '~',
  '0755',
  '1e3',
  '-1',
  '2.5',
  '20GB',
  '"$1.00"',
  '""',
  '[]',
  '{}',
  'null',
  '"{{ .Values }}"',
  '!!binary aGk=',
  '&a x',
  '*a',
  '1e400',
  '9007199254740993',
  '"\\u0000"',
  'Team-A',
  '"a\tb"',
  '100000Ti',
  "'x'",
  '- x',
];

describe('properties of compile, render, validate and isolation', () => {
  it(`random valid profiles and tenant lists always compile (${PURE_RUNS} cases)`, () => {
    const dir = tempDir('aipc-prop-');
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const r = compileOrRefuse(writeScenario(dir, sc));
        if (!r.ok) throw new Error(`refused a valid input:\n${r.err.message}`);
        expect((r.compiled.mergedValues.tenants as unknown[]).length).toBe(sc.tenants.length);
      }),
      { seed: SEED, numRuns: PURE_RUNS },
    );
  });

  it(`random mutations are accepted or refused with exit 2 and a message, never a crash (${PURE_RUNS} cases)`, () => {
    const dir = tempDir('aipc-prop-');
    const mutation = fc.oneof(
      // replace one scalar in the tenant list's text with a hostile one
      fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.constantFrom(...HOSTILE_VALUES) }),
      // splice random text (including tabs, braces, colons, non-ASCII) into the tenant list
      fc.record({
        kind: fc.constant('splice' as const),
        at: fc.nat(),
        value: fc.string({
          unit: fc.constantFrom('a', ':', ' ', '\t', '\n', '-', '{', '}', '[', ']', '&', '*', '#', '"', "'", '0', 'é', '!', '|', '>'),
          maxLength: 8,
        }),
      }),
      // a random --set of a hostile value at a real path
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(...HOSTILE_VALUES) }),
    );
    const SET_PATHS = [
      'tenants[0].name',
      'tenants[0].quota.memory',
      'tenants[0].quota.gpu',
      'tenants[0].budget.maxTotalCost',
      'models.primary.name',
      'global.tier',
      'network.egress',
      'gateway.config.x',
      'ui.config.title',
      'inference.replicas',
      'nosuch.path',
      'tenants[9].name',
    ];
    fc.assert(
      fc.property(scenarioArb, mutation, (sc, m) => {
        let text = formatYaml({ tenants: sc.tenants });
        const sets: string[] = [];
        if (m.kind === 'value') {
          const scalars = [...text.matchAll(/: ([^\n]+)$/gm)];
          if (scalars.length) {
            const hit = scalars[m.at % scalars.length];
            const start = hit.index! + 2;
            text = text.slice(0, start) + m.value + text.slice(start + hit[1].length);
          }
        } else if (m.kind === 'splice') {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.value + text.slice(at);
        } else {
          sets.push(`${SET_PATHS[m.at % SET_PATHS.length]}=${m.value}`);
        }
        const r = compileOrRefuse(writeScenario(dir, sc, text), sets);
        if (!r.ok) {
          // every diagnostic names the file (or --set) and says something
          for (const d of r.err.diagnostics) expect(d.file && d.message).toBeTruthy();
        }
      }),
      { seed: SEED, numRuns: PURE_RUNS },
    );
  });

  it(`random valid inputs render with Helm, validate and pass the isolation check (${RENDER_RUNS} cases)`, async () => {
    const dir = tempDir('aipc-prop-');
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const r = compileOrRefuse(writeScenario(dir, sc));
        if (!r.ok) throw new Error(`refused a valid input:\n${r.err.message}`);
        const values = join(dir, 'values.yaml');
        writeFileSync(values, r.compiled.text);
        let objects;
        try {
          objects = await renderObjects({ valuesFiles: [values], set: ['namespace.create=true'] });
        } catch (err) {
          throw new Error(`Helm rejected compiled values: ${(err as AipcError).message}`, { cause: err });
        }
        const report = validateObjects(objects, { strict: true });
        const invalid = report.objects.filter((o) => o.verdict === 'invalid');
        expect(invalid.map((o) => JSON.stringify(o).slice(0, 400))).toEqual([]);
        const iso = checkIsolation(
          objects.map((o) => o.object),
          { forbidExternal: sc.tier === 'edge' },
        );
        expect(iso.violations.map((v) => v.message)).toEqual([]);
        for (const t of sc.tenants)
          expect(objects.some((o) => o.object.kind === 'Namespace' && o.object.metadata?.name === `tenant-${t.name}`)).toBe(true);
      }),
      { seed: SEED, numRuns: RENDER_RUNS },
    );
  }, 180_000);
});
