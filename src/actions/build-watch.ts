// `aipc build --watch`: the platform team's inner loop. One warm process builds once, then on each
// edit re-runs the pipeline for the sites the edit touches — a profile (or what it extends) its
// sites, a tenant list the sites using it, -f files and the release data every site — the chart
// regenerated first when one of its inputs changed (build's own generate step decides), and
// prints only what changed: the verdict lines that differ and the chart files written. A change to
// aipc's own sources (the model) cannot be taken in by a warm process: it asks to be restarted.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { AipcError } from '../errors.js';
import { trackChild } from '../io/cleanup.js';
import { watchFolders, type FolderWatch } from '../io/watch.js';
import { chartDir as defaultChartDir, packageRoot, profilesDir, releaseFile } from '../paths.js';
import { TIER_NAMES, isBuiltinTier } from '../schemas/tier-names.js';
import type { Site } from '../tiers/sites.js';
import { INPUTS_FILE } from './chart-inputs.js';
import { fleetSites, type FleetInputs } from './fleet.js';
import { buildVerdictLines, formatBuildSummary, runBuild, type BuildOptions, type BuildResult } from './build.js';

export interface BuildWatchOptions extends Omit<BuildOptions, 'sites' | 'progress'> {
  /** A fleet to watch (`--tier` repeated, `--sites DIR`: a site added to the folder is picked up). */
  readonly fleet?: FleetInputs;
  /** Every line the watch prints. */
  readonly output: (line: string) => void;
  /** Stops the watch (Ctrl-C); a rebuild under way finishes first, so no temporary is left. */
  readonly signal: AbortSignal;
  readonly debounceMs?: number;
}

/** Why the watch ended: stopped by its signal, or aipc's own sources changed and it must be started afresh. */
export type WatchEnd = 'stopped' | 'restart';

const rel = (p: string): string => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

