// Benchmarks of whole commands, as a user runs them: each row is run once to warm up (disk cache,
// compile cache), then RUNS times; the median is reported, with its ratio to the target and to bare
// `node` startup measured in the same run (so a slow machine shows up as such, not as a regression).
// Writes bench/RESULTS.md. Run: npm run bench  (builds dist/ first).
//
// To add a benchmark: append a row to `rows` — a name, a target, and `run` (one timed execution;
// return elapsed milliseconds). `value` turns the median into the unit of the target.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateManifestStream } from '../bench/stream.js';
import { generateIsolationStream } from '../bench/isolation-stream.js';
import { generateLintStream } from '../bench/lint-stream.js';
import { customResourceDefinitions, exampleCustomResource, FRACTAL_KINDS } from '../src/model/crds/index.js';
import { readManifestText, type KubeObject } from '../src/io/manifests.js';
import { createValidator } from '../src/validate/validator.js';
import { pinnedHelmPath } from '../src/helm/binary.js';
import { scaleFixture } from '../bench/tenants.js';
import { makeKey, pushImage, startRegistry, writeImage, type Registry } from './support/registry.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const STREAM_OBJECTS = 5000;
/** Sites of the fleet row (`aipc check --sites`). */
const FLEET_SITES = 50;

interface Target {
  /** The bound the median must meet, in `unit`. */
  readonly limit: number;
  readonly unit: 'ms' | 'objects/s' | 'ratio' | 'MB' | 'MB/s';
  /** true: the value must be at least `limit` (throughput); false: at most (latency). */
  readonly atLeast: boolean;
}

interface Row {
  readonly name: string;
  readonly target: Target;
  /** One timed execution; returns elapsed wall-clock milliseconds. */
  readonly run: () => number | Promise<number>;
  /** The reported value from the median milliseconds (default: the milliseconds). */
  readonly value?: (medianMs: number) => number;
  /** Runs of this row (default RUNS; the slow scale rows use fewer, never under 5). */
  readonly runs?: number;
  /** Unit of `value` when it is not the target's (e.g. a ratio). */
  readonly note?: () => string;
}

