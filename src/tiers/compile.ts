// The tier-aware values compiler: chart defaults ← tier profile ← tenants ← --set, merged with
// deepmerge (lists replaced). The file written holds the tier's overrides only (so it layers over
// the chart's values.yaml with `-f`), but the fully merged values are what gets validated: against
// the chart's values.schema.json, the tier's invariants and the hardware's capacity.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { AipcError, InputError, formatPath, type Diagnostic } from '../errors.js';
import { formatYaml } from '../io/yaml-format.js';
import { readYamlFile, type SourceDocument } from '../io/yaml-read.js';
import type { OutputFile } from '../io/output-file.js';
import { chartDir, packageRoot } from '../paths.js';
import type { Tenant } from '../schemas/tenants.js';
import { TIER_NAMES, type Model, type TierName, type TierProfile } from '../schemas/tier-profile.js';
import { defaultsOf, schemaOf } from '../model/values-tree.js';
import { valuesTree } from '../model/values.js';
import { TIER_VALUES_FILES } from '../schemas/tier-names.js';
import { atFittedFloor, checkCapacity, describeOvercommit, fitPlatformToTier, type OvercommitUse } from './capacity.js';
import { checkTierInvariants, type Finding } from './invariants.js';
import { mergeValues } from './merge.js';
import { clone, getPath, hasPath, isRecord, setPath, type FieldPath } from '../util/data.js';
import { loadTierProfile, type LoadedProfile } from './profile.js';
import { checkSchema, type Locator } from './schema-check.js';
import { applySet, parseSetExpression, type SetExpression, type SetFlag } from './set-values.js';
import { mergeHelmValues } from './merge.js';
import { duplicateTenantFindings, loadTenants, sortDiagnostics, type LoadedTenants } from './tenants.js';
import { profilePathOf, profileToValues, tenantsToValues } from './to-values.js';
import { GENERATED_MARKER } from '../generators/header.js';
import { DEFAULT_NAMESPACE, DEFAULT_RELEASE, installCommands } from '../model/install.js';
import type { ValuesInput } from '../model/values-input.js';
import { ValuesProvenance } from './provenance.js';
import { chartDefaultOrigin, compilerOrigin, fittingInputs, profileOrigin, setOrigin, tenantsOrigin, valuesFileOrigin } from './origins.js';

/** The chart's defaults and values schema, as the compiler reads them. */
export interface ChartInputs {
  readonly defaults: Record<string, unknown>;
  /** Where defaults came from (positions for diagnostics), when read from a file. */
  readonly defaultsDoc?: SourceDocument;
  readonly schema: object;
  /** What the schema is, for the header: a file path or the model's schema. */
  readonly schemaName: string;
  /** The chart directory these were read from. */
  readonly dir?: string;
}

/**
 * Reads `<dir>/values.yaml` and `<dir>/values.schema.json`. Until the chart is generated, the
 * defaults and the schema are the model's own (what `aipc generate` would write).
 */
export function loadChartInputs(dir: string = chartDir()): ChartInputs {
  const valuesFile = join(dir, 'values.yaml');
  const schemaFile = join(dir, 'values.schema.json');
  let defaults: Record<string, unknown> = {};
  let defaultsDoc: SourceDocument | undefined;
  if (existsSync(valuesFile)) {
    defaultsDoc = readYamlFile(valuesFile);
    if (isRecord(defaultsDoc.value)) defaults = defaultsDoc.value;
  } else {
    defaults = defaultsOf(valuesTree) as Record<string, unknown>;
  }
  if (!existsSync(schemaFile))
    return {
      defaults,
      defaultsDoc,
      schema: schemaOf(valuesTree),
      schemaName: "the model's values schema (the chart is not generated yet)",
      dir,
    };
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;
  } catch (err) {
    throw new AipcError(
      `cannot read the chart's values schema ${schemaFile}: ${(err as Error).message}`,
      2,
      'regenerate the chart with `aipc generate`',
    );
  }
  return { defaults, defaultsDoc, schema, schemaName: 'values.schema.json', dir };
}