/** Builds, then rebuilds what each batch of edits touches until `signal` aborts. */
export async function runBuildWatch(options: BuildWatchOptions): Promise<WatchEnd> {
  // profiles and schemas load with the first build, not before it: `aipc build` imports this module too
  const [{ loadTierProfile }, { defaultTenantsFile }] = await Promise.all([import('../tiers/profile.js'), import('../tiers/resolve.js')]);
  const dir = options.chartDir ?? defaultChartDir();
  const srcDir = join(packageRoot(), 'src');
  const watchSrc = existsSync(srcDir);
  const siteList = (): Site[] =>
    options.fleet
      ? fleetSites(options.fleet)
      : options.tier !== undefined
        ? fleetSites({ tiers: [options.tier], tenantsFile: options.tenantsFile })
        : TIER_NAMES.map((tier) => ({ name: tier, tier }));
  let sites = siteList();
  const verdicts = new Map<string, string[]>();
  // per site, the files it is made from (absolute), re-read after each build (an edit may change what a profile extends)
  let inputsOf = new Map<string, Set<string>>();
  const allSites = (): Set<string> => new Set(sites.map((s) => s.name));
  const build = (only: readonly Site[], progress: (line: string) => void): Promise<BuildResult> =>
    runBuild({ ...options, chartDir: dir, sites: only, progress });
  const sharedInputs = (): string[] =>
    [releaseFile(), ...(options.extraValuesFiles ?? []), ...(options.setFile ?? []).map((s) => s.slice(s.indexOf('=') + 1))].map((f) =>
      resolve(f),
    );

  const first = await build(sites, options.output);
  options.output(formatBuildSummary(first).replace(/\n$/, ''));
  remember(first);
  inputsOf = new Map(sites.map((s) => [s.name, siteInputs(s)]));
  if (options.signal.aborted) return 'stopped';

  return new Promise<WatchEnd>((resolveEnd) => {
    let running: Promise<void> | undefined;
    let queued: string[] = [];
    let ended = false;
    const folders = (): FolderWatch[] => {
      const dirs = new Set<string>([profilesDir(), dirname(releaseFile())]);
      for (const files of inputsOf.values()) for (const f of files) dirs.add(dirname(f));
      for (const f of sharedInputs()) dirs.add(dirname(f));
      if (options.fleet?.sitesDir) dirs.add(resolve(options.fleet.sitesDir));
      return [...[...dirs].map((d) => ({ dir: d })), ...(watchSrc ? [{ dir: srcDir, recursive: true }] : [])];
    };
    const relevant = (p: string): boolean =>
      (watchSrc && p.startsWith(srcDir + sep) && /\.(ts|mts|cts|js|mjs|json)$/.test(p)) ||
      p.startsWith(profilesDir() + sep) ||
      sharedInputs().includes(p) ||
      [...inputsOf.values()].some((s) => s.has(p)) ||
      (options.fleet?.sitesDir !== undefined && dirname(p) === resolve(options.fleet.sitesDir) && /\.ya?ml$/i.test(p));
    let stop = watchFolders(folders(), relevant, (paths) => onBatch(paths), options.debounceMs);
    const finish = (end: WatchEnd) => {
      if (ended) return;
      ended = true;
      stop();
      void (running ?? Promise.resolve()).then(() => resolveEnd(end));
    };
    options.signal.addEventListener('abort', () => finish('stopped'), { once: true });
    options.output(
      `watching  the inputs of ${sites.length} site${sites.length === 1 ? '' : 's'}, the profiles and the release data${watchSrc ? ', and src/' : ''}; Ctrl-C stops`,
    );

    const onBatch = (paths: string[]) => {
      if (ended) return;
      queued.push(...paths);
      if (running) return;
      running = (async () => {
        while (queued.length && !ended) {
          const batch = [...new Set(queued)].sort();
          queued = [];
          if (watchSrc && batch.some((p) => p.startsWith(srcDir + sep))) {
            options.output(
              `watch     ${batch
                .filter((p) => p.startsWith(srcDir + sep))
                .map(rel)
                .join(', ')} changed: aipc's own code; restarting`,
            );
            finish('restart');
            return;
          }
          await rebuild(batch);
        }
      })().finally(() => (running = undefined));
    };

    const rebuild = async (batch: string[]) => {
      const start = performance.now();
      if (options.fleet?.sitesDir && batch.some((p) => dirname(p) === resolve(options.fleet!.sitesDir!))) {
        try {
          sites = siteList();
        } catch (err) {
          if (!(err instanceof AipcError)) throw err;
          options.output(`watch     ${err.message}`);
          return;
        }
      }
      const shared = batch.some((p) => sharedInputs().includes(p));
      const touched = sites.filter((s) => shared || !inputsOf.has(s.name) || batch.some((p) => inputsOf.get(s.name)!.has(p)));
      options.output(
        `watch     ${batch.map(rel).join(', ')} changed: ${touched.length ? touched.map((s) => s.name).join(', ') : 'no site uses it'}`,
      );
      const before = chartOutputs(dir);
      const generateLines: string[] = [];
      const result = await build(touched, (line) => {
        if (line.startsWith('generate') && !line.includes('unchanged inputs')) generateLines.push(line);
      });
      const written = changedFiles(before, chartOutputs(dir));
      for (const line of generateLines) options.output(line);
      if (written.length) options.output(`wrote     ${written.map((f) => join(rel(dir), f)).join(', ')}`);
      const changed = remember(result);
      options.output(
        `rebuilt   ${touched.map((s) => s.name).join(', ') || 'nothing'} (${Math.round(performance.now() - start)} ms)${changed.length ? '' : ': no verdict changed'}`,
      );
      for (const line of changed) options.output(line);
      inputsOf = new Map(sites.map((s) => [s.name, siteInputs(s)]));
      stop();
      stop = watchFolders(folders(), relevant, (paths) => onBatch(paths), options.debounceMs);
    };
  });

  /** Records each built site's verdict lines; returns the lines that differ from the last build's (`-` old, `+` new). */
  function remember(result: BuildResult): string[] {
    const out: string[] = [];
    for (const [site, lines] of buildVerdictLines(result)) {
      const old = verdicts.get(site);
      verdicts.set(site, lines);
      if (!old) continue;
      const gone = old.filter((l) => !lines.includes(l));
      const added = lines.filter((l) => !old.includes(l));
      out.push(...gone.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`));
    }
    for (const name of verdicts.keys()) if (!allSites().has(name)) verdicts.delete(name);
    return out;
  }

  /** The files a site is made from: its profile and what it extends, its tenant list. */
  function siteInputs(site: Site): Set<string> {
    const files = new Set<string>();
    if (!isBuiltinTier(site.tier)) files.add(resolve(site.tier));
    try {
      for (const layer of loadTierProfile(site.tier).layers) files.add(resolve(layer.file));
    } catch {
      // a bad profile is its site's error in the build; its own file is still watched
    }
    const used = site.tenantsFile ?? defaultTenantsFile(site.tier);
    if (used) files.add(resolve(used));
    return files;
  }
}

/** The chart's generated files and their hashes, as its inputs file records them. */
function chartOutputs(dir: string): Record<string, string> {
  try {
    return (JSON.parse(readFileSync(join(dir, INPUTS_FILE), 'utf8')) as { outputs?: Record<string, string> }).outputs ?? {};
  } catch {
    return {};
  }
}

function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

// what `aipc build` prints with and runs: its command imports this module alone
/**
 * Runs the same command afresh (`args` as the process got them, without node's own path) and
 * resolves to its exit code: a warm process holds the old code after aipc's sources change. The
 * interrupt handler stops it with this one.
 */
export function restartProcess(args: readonly string[]): Promise<number> {
  const again = spawn(process.execPath, args, { stdio: 'inherit' });
  trackChild(again);
  return new Promise((resolve) => again.on('close', (code) => resolve(code ?? 130)));
}

export { runBuild, formatBuildSummary, buildSummaryJson, fleetSites } from './build.js';
