// Two chart directories and each tier's two renders in, a CompatReport out: the values API and
// the CRDs in crds/ once, then per tier the old tier values against the new schema and the two
// renders (each side with its own tier inputs, as `helm upgrade` would apply them) compared for
// upgrade blockers, then the version verdict. The caller renders (actions/compat.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { RenderedInputs } from '../diff/diff.js';
import type { ManifestObject } from '../io/manifests.js';
import { readYamlFile, type SourceDocument } from '../io/yaml-read.js';
import { crdSchemaFindings } from './crd-schema.js';
import { upgradeFindings } from './blockers.js';
import { judgeVersion, requiredBump, type CompatFinding, type CompatReport, type CompatSection } from './report.js';
import { checkOldValuesFile, compareDefaults, compareValuesSchemas } from './values-api.js';

/** One side of the comparison: a chart directory and what to call it. */
export interface ChartSide {
  readonly dir: string;
  readonly label: string;
}

/** One side's render of a tier, made by the caller as every command renders a tier. */
export interface TierSideRender {
  readonly objects: readonly ManifestObject[];
  /** What the side was rendered from (tier, profile, tenants, files read). */
  readonly rendered: RenderedInputs;
  /** The tier's values file on this side (a built-in tier file, or the tier compiled on the fly), checked against the new schema. */
  readonly tierValues?: { readonly name: string; readonly doc: SourceDocument };
}

/** A tier's renders on both sides; a side is absent when a built-in tier's values file does not exist there. */
export interface TierRenders {
  /** The tier as reports name it: a built-in tier, or a site profile's name. */
  readonly tier: string;
  /** The values file that is missing when a side is absent. */
  readonly valuesFile: string;
  readonly before?: TierSideRender;
  readonly after?: TierSideRender;
}

export interface CompareOptions {
  readonly tiers: readonly TierRenders[];
  /**
   * Operators' own values files as the old side has them (`file`; with --base, its copy at that
   * ref) and as the user named them (`name`): checked against the new schema.
   */
  readonly extraValuesFiles?: readonly { readonly name: string; readonly file: string }[];
  /** The new chart as an operator names it in a command (for the CRD migration); default its directory. */
  readonly chartPath?: string;
}

interface ChartFacts {
  readonly version: string;
  readonly schema: unknown;
  readonly defaults: unknown;
}

function readChart(side: ChartSide): ChartFacts {
  const chartYaml = join(side.dir, 'Chart.yaml');
  if (!existsSync(chartYaml)) throw new InputError([{ file: side.dir, message: `${side.label} is not a chart directory (no Chart.yaml)` }]);
  const chart = readYamlFile(chartYaml).value as { version?: unknown };
  const schemaFile = join(side.dir, 'values.schema.json');
  let schema: unknown = {};
  if (existsSync(schemaFile)) {
    try {
      schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    } catch (err) {
      throw new InputError([{ file: schemaFile, message: `not JSON: ${(err as Error).message}` }]);
    }
  }
  const valuesFile = join(side.dir, 'values.yaml');
  return {
    version: String(chart?.version ?? ''),
    schema,
    defaults: existsSync(valuesFile) ? readYamlFile(valuesFile).value : {},
  };
}

/** Compares the chart `before` with `after` for the given tiers. */
export function compareCharts(before: ChartSide, after: ChartSide, options: CompareOptions): CompatReport {
  const old = readChart(before);
  const now = readChart(after);
  const schema = (now.schema ?? {}) as object;
  const chart: CompatFinding[] = [...compareValuesSchemas(old.schema, now.schema), ...compareDefaults(old.defaults, now.defaults)];
  const valuesFiles = options.extraValuesFiles ?? [];
  for (const { name, file } of valuesFiles) chart.push(...checkOldValuesFile(name, readYamlFile(file), schema, now.defaults));
  chart.push(...crdSchemaFindings(before.dir, after.dir, options.chartPath ?? after.dir));
  const sections = options.tiers.map((t): CompatSection => {
    const findings: CompatFinding[] = [];
    if (t.before?.tierValues) findings.push(...checkOldValuesFile(t.before.tierValues.name, t.before.tierValues.doc, schema, now.defaults));
    const missing = [t.before ? undefined : before.label, t.after ? undefined : after.label].filter((l) => l !== undefined);
    if (!t.before || !t.after)
      return {
        tier: t.tier,
        note: `${t.valuesFile} does not exist in ${missing.join(' nor ')}: no renders compared`,
        findings,
        objects: { added: 0, removed: 0, changed: 0 },
      };
    const upgrade = upgradeFindings(t.before.objects, t.after.objects);
    return {
      tier: t.tier,
      rendered: { before: t.before.rendered, after: t.after.rendered },
      findings: [...findings, ...upgrade.findings],
      objects: upgrade.objects,
    };
  });
  const all = [...chart, ...sections.flatMap((s) => s.findings)];
  const anyChange = all.length > 0 || sections.some((s) => s.objects.added + s.objects.removed + s.objects.changed > 0);
  const version = judgeVersion(old.version, now.version, requiredBump(all, anyChange));
  return {
    before: before.label,
    after: after.label,
    chart,
    sections,
    version,
    failed: all.some((f) => f.severity === 'breaking') || !version.ok,
  };
}