/**
 * What a tier is compiled from: the profile, its tenants, then the values input — the `-f` files
 * merged as Helm merges them, then `--set`, `--set-string`, `--set-file` in that order (later wins).
 */
export interface CompileValuesOptions extends ValuesInput {
  /** A built-in tier name (edge, datacenter, connected) or a profile file. */
  readonly tier: string;
  readonly tenantsFile?: string;
  /** Accept tenant quotas that over-commit the hardware (shown in the header). */
  readonly allowOvercommit?: boolean;
  /** Directory relative paths are read from (default: the process's). */
  readonly cwd?: string;
  /** The chart's defaults and schema (default: read from charts/ai-platform/). */
  readonly chart?: ChartInputs;
  /** Where the file will be written (the header's install command and schema link name it); default: stdout. */
  readonly outputFile?: string;
  /** The file the header's install command names, when not `outputFile` (the committed tier files). */
  readonly installFile?: string;
}

export interface CompiledValues {
  /** The tier's overrides: what the values file holds. */
  readonly overrides: Record<string, unknown>;
  /** Chart defaults with the overrides applied: what was validated, and what Helm merges. */
  readonly mergedValues: Record<string, unknown>;
  /** The values file: header and overrides. */
  readonly text: string;
  /** The header's comment lines (without `# `). */
  readonly header: readonly string[];
  readonly profile: LoadedProfile;
  readonly tenants: readonly Tenant[];
  /** Over-commit the allowance let through (empty when quotas fit). */
  readonly overcommit: readonly OvercommitUse[];
  /** Which input last set each values path (what `aipc explain` reports). */
  readonly provenance: ValuesProvenance;
}