/** Runs `node <args>` and returns its wall-clock time; fails the benchmark if it exits non-zero. */
function timeNode(args: readonly string[], expectCode = 0): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== expectCode) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr || r.stdout}`);
  return ms;
}

const work = mkdtempSync(join(tmpdir(), 'aipc-bench-'));
const streamFile = join(work, `stream-${STREAM_OBJECTS}.yaml`);
writeFileSync(streamFile, generateManifestStream(STREAM_OBJECTS));
const isolationStreamFile = join(work, 'isolation-450.yaml');
writeFileSync(isolationStreamFile, generateIsolationStream(450));

// validate in-process on a 10,000-object stream of built-in kinds, and on custom resources whose
// CRDs carry CEL rules (the CRDs compile in the warm-up run; the timed runs measure checking)
const BIG_STREAM = 10_000;
const bigStream = generateManifestStream(BIG_STREAM);
const bigStreamFile = join(work, `stream-${BIG_STREAM}.yaml`);
writeFileSync(bigStreamFile, bigStream);
const CEL_OBJECTS = 5000;
const celStream = Array.from({ length: CEL_OBJECTS }, (_, i) => {
  const o = exampleCustomResource(FRACTAL_KINDS[i % FRACTAL_KINDS.length]) as unknown as KubeObject;
  (o.metadata as Record<string, unknown>).name = `cr-${i}`;
  return JSON.stringify(o);
}).join('\n---\n');
const celValidator = createValidator({ crds: customResourceDefinitions as unknown as KubeObject[] });

const bigObjects = readManifestText(bigStream, 'bench.yaml').objects;

/** Reads (unless given objects) and validates in-process; fails the benchmark unless every object is valid. */
function timeValidate(input: string | ReturnType<typeof readManifestText>['objects'], validator = createValidator()): number {
  const started = process.hrtime.bigint();
  const report = validator.validate(typeof input === 'string' ? readManifestText(input, 'bench.yaml').objects : input);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (report.invalid) throw new Error(`${report.invalid} invalid objects in a benchmark stream`);
  return ms;
}

const baseline: Row = {
  name: 'node startup (baseline)',
  target: { limit: Infinity, unit: 'ms', atLeast: false },
  run: () => timeNode(['-e', '0']),
};

const rows: Row[] = [
  {
    name: 'CLI cold start (`aipc --version`)',
    target: { limit: 80, unit: 'ms', atLeast: false },
    run: () => timeNode(['bin/aipc.js', '--version']),
  },
  {
    name: `\`aipc validate\`, ${STREAM_OBJECTS} objects (read, parse, validate)`,
    target: { limit: 10_000, unit: 'objects/s', atLeast: true },
    run: () => timeNode(['bin/aipc.js', 'validate', streamFile]),
    value: (ms) => STREAM_OBJECTS / (ms / 1000),
  },
  {
    name: `\`aipc validate\`, ${BIG_STREAM.toLocaleString('en-US')} built-in objects from a file (the command: start-up, read, parse, validate, report)`,
    target: { limit: 15_000, unit: 'objects/s', atLeast: true },
    run: () => timeNode(['bin/aipc.js', 'validate', bigStreamFile]),
    value: (ms) => BIG_STREAM / (ms / 1000),
  },
  {
    name: `validate in-process, ${BIG_STREAM.toLocaleString('en-US')} built-in objects (read, parse, validate with list types and API server rules)`,
    target: { limit: 15_000, unit: 'objects/s', atLeast: true },
    run: () => timeValidate(bigStream),
    value: (ms) => BIG_STREAM / (ms / 1000),
  },
  {
    name: `validate in-process, the same ${BIG_STREAM.toLocaleString('en-US')} objects already parsed (the validator alone)`,
    target: { limit: 15_000, unit: 'objects/s', atLeast: true },
    run: () => timeValidate(bigObjects),
    value: (ms) => BIG_STREAM / (ms / 1000),
  },
  {
    name: `validate in-process, ${CEL_OBJECTS.toLocaleString('en-US')} fractal.ai custom resources (schema, CEL rules, list types; CRDs compiled)`,
    target: { limit: 5_000, unit: 'objects/s', atLeast: true },
    run: () => timeValidate(celStream, celValidator),
    value: (ms) => CEL_OBJECTS / (ms / 1000),
  },
  {
    name: '`aipc values --all` (three tiers compiled and checked)',
    target: { limit: 400, unit: 'ms', atLeast: false },
    run: () => timeNode(['bin/aipc.js', 'values', '--all', '--out-dir', work]),
  },
  {
    name: '`aipc build` (3 tiers, sample tenants) / the three concurrent bare `helm template` runs, same chart and values (wall, interleaved)',
    target: { limit: 1.6, unit: 'ratio', atLeast: false },
    run: async () => {
      const buildMs = timeNode(['bin/aipc.js', 'build', '--out', buildChart]);
      const bareMs = await timeBareHelm();
      ratios.push({ buildMs, bareMs });
      return buildMs / bareMs;
    },
    note: () => {
      const last = ratios.slice(1);
      return `build ${median(last.map((r) => r.buildMs)).toFixed(0)} ms, helm ${median(last.map((r) => r.bareMs)).toFixed(0)} ms (medians)`;
    },
  },
  {
    name: "`aipc build` CPU / the three bare `helm template` runs' CPU (user + system of aipc and its Helm children, interleaved)",
    target: { limit: 1.6, unit: 'ratio', atLeast: false },
    run: async () => {
      const before = childCpuMs();
      timeNode(['bin/aipc.js', 'build', '--out', buildChart]);
      const buildCpu = childCpuMs() - before;
      const between = childCpuMs();
      await timeBareHelm();
      const bareCpu = childCpuMs() - between;
      cpuRatios.push({ buildCpu, bareCpu });
      return buildCpu / bareCpu;
    },
    note: () => {
      const last = cpuRatios.slice(1);
      return `build ${median(last.map((r) => r.buildCpu)).toFixed(0)} ms CPU, helm ${median(last.map((r) => r.bareCpu)).toFixed(0)} ms CPU (medians)`;
    },
  },
  {
    name: '`aipc build` with 1,000 generated tenants (wall time)',
    target: { limit: 8000, unit: 'ms', atLeast: false },
    runs: 5,
    run: () => timeScaleBuild(1000),
  },
  {
    name: '`aipc build` with 1,000 generated tenants (peak RSS of aipc, Helm excluded)',
    target: { limit: 400, unit: 'MB', atLeast: false },
    runs: 5,
    run: () => {
      timeScaleBuild(1000);
      return lastRssMb;
    },
  },
  {
    name: 'growth: `aipc build` time with 5,000 tenants / with 1,000 tenants',
    target: { limit: 6, unit: 'ratio', atLeast: false },
    runs: 5,
    run: () => timeScaleBuild(5000) / timeScaleBuild(1000),
  },
  {
    name: '`aipc check isolation` with 1,000 tenants (8,000 rendered objects)',
    target: { limit: 5000, unit: 'ms', atLeast: false },
    run: () => timeNode(['bin/aipc.js', 'check', 'isolation', '--manifests', scaleRender(1000)]),
  },
  {
    name: '`aipc diff` of two 5 MB renders (version churn on every object, image and replica changes)',
    target: { limit: 2000, unit: 'ms', atLeast: false },
    run: () => timeDiff5Mb(),
    note: () => `CPU time (user + system) median ${median(diffCpuMs.slice(1)).toFixed(0)} ms`,
  },
  {
    name: '`aipc diff` of two 5 MB renders (peak RSS)',
    target: { limit: 300, unit: 'MB', atLeast: false },
    run: () => {
      timeDiff5Mb();
      return lastRssMb;
    },
  },
  {
    name: '`aipc airgap collect --tier edge` (8 tiny images from a local registry, chart, values, signed manifest)',
    target: { limit: 15_000, unit: 'ms', atLeast: false },
    runs: 5,
    run: async () => timeNode(await collectArgs()),
  },
  {
    name: '`aipc airgap load` of the edge bundle into an empty registry path (push 8 images, read each back by digest)',
    target: { limit: 10_000, unit: 'ms', atLeast: false },
    runs: 5,
    run: async () => {
      const { bundle, pub, far } = await airgapFixture();
      return timeNode([
        'bin/aipc.js',
        'airgap',
        'load',
        bundle,
        '--key',
        pub,
        '--registry',
        `${far.host}/run${++loadRun}`,
        '--insecure-registry',
        '--values-out',
        join(work, 'values-airgap.yaml'),
      ]);
    },
  },
  {
    name: '`aipc airgap verify` of a bundle with a 1 GiB weights file (throughput)',
    target: { limit: 400, unit: 'MB/s', atLeast: true },
    runs: 5,
    run: () => timeVerifyLarge(),
    value: (ms) => 2 ** 30 / 1e6 / (ms / 1000),
    // the machine's own bound in the same run: coreutils hashing the same file
    note: () => `sha256sum of the same file: ${(2 ** 30 / 1e6 / (median(sha256sumMs) / 1000)).toFixed(0)} MB/s (median)`,
  },
  {
    name: '`aipc airgap verify` of a bundle with a 1 GiB weights file (peak RSS: flat, the file is streamed)',
    target: { limit: 150, unit: 'MB', atLeast: false },
    runs: 5,
    run: () => {
      timeVerifyLarge();
      return lastRssMb;
    },
  },
  {
    name: '`aipc check isolation --exposure` with 1,000 tenants (pods that could exist, release namespace rendered): peak RSS ≤ 500 MB',
    target: { limit: 5000, unit: 'ms', atLeast: false },
    run: () => {
      const started = process.hrtime.bigint();
      const r = spawnSync(
        process.execPath,
        ['bench/max-rss.mjs', 'check', 'isolation', '--exposure', '--manifests', scaleRender(1000, ['--set', 'namespace.create=true'])],
        { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 0) throw new Error(`check isolation --exposure exited ${r.status}: ${r.stderr || r.stdout}`);
      const rss = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
      if (rss > 500) throw new Error(`check isolation --exposure peaked at ${rss.toFixed(0)} MB, over 500 MB`);
      exposureRssMb = rss;
      return ms;
    },
    note: () => `peak RSS ${exposureRssMb.toFixed(0)} MB`,
  },
  {
    // every pod that could exist meets every namespace through the entire-cluster peer (exit 1: the
    // unprotected egress crosses the tenants' boundaries)
    name: '`aipc check isolation --exposure` of the quadratic stream (450 namespaces with their own selectors, ~650 KB): peak RSS ≤ 500 MB',
    target: { limit: 5000, unit: 'ms', atLeast: false },
    runs: 5,
    run: () => {
      const started = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['bench/max-rss.mjs', 'check', 'isolation', '--exposure', '--manifests', isolationStreamFile], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 1) throw new Error(`check isolation --exposure exited ${r.status}: ${r.stderr || r.stdout}`);
      const rss = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
      if (rss > 500) throw new Error(`check isolation --exposure peaked at ${rss.toFixed(0)} MB, over 500 MB`);
      quadraticRssMb = rss;
      return ms;
    },
    note: () => `peak RSS ${quadraticRssMb.toFixed(0)} MB`,
  },
  {
    // the chart's declared exceptions are annotations on its objects now: a plain render lints clean (exit 0)
    name: '`aipc lint` of the 1,000-tenant render (8,000 objects: read, every default check, annotations honoured)',
    target: { limit: 2000, unit: 'ms', atLeast: false },
    run: () => timeNode(['bin/aipc.js', 'lint', scaleRender(1000), '--namespace', 'ai-platform'], 0),
  },
  // ---- issue 30's rows: each ratio's two sides are run back to back in every run (interleaved) ----
  {
    name: '`aipc --help` / `node -e 0` (wall, interleaved)',
    target: { limit: 1.2, unit: 'ratio', atLeast: false },
    run: () => timeNode(['bin/aipc.js', '--help']) / timeNode(['-e', '0']),
  },
  {
    name: '`aipc --version` / `node -e 0` (wall, interleaved)',
    target: { limit: 1.1, unit: 'ratio', atLeast: false },
    run: () => timeNode(['bin/aipc.js', '--version']) / timeNode(['-e', '0']),
  },
  {
    name: '`aipc values` of a profile with 40 leading comment lines / the same profile without them',
    target: { limit: 1.1, unit: 'ratio', atLeast: false },
    run: () => {
      const { plain, commented } = commentedProfiles();
      return (
        timeNode(['bin/aipc.js', 'values', '--tier', commented, '-o', join(work, 'values-commented.yaml')]) /
        timeNode(['bin/aipc.js', 'values', '--tier', plain, '-o', join(work, 'values-plain.yaml')])
      );
    },
  },
  {
    name: `\`aipc validate\` of ${BIG_STREAM.toLocaleString('en-US')} built-in objects, as a command (issue 30's target)`,
    target: { limit: 12_000, unit: 'objects/s', atLeast: true },
    run: () => timeNode(['bin/aipc.js', 'validate', bigStreamFile]),
    value: (ms) => BIG_STREAM / (ms / 1000),
  },
  {
    name: '`aipc diff` of two 63 MB renders (a release on every object: chart label, image, replicas), wall',
    target: { limit: 2500, unit: 'ms', atLeast: false },
    runs: 5,
    run: () => timeMaxRss(['diff', ...diff63Inputs()], 0, 'diff63'),
    note: () => `peak RSS median ${median(peaks.diff63 ?? []).toFixed(0)} MB`,
  },
  {
    name: '`aipc diff` of two 63 MB renders (peak RSS)',
    target: { limit: 500, unit: 'MB', atLeast: false },
    runs: 5,
    run: () => {
      timeMaxRss(['diff', ...diff63Inputs()], 0, 'diff63');
      return lastRssMb;
    },
  },
  {
    name: '`aipc lint` of 6,000 Deployments + 6,000 PDBs + 6,000 NetworkPolicies, wall',
    target: { limit: 3000, unit: 'ms', atLeast: false },
    runs: 5,
    run: () => timeMaxRss(['lint', lintStreamFile()], 1, 'lint6k'),
    note: () => `peak RSS median ${median(peaks.lint6k ?? []).toFixed(0)} MB`,
  },
  {
    name: '`aipc lint` of 6,000 Deployments + 6,000 PDBs + 6,000 NetworkPolicies (peak RSS)',
    target: { limit: 1000, unit: 'MB', atLeast: false },
    runs: 5,
    run: () => {
      timeMaxRss(['lint', lintStreamFile()], 1, 'lint6k');
      return lastRssMb;
    },
  },
  {
    name: "`aipc build` with 1,000 generated tenants (wall time, issue 30's target)",
    target: { limit: 4000, unit: 'ms', atLeast: false },
    runs: 5,
    run: () => timeScaleBuild(1000),
  },
  {
    name: 'growth: `aipc build` time with 10,000 tenants / with 1,000 tenants (interleaved)',
    target: { limit: 8, unit: 'ratio', atLeast: false },
    runs: 5,
    run: () => timeScaleBuild(10_000) / timeScaleBuild(1000),
  },
  {
    name: `\`aipc check --sites\` of ${FLEET_SITES} edge sites / bare \`helm template\` of the same ${FLEET_SITES} values files, 2 in flight`,
    target: { limit: 1.3, unit: 'ratio', atLeast: false },
    runs: 5,
    run: async () => {
      const fleet = fleetFixture();
      const checkMs = timeNode(['bin/aipc.js', 'check', '--sites', fleet.sites, '--format', 'json']);
      const bareMs = await timeBareHelmFiles(fleet.valuesFiles, 2);
      fleetRatios.push({ checkMs, bareMs });
      return checkMs / bareMs;
    },
    note: () => {
      const last = fleetRatios.slice(1);
      return `check ${median(last.map((r) => r.checkMs)).toFixed(0)} ms, helm ${median(last.map((r) => r.bareMs)).toFixed(0)} ms (medians); aipc renders at most max(3, cores) at once (AIPC_JOBS)`;
    },
  },
  {
    name: '`aipc build --watch` rebuild after a profile edit (edit to the printed verdict, debounce included) / one bare `helm template` of that site',
    target: { limit: 1.35, unit: 'ratio', atLeast: false },
    runs: 7,
    run: async () => {
      const w = await watchFixture();
      const rebuildMs = await w.rebuild();
      const bareMs = await timeBareHelmFiles([w.valuesFile], 1);
      watchRatios.push({ rebuildMs, bareMs, inProcessMs: w.lastReported() });
      return rebuildMs / bareMs;
    },
    note: () => {
      const last = watchRatios.slice(1);
      return `rebuild ${median(last.map((r) => r.rebuildMs)).toFixed(0)} ms edit-to-output (${median(last.map((r) => r.inProcessMs)).toFixed(0)} ms as the watcher reports it, after the debounce), helm ${median(last.map((r) => r.bareMs)).toFixed(0)} ms (medians)`;
    },
  },
];

