// `aipc airgap images | bundle | verify`: options checked here, the work done by the library.
import { AipcError, EXIT_FINDINGS } from '../errors.js';
import { formatImageFindings, formatImageList, writeBundle } from './bundle.js';
import { collectImages } from './collect.js';
import { formatImageUser } from './images.js';
import { bundleIsIntact, formatVerifyReport, verifyBundle } from './verify.js';

interface Io {
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
}

export interface AirgapImagesOptions {
  readonly tier?: string;
  readonly values?: readonly string[];
  readonly why?: boolean;
  readonly format?: string;
  readonly helm?: string;
}

/** Prints every image the tier pulls; exit 1 if any is not in the tier's registry. */
export async function runAirgapImages(opts: AirgapImagesOptions, io: Io = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new AipcError(`--format must be text or json; got ${JSON.stringify(format)}`);
  const c = await collectImages({ tier: opts.tier, valuesFiles: opts.values, helm: opts.helm });
  if (format === 'json') {
    const notIn = new Map(c.findings.map((f) => [f.image, f]));
    stdout.write(
      `${JSON.stringify(
        {
          tier: c.tier,
          registry: c.registry,
          valuesFiles: c.valuesFiles,
          images: c.images.map((i) => ({
            image: i.image,
            inRegistry: !notIn.has(i.image),
            ...(notIn.has(i.image) ? { problem: notIn.get(i.image)!.message } : {}),
            users: i.users.map((u) => ({ ...u, text: formatImageUser(u) })),
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else if (opts.why) {
    stdout.write(c.images.map((i) => `${i.image}\n${i.users.map((u) => `  ${formatImageUser(u)}\n`).join('')}`).join(''));
  } else {
    stdout.write(formatImageList(c.images));
  }
  if (c.findings.length) {
    const head = c.registry
      ? `${c.findings.length} of ${c.images.length} images are not in the tier's registry ${c.registry}`
      : `global.registry is empty, so no image is in the tier's registry (the chart's values.schema.json refuses an empty registry too); ${c.findings.length} of ${c.images.length} images fail`;
    stderr.write(`aipc: ${head}:\n${formatImageFindings(c.findings)}`);
    return EXIT_FINDINGS;
  }
  return 0;
}

export interface AirgapBundleOptions {
  readonly tier?: string;
  readonly out?: string;
  readonly values?: readonly string[];
  readonly created?: string;
  readonly registry?: string;
  readonly modelDir?: string;
  readonly helm?: string;
}

/** Writes the bundle and prints a summary. */
export async function runAirgapBundle(opts: AirgapBundleOptions, io: Io = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  if (!opts.out) throw new AipcError('--out DIR is required');
  const result = await writeBundle({
    out: opts.out,
    tier: opts.tier,
    valuesFiles: opts.values,
    created: opts.created,
    registry: opts.registry,
    modelDir: opts.modelDir,
    helm: opts.helm,
  });
  const m = result.manifest;
  stdout.write(
    `wrote ${result.dir}: chart ${m.chart.name} ${m.chart.version}, tier ${m.tier}, ${result.images.length} images from ${m.registry}, ${m.files.length} files hashed in manifest.yaml (created ${m.created})\n`,
  );
  return 0;
}

/** Verifies a bundle; exit 1 if any file is missing, extra or changed. */
export async function runAirgapVerify(dir: string, opts: { format?: string } = {}, io: Io = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new AipcError(`--format must be text or json; got ${JSON.stringify(format)}`);
  const result = await verifyBundle(dir);
  if (format === 'json') {
    const { missing, extra, changed, verified } = result;
    stdout.write(`${JSON.stringify({ dir, ok: bundleIsIntact(result), missing, extra, changed, verified }, null, 2)}\n`);
  } else {
    stdout.write(formatVerifyReport(dir, result));
  }
  return bundleIsIntact(result) ? 0 : EXIT_FINDINGS;
}