/** Compiles one tier's values file. Throws InputError (exit 2) listing every problem found. */
export function compileValues(options: CompileValuesOptions): CompiledValues {
  const cwd = options.cwd ?? process.cwd();
  const chart = options.chart ?? loadChartInputs();
  const diagnostics: Diagnostic[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof InputError) diagnostics.push(...err.diagnostics);
      else throw err;
      return undefined;
    }
  };
  const loaded = attempt(() => loadTierProfile(options.tier, { cwd }));
  const tenantsLoaded = options.tenantsFile === undefined ? undefined : attempt(() => loadTenants(options.tenantsFile!, { cwd }));
  const sets: SetExpression[] = [];
  const flags: [readonly string[] | undefined, SetFlag][] = [
    [options.set, '--set'],
    [options.setString, '--set-string'],
    [options.setFile, '--set-file'],
  ];
  for (const [texts, flag] of flags)
    (texts ?? []).forEach((text, i) => {
      const parsed = parseSetExpression(text, i + 1, flag, cwd);
      if ('file' in parsed) diagnostics.push(parsed);
      else sets.push(parsed);
    });
  const files = (options.extraValuesFiles ?? []).map((f) => attempt(() => readValuesFile(resolve(cwd, f))));
  if (diagnostics.length || !loaded) throw new InputError(diagnostics);

  const profileValues = profileToValues(loaded.profile);
  const sortedTenants = tenantsLoaded ? tenantsToValues(tenantsLoaded.tenants) : undefined;
  // each layer recorded as it is merged, by the same rules: the origin of a value is the compile's own
  const origins = new ValuesProvenance(chartDefaultOrigin(chart.defaultsDoc));
  origins.record([], profileValues, profileOrigin(loaded));
  let values = mergeValues<Record<string, unknown>>(profileValues, sortedTenants ? { tenants: sortedTenants.tenants } : {});
  if (sortedTenants && tenantsLoaded) origins.record(['tenants'], sortedTenants.tenants, tenantsOrigin(tenantsLoaded, sortedTenants.order));
  for (const doc of files) {
    values = mergeHelmValues(values, doc!.value as Record<string, unknown>);
    origins.record([], doc!.value, valuesFileOrigin(doc!));
  }
  for (const expr of sets) {
    const bad = applySet(values, chart.defaults, expr);
    if (bad) diagnostics.push(bad);
    else origins.record(expr.path, expr.value, setOrigin(expr));
  }
  if (diagnostics.length) throw new InputError(diagnostics);

  const docs = files as SourceDocument[];
  const merged = mergeValues<Record<string, unknown>>(clone(chart.defaults), clone(values));
  const locate = provenance({
    profile: loaded,
    profileValues,
    tenants: tenantsLoaded,
    order: sortedTenants?.order,
    sets,
    files: docs,
    chart,
  });
  diagnostics.push(...checkSchema(chart.schema, merged, locate, { strict: false, rulePrefix: 'values' }));
  for (const f of duplicateTenantFindings(merged.tenants)) diagnostics.push(locate(f.path, f.message, f.rule));
  if (diagnostics.length) throw new InputError(dedupe(diagnostics));

  const effective = effectiveProfile(loaded.profile, merged);
  // the platform's own GPU pods and namespace quota are fitted into what the tenants leave
  const explicit = (path: FieldPath) =>
    docs.some((d) => hasPath(d.value, path)) || sets.some((x) => isPrefix(x.path, path) || isPrefix(path, x.path));
  const fits = fitPlatformToTier(effective, merged, explicit);
  for (const fit of fits) {
    setPath(values, fit.path, fit.value);
    setPath(merged, fit.path, fit.value);
    origins.record(
      fit.path,
      fit.value,
      compilerOrigin(fit.rule, fit.reason, () => fittingInputs(loaded, tenantsLoaded)),
    );
  }
  const tenants = (Array.isArray(merged.tenants) ? merged.tenants : []) as Tenant[];
  let capacity = checkCapacity(effective, tenants, { allowOvercommit: options.allowOvercommit, values: merged });
  // a GPU refusal states the least shortfall: judged after the most fitting a passing compile could apply
  if (capacity.findings.some((f) => f.rule === 'capacity.tenant-gpu-overcommit'))
    capacity = checkCapacity(effective, tenants, {
      allowOvercommit: options.allowOvercommit,
      values: atFittedFloor(effective, merged, explicit),
    });
  const findings: Finding[] = [...checkTierInvariants(loaded.profile, merged), ...capacity.findings];
  for (const f of findings) diagnostics.push(locate(f.path, f.message, f.rule));
  if (diagnostics.length) throw new InputError(dedupe(diagnostics));

  const header = headerLines({
    loaded,
    tenantsFile: options.tenantsFile,
    tenants: tenantsLoaded,
    extraValuesFiles: options.extraValuesFiles ?? [],
    install: installedAs(options.outputFile, cwd, chart.dir, options.installFile),
    sets,
    fits: fits.filter((f) => f.note).map((f) => f.note),
    allowOvercommit: options.allowOvercommit,
    overcommit: capacity.overcommit,
    schemaName: chart.schemaName,
  });
  return {
    overrides: values,
    mergedValues: merged,
    text: formatYaml(values, { header }),
    header,
    profile: loaded,
    tenants,
    overcommit: capacity.overcommit,
    provenance: origins,
  };
}

/** A values file given with -f: one YAML mapping (an empty file is no values, as for Helm). */
function readValuesFile(file: string): SourceDocument {
  const doc = readYamlFile(file);
  if (doc.value === null || doc.value === undefined)
    return { file: doc.file, value: {}, locate: (p) => doc.locate(p), diagnostic: (p, m, r) => doc.diagnostic(p, m, r) };
  if (!isRecord(doc.value)) throw new InputError([doc.diagnostic([], 'expected a YAML mapping of values', 'values.file')]);
  return doc;
}

/** The profile as the merged values leave it (a --set may change models, GPUs, memory). */
export function effectiveProfile(profile: TierProfile, merged: Record<string, unknown>): TierProfile {
  const get = (...p: FieldPath) => getPath(merged, p);
  const model = (m: unknown): Model | undefined => (isRecord(m) ? (m as unknown as Model) : undefined);
  const fallback = get('models', 'fallback', 'enabled') === true ? model(get('models', 'fallback')) : undefined;
  return {
    ...profile,
    models: { primary: model(get('models', 'primary')) ?? profile.models.primary, ...(fallback ? { fallback } : {}) },
    hardware: {
      ...profile.hardware,
      gpuType: (get('gpu', 'type') as TierProfile['hardware']['gpuType']) ?? profile.hardware.gpuType,
      gpuNodes: (get('gpu', 'nodes') as number) ?? profile.hardware.gpuNodes,
      gpusPerNode: (get('gpu', 'perNode') as number) ?? profile.hardware.gpusPerNode,
    },
    memoryPerPod: (get('inference', 'resources', 'requests', 'memory') as string) ?? profile.memoryPerPod,
  };
}