// ---- helpers of the rows above ------------------------------------------------------------------

const buildChart = join(work, 'chart');
const ratios: { buildMs: number; bareMs: number }[] = [];
const cpuRatios: { buildCpu: number; bareCpu: number }[] = [];

/** CPU time (user + system, ms) of this process's waited-for children so far (Linux /proc). */
function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after the command name: state is field 3; cutime and cstime are fields 16 and 17, in clock ticks
  const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3]);
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
let exposureRssMb = 0;
let quadraticRssMb = 0;
const renders = new Set<string>();
let lastRssMb = 0;

/** The three `helm template` runs `aipc build` makes, concurrently as it makes them. */
async function timeBareHelm(): Promise<number> {
  const helm = pinnedHelmPath('helm4');
  const started = process.hrtime.bigint();
  await Promise.all(
    ['values-tier1-edge.yaml', 'values-tier2-datacenter.yaml', 'values-tier3-connected.yaml'].map(
      (tierFile) =>
        new Promise<void>((resolve, reject) => {
          const args = [
            'template',
            'ai-platform',
            buildChart,
            '--namespace',
            'ai-platform',
            '--kube-version',
            '1.33.0',
            '--include-crds',
            '-f',
            join(buildChart, 'values.yaml'),
            '-f',
            join(buildChart, tierFile),
            '--set',
            'namespace.create=true',
          ];
          const child = spawn(helm, args, { stdio: ['ignore', 'ignore', 'inherit'] });
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`helm exited ${code}`))));
        }),
    ),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function scaleFiles(count: number): { profile: string; tenants: string } {
  const profile = join(work, `profile-${count}.yaml`);
  const tenants = join(work, `tenants-${count}.yaml`);
  const fixture = scaleFixture(count, 1);
  writeFileSync(profile, fixture.profileYaml);
  writeFileSync(tenants, fixture.tenantsYaml);
  return { profile, tenants };
}

