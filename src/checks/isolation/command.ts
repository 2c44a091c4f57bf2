// `aipc check isolation`: read objects (rendered stream or the render pipeline), run the engine,
// print connections or the namespace report, and return the exit code.
import { AipcError, EXIT_FINDINGS, InputError } from '../../errors.js';
import type { ManifestObject } from '../../io/manifests.js';
import { connectionLines } from './engine.js';
import { formatIsolationReport, type IsolationFormat } from './format.js';
import { readManifestInputs } from '../../io/manifests.js';
import { checkIsolation } from './verdicts.js';

export interface CheckIsolationOptions {
  readonly tier?: string;
  readonly values?: readonly string[];
  readonly manifests?: readonly string[];
  readonly connections?: boolean;
  readonly format?: string;
  readonly forbidExternal?: boolean;
}

const FORMATS = ['text', 'markdown', 'json', 'mermaid'];

/** Runs the check, writes to `stdout`, returns the exit code (0 clean, 1 violations). */
export async function runCheckIsolation(
  opts: CheckIsolationOptions,
  io: { stdout?: NodeJS.WritableStream; stdin?: () => string } = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format)) throw new AipcError(`--format must be one of ${FORMATS.join(', ')}; got ${JSON.stringify(format)}`);
  const manifests = opts.manifests ?? [];
  if (opts.tier && manifests.length) throw new AipcError('give --tier or --manifests, not both');
  if (!opts.tier && !manifests.length)
    throw new AipcError('nothing to check', undefined, 'pass --manifests FILE|DIR|- (a rendered stream) or --tier NAME');
  if (opts.values?.length && !opts.tier) throw new AipcError('--values needs --tier');

  let objects: ManifestObject[];
  if (opts.tier) {
    let render: (tier: string, options: { valuesFiles?: string[] }) => Promise<ManifestObject[]>;
    try {
      // the render pipeline (helm) loads only when a tier is asked for
      ({ renderTierObjects: render } = await import('../../render/render-tier.js'));
      if (typeof render !== 'function') throw new Error('renderTierObjects missing');
    } catch {
      throw new AipcError('--tier needs the render pipeline; use --manifests');
    }
    objects = await render(opts.tier, { valuesFiles: [...(opts.values ?? [])] });
  } else {
    const read = readManifestInputs(manifests, io.stdin);
    if (read.diagnostics.length) throw new InputError(read.diagnostics);
    objects = read.objects;
  }

  const report = checkIsolation(objects, { forbidExternal: opts.forbidExternal || opts.tier === 'edge' });
  if (report.errors.length) throw new InputError(report.errors);
  if (opts.connections) {
    const lines = connectionLines(report.reachability);
    stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
    return 0;
  }
  stdout.write(formatIsolationReport(report, format as IsolationFormat));
  return report.violations.length ? EXIT_FINDINGS : 0;
}
