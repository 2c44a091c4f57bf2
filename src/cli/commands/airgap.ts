import type { Command } from 'commander';

/** Registers `aipc airgap images | bundle | verify`. */
export function registerAirgap(program: Command): void {
  const airgap = program
    .command('airgap')
    .description(
      'Air gap: list the images a tier pulls (from the rendered chart), write a hashed bundle to carry across, verify it on the far side.',
    );

  airgap
    .command('images')
    .description(
      "List every image the rendered tier pulls (containers, init and ephemeral containers of every pod and pod template, image fields of custom resources), sorted and de-duplicated. Exit 0 all in the tier's registry (global.registry), 1 some are not (each named with its objects), 2 bad input.",
    )
    .option('--tier <tier>', 'edge, datacenter or connected (default: the chart values.yaml alone)')
    .option('-f, --values <file>', 'extra values file, applied after the tier file (repeatable)', collect, [])
    .option('--why', 'under each image, the objects and containers that pull it')
    .option('--format <format>', 'text or json', 'text')
    .option('--helm <path>', 'Helm binary (default: AIPC_HELM, then the pinned Helm 4)')
    .action(async (opts) => {
      const { runAirgapImages } = await import('../../airgap/command.js');
      process.exitCode = await runAirgapImages(opts);
    });

  airgap
    .command('bundle')
    .description(
      'Write an air-gap bundle to --out: charts/<chart>-<version>.tgz (helm package, reproducible for a given --created), values/ (the values files used, in order), images.txt, models.yaml (and models/ with --model-dir) and manifest.yaml with a sha256 for every file. Built beside --out and renamed into place. Exit 1 (nothing written) if an image is not in the registry.',
    )
    .option('--tier <tier>', 'edge, datacenter or connected (default: the chart values.yaml alone)')
    .requiredOption('--out <dir>', 'bundle directory (replaced if it holds a previous bundle)')
    .option('-f, --values <file>', 'extra values file, applied after the tier file (repeatable)', collect, [])
    .option(
      '--registry <host>',
      "the far side's registry: writes values/values-airgap.yaml setting global.registry, lists images there and writes image-map.txt (source target)",
    )
    .option('--model-dir <dir>', 'model weights to include; files under DIR/<model name>/ belong to that model')
    .option('--created <time>', 'creation time (ISO 8601 or Unix seconds; default SOURCE_DATE_EPOCH, then now)')
    .option('--helm <path>', 'Helm binary (default: AIPC_HELM, then the pinned Helm 4)')
    .action(async (opts) => {
      const { runAirgapBundle } = await import('../../airgap/command.js');
      process.exitCode = await runAirgapBundle(opts);
    });

  airgap
    .command('verify')
    .description(
      'Recompute the sha256 of every file in a bundle and compare with its manifest.yaml. Exit 0 intact, 1 files missing, extra or changed (each named), 2 unreadable bundle or manifest.',
    )
    .argument('<dir>', 'bundle directory')
    .option('--format <format>', 'text or json', 'text')
    .action(async (dir: string, opts: { format: string }) => {
      const { runAirgapVerify } = await import('../../airgap/command.js');
      process.exitCode = await runAirgapVerify(dir, opts);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
