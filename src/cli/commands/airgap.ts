import type { Command } from 'commander';
import { formatOption, helmOption, parseChoice, valuesOption } from '../options.js';
import { processIo, type Io } from '../io.js';

const FORMATS = ['text', 'json'] as const;

/** Registers `aipc airgap images | bundle | verify`. */
export function registerAirgap(program: Command, io: Io = processIo()): void {
  const airgap = program
    .command('airgap')
    .description(
      'Air gap: list the images a tier pulls (from the rendered chart), write a hashed bundle to carry across, verify it on the far side.',
    );

  const images = airgap
    .command('images')
    .description(
      "List every image the rendered tier pulls (containers, init and ephemeral containers of every pod and pod template, image fields of custom resources), sorted and de-duplicated. Exit 0 all in the tier's registry (global.registry), 1 some are not (each named with its objects), 2 bad input.",
    )
    .option('--tier <tier>', 'edge, datacenter or connected (default: the chart values.yaml alone)');
  valuesOption(images);
  images.option('--why', 'under each image, the objects and containers that pull it');
  formatOption(images, FORMATS);
  helmOption(images).action(async (opts: { tier?: string; values: string[]; why?: boolean; format: string; helm?: string }) => {
    const format = parseChoice(opts.format, FORMATS);
    const { airgapImages } = await import('../../actions/airgap.js');
    const { formatImageFindings, formatImageList } = await import('../../airgap/bundle.js');
    const { formatImageUser } = await import('../../airgap/images.js');
    const c = await airgapImages(opts);
    if (format === 'json') {
      const notIn = new Map(c.findings.map((f) => [f.image, f]));
      const images = c.images.map((i) => ({
        image: i.image,
        inRegistry: !notIn.has(i.image),
        ...(notIn.has(i.image) ? { problem: notIn.get(i.image)!.message } : {}),
        users: i.users.map((u) => ({ ...u, text: formatImageUser(u) })),
      }));
      io.stdout.write(`${JSON.stringify({ tier: c.tier, registry: c.registry, valuesFiles: c.valuesFiles, images }, null, 2)}\n`);
    } else if (opts.why) {
      io.stdout.write(c.images.map((i) => `${i.image}\n${i.users.map((u) => `  ${formatImageUser(u)}\n`).join('')}`).join(''));
    } else {
      io.stdout.write(formatImageList(c.images));
    }
    if (c.findings.length) {
      const head = c.registry
        ? `${c.findings.length} of ${c.images.length} images are not in the tier's registry ${c.registry}`
        : `global.registry is empty, so no image is in the tier's registry (the chart's values.schema.json refuses an empty registry too); ${c.findings.length} of ${c.images.length} images fail`;
      io.stderr.write(`aipc: ${head}:\n${formatImageFindings(c.findings)}`);
      process.exitCode = 1;
    }
  });

  const bundle = airgap
    .command('bundle')
    .description(
      'Write an air-gap bundle to --out: charts/<chart>-<version>.tgz (helm package, reproducible for a given --created), values/ (the values files used, in order), images.txt, models.yaml (and models/ with --model-dir) and manifest.yaml with a sha256 for every file. Built beside --out and renamed into place. Exit 1 (nothing written) if an image is not in the registry.',
    )
    .option('--tier <tier>', 'edge, datacenter or connected (default: the chart values.yaml alone)')
    .requiredOption('--out <dir>', 'bundle directory (replaced if it holds a previous bundle)');
  valuesOption(bundle);
  bundle
    .option(
      '--registry <host>',
      "the far side's registry: writes values/values-airgap.yaml setting global.registry, lists images there and writes image-map.txt (source target)",
    )
    .option('--model-dir <dir>', 'model weights to include; files under DIR/<model name>/ belong to that model')
    .option('--created <time>', 'creation time (ISO 8601 or Unix seconds; default SOURCE_DATE_EPOCH, then now)');
  helmOption(bundle).action(async (opts) => {
    const { airgapBundle } = await import('../../actions/airgap.js');
    const result = await airgapBundle(opts);
    const m = result.manifest;
    io.stdout.write(
      `wrote ${result.dir}: chart ${m.chart.name} ${m.chart.version}, tier ${m.tier}, ${result.images.length} images from ${m.registry}, ${m.files.length} files hashed in manifest.yaml (created ${m.created})\n`,
    );
  });

  const verify = airgap
    .command('verify')
    .description(
      'Recompute the sha256 of every file in a bundle and compare with its manifest.yaml. Exit 0 intact, 1 files missing, extra or changed (each named), 2 unreadable bundle or manifest.',
    )
    .argument('<dir>', 'bundle directory');
  formatOption(verify, FORMATS).action(async (dir: string, opts: { format: string }) => {
    const format = parseChoice(opts.format, FORMATS);
    const { airgapVerify } = await import('../../actions/airgap.js');
    const { bundleIsIntact, formatVerifyReport } = await import('../../airgap/verify.js');
    const result = await airgapVerify(dir);
    if (format === 'json') {
      const { missing, extra, changed, verified } = result;
      io.stdout.write(`${JSON.stringify({ dir, ok: bundleIsIntact(result), missing, extra, changed, verified }, null, 2)}\n`);
    } else {
      io.stdout.write(formatVerifyReport(dir, result));
    }
    if (!bundleIsIntact(result)) process.exitCode = 1;
  });
}