interface ProvenanceInputs {
  readonly profile: LoadedProfile;
  readonly profileValues: Record<string, unknown>;
  readonly tenants?: LoadedTenants;
  readonly order?: readonly number[];
  readonly sets: readonly SetExpression[];
  readonly files: readonly SourceDocument[];
  readonly chart: ChartInputs;
}

const isPrefix = (a: FieldPath, b: FieldPath) => a.length <= b.length && a.every((k, i) => k === b[i]);

/** Places a finding about a values field in the input that set it: --set, tenants, profile or chart. */
function provenance(p: ProvenanceInputs): Locator {
  return (path, message, rule) => {
    const set = [...p.sets].reverse().find((s) => isPrefix(s.path, path) || isPrefix(path, s.path));
    if (set)
      return {
        file: `${set.flag}[${set.index}]`,
        line: 1,
        column: 1,
        path: formatPath(path),
        message: `${message} (set by ${set.flag} ${JSON.stringify(set.text)})`,
        rule,
      };
    const file = [...p.files].reverse().find((d) => hasPath(d.value, path));
    if (file) return file.diagnostic(path, message, rule);
    if (path[0] === 'tenants' && p.tenants) {
      const rest = path.slice(1);
      if (typeof rest[0] === 'number' && p.order) rest[0] = p.order[rest[0]] ?? rest[0];
      return p.tenants.doc.diagnostic(['tenants', ...rest], message, rule);
    }
    const inProfile = profilePathOf(path);
    if (inProfile && hasPath(p.profileValues, path)) return p.profile.locate(inProfile, message, rule);
    if (p.chart.defaultsDoc) return p.chart.defaultsDoc.diagnostic(path, `${message} (a chart default)`, rule);
    return { file: 'chart defaults', path: formatPath(path), message, rule };
  };
}