/** `aipc build --tier <sized profile> --tenants <generated>`; records the peak RSS. */
function timeScaleBuild(count: number): number {
  const { profile, tenants } = scaleFiles(count);
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['bench/max-rss.mjs', 'build', '--out', join(work, `chart-${count}`), '--tier', profile, '--tenants', tenants],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`aipc build (${count} tenants) exited ${r.status}: ${r.stderr || r.stdout}`);
  lastRssMb = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  return ms;
}

let diffInputs: { before: string; after: string } | undefined;
const diffCpuMs: number[] = [];

/** Two 5 MB renders: the synthetic stream, and it after a release (chart label, agent image, replicas). */
function diff5MbInputs(): { before: string; after: string } {
  if (diffInputs) return diffInputs;
  const perObject = generateManifestStream(100).length / 100;
  const text = generateManifestStream(Math.ceil((5 * 1024 * 1024) / perObject));
  const after = text
    .replace(/ai-platform-1\.2\.0/g, 'ai-platform-1.3.0')
    .replace(/agent:v1\.2\.0/g, 'agent:v1.3.0')
    .replace(/replicas: 2$/gm, 'replicas: 4');
  diffInputs = { before: join(work, 'diff-before.yaml'), after: join(work, 'diff-after.yaml') };
  writeFileSync(diffInputs.before, text);
  writeFileSync(diffInputs.after, after);
  return diffInputs;
}

