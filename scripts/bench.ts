// Benchmarks of whole commands, as a user runs them: each row is run once to warm up (disk cache,
// compile cache), then RUNS times; the median is reported, with its ratio to the target and to bare
// `node` startup measured in the same run (so a slow machine shows up as such, not as a regression).
// Writes bench/RESULTS.md. Run: npm run bench  (builds dist/ first).
//
// To add a benchmark: append a row to `rows` — a name, a target, and `run` (one timed execution;
// return elapsed milliseconds). `value` turns the median into the unit of the target.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateManifestStream } from '../bench/stream.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const STREAM_OBJECTS = 5000;

interface Target {
  /** The bound the median must meet, in `unit`. */
  readonly limit: number;
  readonly unit: 'ms' | 'objects/s';
  /** true: the value must be at least `limit` (throughput); false: at most (latency). */
  readonly atLeast: boolean;
}

interface Row {
  readonly name: string;
  readonly target: Target;
  /** One timed execution; returns elapsed wall-clock milliseconds. */
  readonly run: () => number;
  /** The reported value from the median milliseconds (default: the milliseconds). */
  readonly value?: (medianMs: number) => number;
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

const baseline: Row = { name: 'node startup (baseline)', target: { limit: Infinity, unit: 'ms', atLeast: false }, run: () => timeNode(['-e', '0']) };

const rows: Row[] = [
  { name: 'CLI cold start (`aipc --version`)', target: { limit: 150, unit: 'ms', atLeast: false }, run: () => timeNode(['bin/aipc.js', '--version']) },
  {
    name: `\`aipc validate\`, ${STREAM_OBJECTS} objects (read, parse, validate)`,
    target: { limit: 10_000, unit: 'objects/s', atLeast: true },
    run: () => timeNode(['bin/aipc.js', 'validate', streamFile]),
    value: (ms) => STREAM_OBJECTS / (ms / 1000),
  },
];

interface Result {
  readonly row: Row;
  readonly times: number[];
  readonly medianMs: number;
  readonly value: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function measure(row: Row): Result {
  row.run(); // warm-up
  const times = Array.from({ length: RUNS }, () => row.run());
  const medianMs = median(times);
  return { row, times, medianMs, value: row.value ? row.value(medianMs) : medianMs };
}

const fmt = (n: number, unit: string) => (unit === 'ms' ? `${n.toFixed(0)} ms` : `${Math.round(n).toLocaleString('en-US')} ${unit}`);

function main(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  try {
    const base = measure(baseline);
    const results = rows.map(measure);
    const lines = [
      '# Benchmarks',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version};`,
      `median of ${RUNS} runs after one warm-up. \`npm run bench\` regenerates this file.`,
      '',
      `Bare \`node -e 0\` startup in the same run: ${fmt(base.medianMs, 'ms')}.`,
      '',
      '| benchmark | median | target | median / target | time / node startup | runs (ms) |',
      '|---|---:|---:|---:|---:|---|',
    ];
    let failed = 0;
    for (const r of results) {
      const { limit, unit, atLeast } = r.row.target;
      const ok = atLeast ? r.value >= limit : r.value <= limit;
      if (!ok) failed++;
      lines.push(
        `| ${r.row.name} | ${fmt(r.value, unit)} | ${atLeast ? '≥' : '≤'} ${fmt(limit, unit)} | ${(r.value / limit).toFixed(2)}${ok ? '' : ' ✗'} | ${(r.medianMs / base.medianMs).toFixed(1)}× | ${r.times.map((t) => t.toFixed(0)).join(', ')} |`,
      );
    }
    const text = `${lines.join('\n')}\n`;
    writeFileSync(join(root, 'bench/RESULTS.md'), text);
    process.stdout.write(text);
    if (failed) {
      process.stderr.write(`${failed} benchmark(s) missed their target\n`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