function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(
    ds.filter((d) => {
      const key = `${d.file}|${d.line}|${d.column}|${d.path}|${d.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }),
  );
}

/** How the header names the chart, the file itself and the schema, seen from where the file is written. */
interface InstalledAs {
  /** The chart directory, as the install command names it. */
  readonly chart: string;
  /** This file, as the install command names it. */
  readonly file: string;
  /** The `$schema` link, relative to the file's directory. */
  readonly schema: string;
}

/**
 * The install command installs exactly the file written (`-o FILE`); on stdout, `<this file>`. The
 * schema link points at the chart's values.schema.json from the file's directory (stdout: the
 * working directory), so an editor finds it wherever the file is written.
 */
function installedAs(outputFile: string | undefined, cwd: string, chart: string = chartDir(), installFile = outputFile): InstalledAs {
  const where = outputFile ? dirname(resolve(cwd, outputFile)) : cwd;
  const link = relative(where, join(chart, 'values.schema.json')).split('\\').join('/');
  return {
    chart: displayPath(chart, cwd),
    file: installFile ? displayPath(resolve(cwd, installFile), cwd) : '<this file>',
    schema: link.startsWith('.') || link.startsWith('/') ? link : `./${link}`,
  };
}

function headerLines(c: {
  loaded: LoadedProfile;
  tenantsFile?: string;
  tenants?: LoadedTenants;
  extraValuesFiles: readonly string[];
  install: InstalledAs;
  sets: readonly SetExpression[];
  fits: readonly string[];
  allowOvercommit?: boolean;
  overcommit: readonly OvercommitUse[];
  schemaName: string;
}): string[] {
  const p = c.loaded.profile;
  const chain = c.loaded.layers.slice(1).map((l) => l.file.replace(/^.*[/\\]profiles[/\\]/, 'profiles/'));
  const tierLine = c.loaded.builtin
    ? `${p.name} (built-in tier, profiles/${p.name}.yaml)`
    : `${c.loaded.source} (profile ${p.name}, tier ${p.tier}${chain.length ? `; extends ${chain.join(' → ')}` : ''})`;
  const count = c.tenants ? c.tenants.tenants.length : 0;
  const lines = [
    GENERATED_MARKER,
    `yaml-language-server: $schema=${c.install.schema}`,
    '',
    `Values of the ${p.name} tier, layered over the chart's own values.yaml. Install (the chart README says why):`,
    ...installCommands({
      release: DEFAULT_RELEASE,
      namespace: DEFAULT_NAMESPACE,
      chart: c.install.chart,
      valuesFiles: [`${c.install.chart}/values.yaml`, c.install.file],
    }).map((l) => `  ${l}`),
    "Lists here replace the chart's lists (they are never appended to).",
    '',
    'Inputs:',
    `  tier: ${tierLine}`,
    `  tenants: ${c.tenantsFile !== undefined ? `${c.tenantsFile} (${count} ${count === 1 ? 'tenant' : 'tenants'})` : 'none'}`,
    ...c.extraValuesFiles.map((f) => `  values file: ${f}`),
    ...(c.sets.length ? c.sets.map((s) => `  ${s.flag} ${s.text}`) : ['  --set: none']),
  ];
  const allowances: string[] = [];
  if (p.overcommit)
    allowances.push(
      `profile overcommit ${Object.entries(p.overcommit)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  if (c.allowOvercommit) allowances.push('--allow-overcommit');
  lines.push(`  over-commit allowance: ${allowances.length ? allowances.join('; ') : 'none'}`);
  for (const o of c.overcommit) lines.push(`  OVER-COMMIT: ${describeOvercommit(o)}`);
  for (const f of c.fits) lines.push(`Fitted to the hardware: ${f}`);
  lines.push(`Checked: ${c.schemaName}, ${p.tier} tier invariants, model fit and tenant capacity.`);
  return lines;
}

/** Which tenants file `aipc values --all` uses for each built-in tier (relative to the package). */
export const ALL_TIERS_TENANTS: Readonly<Record<TierName, string>> = {
  // the sample's 2 + 4 + 3 = 9 GPUs do not fit edge's 3; team-alpha (2 GPUs) does
  edge: 'profiles/tenants-edge.yaml',
  datacenter: 'profiles/tenants.yaml',
  connected: 'profiles/tenants.yaml',
};

/**
 * Compiles the three built-in tiers with their tenant lists (ALL_TIERS_TENANTS) into
 * values-tier1-edge.yaml, values-tier2-datacenter.yaml, values-tier3-connected.yaml (in memory).
 * Every problem of every tier is reported together.
 */
export function compileAllTierFiles(options: { chart?: ChartInputs; allowOvercommit?: boolean; outDir?: string } = {}): OutputFile[] {
  // the committed files live in the chart: their header names them as the package does; files
  // written elsewhere (--out-dir) link to the package chart's schema from where they are
  const outDir = options.outDir ? resolve(options.outDir) : chartDir();
  const chart = { ...(options.chart ?? loadChartInputs()), dir: chartDir() };
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const tier of TIER_NAMES) {
    try {
      const compiled = compileValues({
        tier,
        tenantsFile: ALL_TIERS_TENANTS[tier],
        cwd: packageRoot(),
        chart,
        outputFile: join(outDir, TIER_VALUES_FILES[tier]),
        installFile: join(chartDir(), TIER_VALUES_FILES[tier]),
        allowOvercommit: options.allowOvercommit,
      });
      files.push({ path: TIER_VALUES_FILES[tier], content: compiled.text });
    } catch (err) {
      if (err instanceof InputError) diagnostics.push(...err.diagnostics);
      else throw err;
    }
  }
  if (diagnostics.length) throw new InputError(diagnostics);
  return files;
}

/** A path as shown in messages: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}