/** `aipc diff BEFORE AFTER` of the two 5 MB renders; records the peak RSS. */
function timeDiff5Mb(): number {
  const { before, after } = diff5MbInputs();
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['bench/max-rss.mjs', 'diff', before, after], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`aipc diff exited ${r.status}: ${r.stderr}`);
  lastRssMb = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  diffCpuMs.push(Number(/cpu (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1000);
  return ms;
}

const peaks: Record<string, number[]> = {};

/** `aipc <args>` under bench/max-rss.mjs: wall ms; records the peak RSS (lastRssMb, and under `key`). */
function timeMaxRss(args: readonly string[], expectCode: number, key: string): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['bench/max-rss.mjs', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== expectCode) throw new Error(`aipc ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  lastRssMb = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  (peaks[key] ??= []).push(lastRssMb);
  return ms;
}

let diff63: [string, string] | undefined;

/** Two 63 MB renders: the synthetic stream, and it after a release (chart label, agent image, replicas). */
function diff63Inputs(): [string, string] {
  if (diff63) return diff63;
  const perObject = generateManifestStream(100).length / 100;
  const text = generateManifestStream(Math.ceil((63 * 1024 * 1024) / perObject));
  const after = text
    .replace(/ai-platform-1\.2\.0/g, 'ai-platform-1.3.0')
    .replace(/agent:v1\.2\.0/g, 'agent:v1.3.0')
    .replace(/replicas: 2$/gm, 'replicas: 4');
  diff63 = [join(work, 'diff63-before.yaml'), join(work, 'diff63-after.yaml')];
  writeFileSync(diff63[0], text);
  writeFileSync(diff63[1], after);
  return diff63;
}

let lintStream: string | undefined;

/** 6,000 Deployments, each with its own PDB and NetworkPolicy, in one namespace (bench/lint-stream.ts). */
function lintStreamFile(): string {
  if (!lintStream) writeFileSync((lintStream = join(work, 'lint-6000.yaml')), generateLintStream(6000));
  return lintStream;
}

let profiles: { plain: string; commented: string } | undefined;

/** A site profile, and the same profile after 40 comment lines (what the linear comments test is for). */
function commentedProfiles(): { plain: string; commented: string } {
  if (profiles) return profiles;
  const text = 'extends: edge\nname: bench-site\n';
  profiles = { plain: join(work, 'site.yaml'), commented: join(work, 'site-commented.yaml') };
  writeFileSync(profiles.plain, text);
  writeFileSync(profiles.commented, `${Array.from({ length: 40 }, (_, i) => `# site notes, line ${i + 1}`).join('\n')}\n${text}`);
  return profiles;
}

/** A rendered stream of the chart with `count` generated tenants, for the isolation rows. */
function scaleRender(count: number, set: readonly string[] = []): string {
  const out = join(work, `render-${count}${set.length ? '-ns' : ''}.yaml`);
  if (renders.has(out)) return out;
  renders.add(out);
  const { profile, tenants } = scaleFiles(count);
  const values = join(work, `values-${count}.yaml`);
  execFileSync(process.execPath, ['bin/aipc.js', 'values', '--tier', profile, '--tenants', tenants, '-o', values], { cwd: root });
  writeFileSync(
    out,
    execFileSync(process.execPath, ['bin/aipc.js', 'render', '--values', values, ...set], { cwd: root, maxBuffer: 256 * 1024 * 1024 }),
  );
  return out;
}

interface Result {
  readonly row: Row;
  readonly times: number[];
  readonly medianMs: number;
  readonly value: number;
  /** The machine's 1-minute load average when the row started and ended (other work beside it). */
  readonly load: readonly [number, number];
}

// ---- air-gap rows: real registries on 127.0.0.1, tiny real images, a 1 GiB weights bundle -----------

let airgap: Promise<{ bundle: string; pub: string; key: string; source: Registry; far: Registry }> | undefined;
let loadRun = 0;
let collectRun = 0;

/** Two registries, the edge images pushed to the source, and one collected bundle (once per bench). */
function airgapFixture() {
  airgap ??= (async () => {
    const [source, far] = await Promise.all([startRegistry(), startRegistry()]);
    process.once('exit', () => void Promise.all([source.stop(), far.stop()]));
    const { key, pub } = makeKey(work, 'bench-key');
    const listed = spawnSync(process.execPath, ['bin/aipc.js', 'airgap', 'images', '--tier', 'edge', '--source-registry', source.host], {
      cwd: root,
      encoding: 'utf8',
    });
    listed.stdout
      .trim()
      .split('\n')
      .forEach((line, i) => {
        const src = line.split(' ')[0];
        const layout = join(work, `layout-${i}`);
        writeImage(layout, 'img', `bench ${src}`);
        pushImage(layout, 'img', src);
      });
    const bundle = join(work, 'edge-bundle');
    const args = [
      'bin/aipc.js',
      'airgap',
      'collect',
      '--tier',
      'edge',
      '--out',
      bundle,
      '--key',
      key,
      '--source-registry',
      source.host,
      '--insecure-registry',
      '--no-models',
    ];
    timeNode(args);
    return { bundle, pub, key, source, far };
  })();
  return airgap;
}

async function collectArgs(): Promise<string[]> {
  const { key, source } = await airgapFixture();
  return [
    'bin/aipc.js',
    'airgap',
    'collect',
    '--tier',
    'edge',
    '--out',
    join(work, `collect-${++collectRun}`),
    '--key',
    key,
    '--source-registry',
    source.host,
    '--insecure-registry',
    '--no-models',
  ];
}

let largeBundle: { dir: string; pub: string } | undefined;
const sha256sumMs: number[] = [];

/** `aipc airgap verify` of a signed bundle holding a 1 GiB weights file; records the peak RSS. */
function timeVerifyLarge(): number {
  if (!largeBundle) {
    const models = join(work, 'models', 'mistral-7b-instruct-q4');
    mkdirSync(models, { recursive: true });
    const chunk = Buffer.alloc(64 * 1024 * 1024);
    for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i); // not sparse, not all zero
    const fd = openSync(join(models, 'model.gguf'), 'w');
    for (let i = 0; i < 16; i++) writeSync(fd, chunk);
    closeSync(fd);
    const { key, pub } = makeKey(work, 'large-key');
    const dir = join(work, 'large-bundle');
    timeNode(['bin/aipc.js', 'airgap', 'bundle', '--tier', 'edge', '--out', dir, '--key', key, '--model-dir', join(work, 'models')]);
    largeBundle = { dir, pub };
  }
  const t0 = process.hrtime.bigint();
  spawnSync('sha256sum', [join(work, 'models', 'mistral-7b-instruct-q4', 'model.gguf')]);
  sha256sumMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['bench/max-rss.mjs', 'airgap', 'verify', largeBundle.dir, '--key', largeBundle.pub], {
    cwd: root,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`aipc airgap verify exited ${r.status}: ${r.stderr || r.stdout}`);
  lastRssMb = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  return ms;
}

// ---- fleet and watch rows ------------------------------------------------------------------------

const fleetRatios: { checkMs: number; bareMs: number }[] = [];
const watchRatios: { rebuildMs: number; bareMs: number; inProcessMs: number }[] = [];
/** Stopped when the benchmark ends (the watcher process). */
const stops: (() => void)[] = [];
const packageChart = join(root, 'charts', 'ai-platform');

let fleet: { sites: string; valuesFiles: string[] } | undefined;
/** 50 edge sites (each its own name and GPU count, one tenant) and their compiled values files, made once. */
function fleetFixture(): { sites: string; valuesFiles: string[] } {
  if (fleet) return fleet;
  const sites = join(work, 'sites');
  const values = join(work, 'sites-values');
  mkdirSync(sites, { recursive: true });
  for (let i = 0; i < FLEET_SITES; i++) {
    const name = `edge-site-${String(i).padStart(2, '0')}`;
    writeFileSync(join(sites, `${name}.yaml`), `name: ${name}\nextends: edge\nhardware:\n  gpuNodes: ${3 + (i % 4)}\n`);
    writeFileSync(
      join(sites, `${name}.tenants.yaml`),
      `tenants:\n  - name: team-${i}\n    quota: {cpu: "4", memory: 8Gi, gpu: 1, pvcs: 2, pods: 10}\n    budget: {maxTotalTokens: 1000, maxTotalCost: "10.00", maxConcurrentRuns: 1}\n`,
    );
  }
  timeNode(['bin/aipc.js', 'values', '--sites', sites, '--out-dir', values]);
  fleet = {
    sites,
    valuesFiles: Array.from({ length: FLEET_SITES }, (_, i) => join(values, `values-edge-site-${String(i).padStart(2, '0')}.yaml`)),
  };
  return fleet;
}

/** `helm template` of the package chart with each tier file, as aipc renders a tier (same arguments), `inFlight` at once. */
async function timeBareHelmFiles(tierFiles: readonly string[], inFlight: number): Promise<number> {
  const helm = pinnedHelmPath('helm4');
  const started = process.hrtime.bigint();
  const queue = [...tierFiles];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const args = ['template', 'ai-platform', packageChart, '--namespace', 'ai-platform', '--kube-version', '1.33.0', '--include-crds'];
      args.push('--values', join(packageChart, 'values.yaml'), '--values', file);
      await new Promise<void>((resolve, reject) => {
        const child = spawn(helm, args, { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`helm exited ${code}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

interface WatchFixture {
  readonly valuesFile: string;
  /** Edits the profile and resolves with the milliseconds until the watcher printed the rebuilt verdict. */
  rebuild(): Promise<number>;
  /** The last rebuild's time as the watcher printed it. */
  lastReported(): number;
}
let watcher: Promise<WatchFixture> | undefined;
/** One `aipc build --watch` of an edge site, started once and kept warm across the runs. */
function watchFixture(): Promise<WatchFixture> {
  watcher ??= (async () => {
    const dir = join(work, 'watch');
    mkdirSync(dir, { recursive: true });
    const profile = join(dir, 'site.yaml');
    const tenants = join(dir, 'site.tenants.yaml');
    const write = (nodes: number) => writeFileSync(profile, `name: site\nextends: edge\nhardware:\n  gpuNodes: ${nodes}\n`);
    write(3);
    writeFileSync(tenants, readFileSync(join(root, 'profiles', 'tenants-edge.yaml')));
    const valuesFile = join(dir, 'values-site.yaml');
    timeNode(['bin/aipc.js', 'values', '--tier', profile, '--tenants', tenants, '-o', valuesFile]);
    const child = spawn(
      process.execPath,
      ['bin/aipc.js', 'build', '--watch', '--out', join(dir, 'chart'), '--tier', profile, '--tenants', tenants],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    stops.push(() => child.kill('SIGINT'));
    let out = '';
    let waiting: { pattern: RegExp; from: number; resolve: () => void } | undefined;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (waiting && waiting.pattern.test(out.slice(waiting.from))) {
        const w = waiting;
        waiting = undefined;
        w.resolve();
      }
    });
    const until = (pattern: RegExp, from: number) =>
      pattern.test(out.slice(from)) ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { pattern, from, resolve }));
    await until(/^watching /m, 0);
    let nodes = 3;
    let reported = 0;
    return {
      valuesFile,
      lastReported: () => reported,
      async rebuild() {
        const from = out.length;
        nodes = nodes === 3 ? 4 : 3;
        const started = process.hrtime.bigint();
        write(nodes);
        await until(/^rebuilt .*\n(?:[-+] .*\n)+/m, from);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        reported = Number(/^rebuilt .*\((\d+) ms\)/m.exec(out.slice(from))?.[1] ?? 0);
        return ms;
      },
    };
  })();
  return watcher;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function measure(row: Row): Promise<Result> {
  const before = loadavg()[0];
  await row.run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < (row.runs ?? RUNS); i++) times.push(await row.run());
  const medianMs = median(times);
  return { row, times, medianMs, value: row.value ? row.value(medianMs) : medianMs, load: [before, loadavg()[0]] };
}

