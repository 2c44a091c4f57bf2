// The chart's declared lint exceptions travel on the objects as kube-linter's and Polaris' own
// annotations: a plain `aipc render --tier X | aipc lint -` (what a stock linter sees) agrees with
// `aipc lint --tier X` for every tier, with every optional API gate and component on, and every
// annotation names a declared exception that covers its object, with that exception's reason.
// `lint.exceptionAnnotations=false` renders none.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifestText } from '../../src/io/manifests.js';
import { LINT_CHECKS } from '../../src/checks/lint/registry.js';
import { exceptionMatches, sourceTemplateOf } from '../../src/kube/refs.js';
import { lintExceptions } from '../../src/model/lint-exceptions.js';
import { runCli, tempDir } from '../helpers.js';
import { ALL_COMPONENTS_ON, ALL_GATED_APIS } from '../support/chart-apis.js';
import { SPEC_TIERS } from '../support/spec-tiers.js';

const KUBE_LINTER = 'ignore-check.kube-linter.io/';
const POLARIS = /^polaris\.fairwinds\.com\/(.+)-exempt$/;

const gates = ALL_GATED_APIS.flatMap((a) => ['--api-versions', a]);
const variants: [string, string[], string[]][] = [
  ['', [], []],
  // the cluster serves every gated API (lint is told so too: PodSecurityPolicy is then no removed API)
  [' with every optional API and component', [...gates, ...ALL_COMPONENTS_ON.flatMap((s) => ['--set', s])], gates],
];

/** The tier, or with every component on a site profile over it that allows the extra engines' GPUs. */
function tierArg(tier: string, allComponents: boolean): string {
  if (!allComponents) return tier;
  const file = join(tempDir(), `${tier}-all.yaml`);
  writeFileSync(file, `extends: ${tier}\nname: ${tier}-all\novercommit:\n  gpu: 8\n`);
  return file;
}

function render(tier: string, extra: string[]): string {
  const r = runCli(['render', '--tier', tier, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

interface Rendered {
  kind: string;
  name: string;
  namespace: string;
  template?: string;
  component?: string;
  annotations: Record<string, string>;
}

function objectsOf(stream: string): Rendered[] {
  return readManifestText(stream, '<render>').objects.map(({ object: o, source }) => {
    const metadata = (o.metadata ?? {}) as {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    return {
      kind: String(o.kind),
      name: metadata.name ?? '',
      namespace: metadata.namespace ?? '',
      template: sourceTemplateOf(source),
      component: metadata.labels?.['app.kubernetes.io/component'],
      annotations: metadata.annotations ?? {},
    };
  });
}

describe('declared lint exceptions as annotations on the objects', () => {
  it('name the Polaris id the lint registry gives each check', () => {
    for (const e of lintExceptions) {
      const check = LINT_CHECKS.find((c) => c.name === e.check);
      expect(check, e.check).toBeDefined();
      expect(e.polaris, e.check).toBe(check!.polaris);
    }
  });

  describe.each(Object.keys(SPEC_TIERS))('tier %s', (tierName) => {
    it.each(variants)('a plain render lints clean and agrees with `aipc lint --tier`%s', (label, extra, served) => {
      const tier = tierArg(tierName, label !== '');
      const stream = render(tier, extra);
      const plain = runCli(['lint', '-', ...served, '--format', 'json'], { input: stream });
      expect(JSON.parse(plain.stdout).reports).toEqual([]);
      expect(plain.code).toBe(0);
      expect(runCli(['lint', '--tier', tier, ...extra]).code).toBe(0);
      // without the annotations a plain lint reports exactly what `--tier` accepts by a declared
      // exception, and each of those findings' objects carries that check's annotation when on
      const off = [...extra, '--set', 'lint.exceptionAnnotations=false'];
      const bare = JSON.parse(runCli(['lint', '-', ...served, '--format', 'json'], { input: render(tier, off) }).stdout).reports as {
        check: string;
        kind: string;
        namespace: string;
        name: string;
      }[];
      expect(bare.length).toBeGreaterThan(0);
      const byTier = runCli(['lint', '--tier', tier, ...off, '--format', 'json']);
      expect(byTier.code, byTier.stdout).toBe(0);
      const accepted = (JSON.parse(byTier.stdout).exceptions as { findings: number }[]).reduce((n, e) => n + e.findings, 0);
      // `--tier` runs the cross-object checks that need the whole release besides: at least as many
      expect(accepted).toBeGreaterThanOrEqual(bare.length);
      const objects = objectsOf(stream);
      for (const f of bare) {
        const o = objects.find((y) => y.kind === f.kind && y.name === f.name && y.namespace === f.namespace);
        expect(o, `${f.kind}/${f.name}`).toBeDefined();
        expect(Object.keys(o!.annotations), `${f.check} on ${f.kind}/${f.name}`).toContain(`${KUBE_LINTER}${f.check}`);
      }
      // every annotation names a declared exception covering its object, with its reason
      let seen = 0;
      for (const o of objects) {
        const names = [o.template, o.component, o.name, `${o.kind}/${o.name}`, `${o.kind}/${o.namespace}/${o.name}`].filter(
          (n): n is string => !!n,
        );
        for (const [key, value] of Object.entries(o.annotations)) {
          const covers = (e: (typeof lintExceptions)[number]) => e.kinds.includes(o.kind) && exceptionMatches(e.object, names);
          if (key.startsWith(KUBE_LINTER)) {
            seen++;
            const e = lintExceptions.find((x) => x.check === key.slice(KUBE_LINTER.length) && covers(x));
            expect(e, `${key} on ${o.kind}/${o.name}`).toBeDefined();
            expect(value).toBe(e!.reason);
          }
          const polaris = POLARIS.exec(key);
          if (polaris) {
            seen++;
            expect(value).toBe('true');
            expect(
              lintExceptions.some((x) => x.polaris === polaris[1] && covers(x)),
              `${key} on ${o.kind}/${o.name}`,
            ).toBe(true);
          }
        }
      }
      expect(seen).toBeGreaterThan(0);
    });
  });

  it('lint.exceptionAnnotations=false renders none: a plain lint then reports what `--tier` accepts', () => {
    const stream = render('edge', ['--set', 'lint.exceptionAnnotations=false']);
    expect(stream).not.toContain(KUBE_LINTER);
    expect(stream).not.toMatch(/polaris\.fairwinds\.com\/\w+-exempt/);
    const plain = runCli(['lint', '-', '--format', 'json'], { input: stream });
    expect(plain.code).toBe(1);
    const findings = JSON.parse(plain.stdout).reports as { check: string }[];
    for (const f of findings) expect(lintExceptions.map((e) => e.check)).toContain(f.check);
    const byTier = runCli(['lint', '--tier', 'edge', '--set', 'lint.exceptionAnnotations=false']);
    expect(byTier.code, byTier.stdout).toBe(0);
  });
});
