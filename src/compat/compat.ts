// Two chart directories in, a CompatReport out: the values API once, then per tier the old tier
// file against the new schema and the two renders (each chart with its own tier file, as
// `helm upgrade` would apply them) compared for upgrade blockers, then the version verdict.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readYamlFile } from '../io/yaml-read.js';
import { renderTierObjects } from '../render/render.js';
import { TIER_VALUES_FILES, type TierName } from '../schemas/tier-names.js';
import { upgradeFindings } from './blockers.js';
import { judgeVersion, requiredBump, type CompatFinding, type CompatReport, type CompatSection } from './report.js';
import { checkOldValuesFile, compareDefaults, compareValuesSchemas } from './values-api.js';

/** One side of the comparison: a chart directory and what to call it. */
export interface ChartSide {
  readonly dir: string;
  readonly label: string;
}

export interface CompareOptions {
  readonly tiers: readonly TierName[];
  /** Operators' own values files: checked against the new schema and applied to both renders. */
  readonly extraValuesFiles?: readonly string[];
  readonly helm?: string;
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
export async function compareCharts(before: ChartSide, after: ChartSide, options: CompareOptions): Promise<CompatReport> {
  const old = readChart(before);
  const now = readChart(after);
  const schema = (now.schema ?? {}) as object;
  const chart: CompatFinding[] = [...compareValuesSchemas(old.schema, now.schema), ...compareDefaults(old.defaults, now.defaults)];
  const valuesFiles = options.extraValuesFiles ?? [];
  for (const file of valuesFiles) chart.push(...checkOldValuesFile(file, readYamlFile(file), schema, now.defaults));
  const sections = await Promise.all(
    options.tiers.map(async (tier): Promise<CompatSection> => {
      const name = TIER_VALUES_FILES[tier];
      const has = (side: ChartSide) => existsSync(join(side.dir, name));
      const findings: CompatFinding[] = [];
      if (has(before)) findings.push(...checkOldValuesFile(name, readYamlFile(join(before.dir, name)), schema, now.defaults));
      const missing = [before, after].filter((s) => !has(s)).map((s) => s.label);
      if (missing.length)
        return {
          tier,
          note: `${name} does not exist in ${missing.join(' nor ')}: no renders compared`,
          findings,
          objects: { added: 0, removed: 0, changed: 0 },
        };
      const render = (side: ChartSide) => renderTierObjects(tier, { chartDir: side.dir, helm: options.helm, valuesFiles });
      const [a, b] = await Promise.all([render(before), render(after)]);
      const upgrade = upgradeFindings(a, b);
      return { tier, findings: [...findings, ...upgrade.findings], objects: upgrade.objects };
    }),
  );
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