const fmt = (n: number, unit: string) =>
  unit === 'ms'
    ? `${n.toFixed(0)} ms`
    : unit === 'ratio'
      ? n.toFixed(2)
      : unit === 'MB'
        ? `${n.toFixed(0)} MB`
        : unit === 'MB/s'
          ? `${n.toFixed(0)} MB/s`
          : `${Math.round(n).toLocaleString('en-US')} ${unit}`;

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  try {
    const base = await measure(baseline);
    const results: Result[] = [];
    // BENCH_ONLY=<regexp>: measure just the matching rows, print them, leave RESULTS.md alone
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
    for (const row of rows.filter((r) => !only || only.test(r.name))) {
      process.stderr.write(`bench: ${row.name}\n`);
      results.push(await measure(row));
    }
    const lines = [
      '# Benchmarks',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version};`,
      `median of ${RUNS} runs (5 for the slow rows) after one warm-up; a ratio's two sides run back to back in`,
      `every run. The load column is the machine's 1-minute load average as the row started and ended.`,
      `\`npm run bench\` regenerates this file.`,
      '',
      `Bare \`node -e 0\` startup in the same run: ${fmt(base.medianMs, 'ms')}.`,
      '',
      '| benchmark | median | target | median / target | time / node startup | runs | load (1-min avg, start → end) | note |',
      '|---|---:|---:|---:|---:|---|---|---|',
    ];
    let failed = 0;
    for (const r of results) {
      const { limit, unit, atLeast } = r.row.target;
      const ok = atLeast ? r.value >= limit : r.value <= limit;
      if (!ok) failed++;
      lines.push(
        `| ${r.row.name} | ${fmt(r.value, unit)} | ${atLeast ? '≥' : '≤'} ${fmt(limit, unit)} | ${(r.value / limit).toFixed(2)}${ok ? '' : ' ✗'} | ${unit === 'ms' || unit === 'objects/s' ? `${(r.medianMs / base.medianMs).toFixed(1)}×` : '—'} | ${r.times.map((t) => (unit === 'ratio' ? t.toFixed(2) : t.toFixed(0))).join(', ')} | ${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)} | ${r.row.note?.() ?? ''} |`,
      );
    }
    const text = `${lines.join('\n')}\n`;
    if (!only) writeFileSync(join(root, 'bench/RESULTS.md'), text);
    process.stdout.write(text);
    if (failed) {
      process.stderr.write(`${failed} benchmark(s) missed their target\n`);
      process.exitCode = 1;
    }
  } finally {
    for (const stop of stops) stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
