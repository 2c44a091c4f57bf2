import type { Command } from 'commander';
import { collect, isFleet, parseChoice, releaseFlags, releaseTarget, tierFlags, tierInputs, type FleetFlags } from '../options.js';
import { fleetFormat, fleetInputs } from '../fleet.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'json'] as const;
const HELM = 'Helm binary (default: AIPC_HELM, then the pinned Helm 4)';
/** The tier and release flags every tier command shares (src/cli/options.ts). */
const tierAndRelease = (cmd: Command, io: Io, options: { fleet?: boolean } = {}): Command =>
  releaseFlags(tierFlags(cmd, 'a built-in tier or a profile file (default: the chart values.yaml alone)', undefined, options), io);

/** Registers `aipc airgap images | collect | bundle | verify | load | export`. */
export function registerAirgap(program: Command, io: Io): void {
  const progress = (line: string) => io.stderr.write(`${line}\n`);
  const airgap = program
    .command('airgap')
    .description(
      'Air gap: list the images a tier pulls and their upstream sources, collect them with the chart, values, weights and install steps into a signed bundle, verify it and load it into the far side’s registry, or hand it to Zarf or Hauler.',
    );

  tierAndRelease(airgap.command('images'), io, { fleet: true })
    .description(
      "List every image the rendered tier pulls, sorted. With --sources, two columns: the reference to pull and the one the tier deploys (SOURCE DEPLOYED). Images containers pass on as arguments or env are listed apart on stderr (add them with --extra-image). Exit 0 all in the tier's registry, 1 some are not, 2 bad input.",
    )
    .option('--manifests <file>', 'a rendered stream (any chart, `-` for stdin) instead of rendering the tier')
    .option('--sources', 'print the upstream source of each image (release data) beside the deployed reference')
    .option('--source-registry <host>', 'pull every source from this mirror instead, repository path kept (implies --sources)')
    .option('--extra-image <ref>', 'another image to list (repeatable)', collect, [])
    .option('--why', 'under each image, the objects and containers that pull it')
    .option('--format <format>', 'text or json', 'text')
    .option('--helm <path>', HELM)
    .action(async (opts) => {
      const fleet = isFleet(opts as FleetFlags);
      const format = fleet ? fleetFormat(opts.format) : parseChoice(opts.format, FORMATS);
      const { runAirgapImages, formatImageFindings, formatImageList, formatImageUser, stdinFor, runFleet, fleetSites, formatFleet } =
        await import('../../actions/airgap.js');
      type Images = Awaited<ReturnType<typeof runAirgapImages>>;
      const json = (c: Images) => {
        const notIn = new Map(c.findings.map((f) => [f.image, f]));
        const users = (i: (typeof c.images)[number]) => i.users.map((u) => ({ ...u, text: formatImageUser(u) }));
        const images = c.images.map((i) => ({
          image: i.image,
          inRegistry: !notIn.has(i.image),
          ...(notIn.has(i.image) ? { problem: notIn.get(i.image)!.message } : {}),
          ...(c.sources ? { source: c.sources.find((s) => s.deployed === i.image)?.source } : {}),
          users: users(i),
        }));
        const indirect = c.indirect.map((i) => ({ image: i.image, users: users(i) }));
        return { tier: c.tier, registry: c.registry, valuesFiles: c.valuesFiles, images, indirect };
      };
      const list = (c: Images) =>
        c.sources
          ? c.sources.map((s) => `${s.source} ${s.deployed}\n`).join('')
          : opts.why
            ? c.images.map((i) => `${i.image}\n${i.users.map((u) => `  ${formatImageUser(u)}\n`).join('')}`).join('')
            : formatImageList(c.images);
      const notes = (c: Images) =>
        c.indirect.length
          ? `aipc: ${c.indirect.length} indirect image(s), passed to containers as arguments or env (not collected unless given with --extra-image):\n${c.indirect.map((i) => `  ${i.image}\n${i.users.map((u) => `    ${formatImageUser(u)} ${u.field}\n`).join('')}`).join('')}`
          : '';
      const problems = (c: Images) => {
        if (!c.findings.length) return '';
        const head = c.registry
          ? `${c.findings.length} of ${c.images.length} images are not in the tier's registry ${c.registry}`
          : `global.registry is empty, so no image is in the tier's registry (the chart's values.schema.json refuses an empty registry too); ${c.findings.length} of ${c.images.length} images fail`;
        return `aipc: ${head}:\n${formatImageFindings(c.findings)}`;
      };
      if (fleet) {
        const sites = fleetSites(fleetInputs(opts, { '--manifests': opts.manifests !== undefined }));
        const options = { ...opts, ...tierInputs(opts), ...releaseTarget(opts) };
        const result = await runFleet(
          sites,
          (site) => runAirgapImages({ ...options, tier: site.tier, tenantsFile: site.tenantsFile }),
          (c) => (c.findings.length ? 1 : 0),
        );
        io.stdout.write(
          formatFleet(result, format as 'text' | 'markdown' | 'json', {
            report: (c, f) =>
              f === 'markdown' ? `\`\`\`\n${list(c)}${notes(c)}${problems(c)}\`\`\`\n` : `${list(c)}${notes(c)}${problems(c)}`,
            json,
            summary: (c) =>
              `${c.images.length} images in ${c.registry || '(no registry)'}, ${c.findings.length} not in it, ${c.indirect.length} indirect`,
          }),
        );
        io.exitCode = result.exitCode;
        return;
      }
      const c = await runAirgapImages({
        ...opts,
        ...tierInputs(opts),
        ...releaseTarget(opts),
        stdin: await stdinFor(io.stdin, [opts.manifests]),
      });
      io.stdout.write(format === 'json' ? `${JSON.stringify(json(c), null, 2)}\n` : list(c));
      if (format === 'text') io.stderr.write(notes(c));
      if (c.findings.length) {
        io.stderr.write(problems(c));
        io.exitCode = 1;
      }
    });

  tierAndRelease(airgap.command('collect'), io)
    .description(
      'Pull every image the rendered tier needs into --out/images/ (an OCI image layout, one platform), with the chart package, values files, model weights, README, INSTALL.md, manifest.yaml (sha256 and size per file, image digests), SHA256SUMS and manifest.yaml.sig (an SSH signature, namespace aipc-bundle). Registry traffic by skopeo. Exit 1 (nothing written) if a model lacks weights or an image is outside the registry.',
    )
    .requiredOption('--out <dir>', 'bundle directory (replaced only if aipc wrote it)')
    .requiredOption('--key <file>', 'ed25519 private key (OpenSSH format) that signs the manifest')
    .option('--source-registry <host>', 'pull every image from this mirror, repository path kept')
    .option('--insecure-registry', 'the source registry speaks plain HTTP or has an unverified certificate')
    .option('--platform <os/arch>', 'from multi-arch images, only this platform', 'linux/amd64')
    .option('--extra-image <ref>', 'another image to carry, deployed from the tier registry (repeatable)', collect, [])
    .option('--model-dir <dir>', 'model weights; files under DIR/<model name>/ belong to that model')
    .option('--no-models', 'collect without the weights of the tier’s models (load them separately)')
    .option('--created <time>', 'creation time (ISO 8601 or Unix seconds; default SOURCE_DATE_EPOCH, then now)')
    .option('--format <format>', 'text or json (the manifest: chart, tier, images with digests, files)', 'text')
    .option('--helm <path>', HELM)
    .action(async (opts) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runAirgapCollect } = await import('../../actions/airgap.js');
      printBundle(io, await runAirgapCollect({ ...opts, ...tierInputs(opts), ...releaseTarget(opts), progress }), format);
    });

  tierAndRelease(airgap.command('bundle'), io)
    .description(
      'Write a bundle without images to --out: the chart package (reproducible for a given --created), values files, images.txt, models.yaml (and models/ with --model-dir), INSTALL.md, manifest.yaml, SHA256SUMS, and with --key a signature. Exit 1 (nothing written) if an image is not in the registry.',
    )
    .requiredOption('--out <dir>', 'bundle directory (replaced only if aipc wrote it)')
    .option(
      '--registry <host>',
      "the far side's registry: writes values/values-airgap.yaml setting global.registry, lists images there and writes image-map.txt (source target)",
    )
    .option('--model-dir <dir>', 'model weights to include; files under DIR/<model name>/ belong to that model')
    .option('--key <file>', 'ed25519 private key that signs the manifest')
    .option('--created <time>', 'creation time (ISO 8601 or Unix seconds; default SOURCE_DATE_EPOCH, then now)')
    .option('--format <format>', 'text or json (the manifest: chart, tier, images listed, files)', 'text')
    .option('--helm <path>', HELM)
    .action(async (opts) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runAirgapBundle } = await import('../../actions/airgap.js');
      printBundle(io, await runAirgapBundle({ ...opts, ...tierInputs(opts), ...releaseTarget(opts), progress }), format);
    });

  airgap
    .command('verify')
    .description(
      'Authenticate manifest.yaml (its SSH signature with --key or --allowed-signers, or --digest), then check every file: size before hash, regular files only, safe paths. Exit 0 authenticated and intact, 1 not authenticated (no key given included) or files missing, extra or changed (each named), 2 unreadable bundle, FIFO, device or non-UTF-8 name.',
    )
    .argument('<dir>', 'bundle directory')
    .option('--key <pub>', 'the signer’s SSH public key')
    .option('--allowed-signers <file>', 'an OpenSSH allowed_signers file')
    .option('--digest <sha256>', 'the sha256 of manifest.yaml, received out of band')
    .option('--format <format>', 'text or json', 'text')
    .action(async (dir: string, opts) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runAirgapVerify, bundleIsVerified, formatVerifyReport } = await import('../../actions/airgap.js');
      const result = await runAirgapVerify(dir, { ...opts, progress });
      if (format === 'json') {
        const { authentication, missing, extra, changed, verified } = result;
        io.stdout.write(
          `${JSON.stringify({ dir, ok: bundleIsVerified(result), authentication, missing, extra, changed, verified }, null, 2)}\n`,
        );
      } else io.stdout.write(formatVerifyReport(dir, result));
      if (!bundleIsVerified(result)) io.exitCode = 1;
    });

  airgap
    .command('load')
    .description(
      'Verify a collected bundle, push every image to --registry (the tier’s registry host replaced by it) and the packaged chart with `helm push` to oci://REGISTRY/charts/<chart>:<version>, read each back by digest and compare with the bundle; write values-airgap.yaml when the registry is not the tier’s. Applies nothing to a cluster: prints (and records beside the values file) the CRD step to run before `helm upgrade`. A second run pushes nothing. Exit 1 if the bundle does not verify or a digest differs.',
    )
    .argument('<dir>', 'bundle directory')
    .requiredOption('--registry <host>', 'the local registry, HOST[:PORT]')
    .option('--key <pub>', 'the signer’s SSH public key')
    .option('--allowed-signers <file>', 'an OpenSSH allowed_signers file')
    .option('--insecure-registry', 'the registry speaks plain HTTP or has an unverified certificate')
    .option(
      '--values-out <file>',
      'where to write values-airgap.yaml, never inside the bundle (default: ./values-airgap.yaml, or beside the bundle when run inside it)',
    )
    .option('--tier <tier>', 'refuse a bundle of another tier (exit 1)')
    .option('--not-before <time>', 'refuse a bundle created before this time (ISO 8601 or Unix seconds; exit 1)')
    .option(
      '--allow-other-bundle',
      'load even a bundle of another tier than --tier, created before --not-before, or older than the one loaded last (recorded beside the values file)',
    )
    .option('--format <format>', 'text or json', 'text')
    .option('--helm <path>', HELM)
    .action(async (dir: string, opts) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runAirgapLoad } = await import('../../actions/airgap.js');
      const r = await runAirgapLoad(dir, { ...opts, progress });
      const pushed = r.images.filter((i) => i.pushed).length;
      if (r.accepted.length) io.stderr.write(`aipc: loaded with --allow-other-bundle:\n${r.accepted.map((p) => `  ${p}\n`).join('')}`);
      if (format === 'json') {
        const { images, chart, valuesFile, recordFile, accepted } = r;
        io.stdout.write(`${JSON.stringify({ dir, registry: opts.registry, images, chart, valuesFile, recordFile, accepted }, null, 2)}\n`);
        return;
      }
      const c = r.chart;
      io.stdout.write(
        `${r.images.map((i) => `${i.pushed ? 'pushed' : 'present'} ${i.target} ${i.digest}\n`).join('')}${c.pushed ? 'pushed' : 'present'} ${c.repository}:${c.version} ${c.digest} (chart)\nloaded ${r.images.length} images into ${opts.registry}: ${pushed ? `${pushed} pushed` : 'nothing pushed, all already there'}, ${r.images.length - pushed} already there; each read back by digest; the chart ${c.pushed ? 'pushed' : 'already there'} (helm install|upgrade RELEASE ${c.repository} --version ${c.version}); wrote ${r.valuesFile} (add -f ${r.valuesFile} to helm install) and ${r.recordFile}\nbefore helm upgrade of an existing release, apply the CRDs first (helm upgrade never touches crds/):\n  ${c.crdStep}\n`,
      );
    });

  airgap
    .command('diff')
    .description(
      'What is about to cross the gap: two bundles compared, ranked — images and digests added, removed or changed, the chart version, tier and registry, the merged values field by field, the CRDs of the packaged chart, the model weights. With --key or --allowed-signers both must verify first. Exit 0 (1 with --exit-code when they differ, or when one does not verify), 2 bad input.',
    )
    .argument('<old>', 'the bundle carried last')
    .argument('<new>', 'the bundle about to be carried')
    .option('--key <pub>', 'the signer’s SSH public key: both bundles verified first')
    .option('--allowed-signers <file>', 'an OpenSSH allowed_signers file: both bundles verified first')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--exit-code', 'exit 1 when the bundles differ')
    .action(async (oldDir: string, newDir: string, opts) => {
      const format = parseChoice(opts.format, ['text', 'markdown', 'json'] as const);
      const { runAirgapDiff, formatBundleDiff } = await import('../../actions/airgap.js');
      const r = await runAirgapDiff(oldDir, newDir, opts);
      io.stdout.write(formatBundleDiff(r, format));
      if (opts.exitCode && r.entries.length) io.exitCode = 1;
    });

  tierAndRelease(airgap.command('export'), io)
    .description(
      'Write the tier’s hand-off for Zarf (zarf.yaml: the chart as a local chart with the tier’s values files, every image by source) or Hauler (Images, Charts and Files manifests) to --out, with the chart and values beside it.',
    )
    .requiredOption('--format <format>', 'zarf or hauler')
    .requiredOption('--out <dir>', 'output directory (replaced only if aipc wrote it)')
    .option('--source-registry <host>', 'name every image by this mirror, repository path kept')
    .option('--platform <os/arch>', 'Hauler: pull only this platform')
    .option('--json', 'print the result as one JSON document (--format names the tool)')
    .option('--helm <path>', HELM)
    .action(async (opts) => {
      const { runAirgapExport } = await import('../../actions/airgap.js');
      const r = await runAirgapExport({ ...opts, ...tierInputs(opts), ...releaseTarget(opts) });
      io.stdout.write(
        opts.json
          ? `${JSON.stringify({ format: opts.format, ...r }, null, 2)}\n`
          : `wrote ${r.dir}/${r.file}: ${r.images.length} images, the chart and its values files\n`,
      );
    });
}

function printBundle(io: Io, result: import('../../actions/airgap.js').BundleResult, format: (typeof FORMATS)[number]): void {
  const m = result.manifest;
  if (format === 'json') {
    // the manifest as written, the images the tier deploys, and whether it is signed
    const doc = { dir: result.dir, signed: result.signed, ...m, deployed: result.images.map((i) => i.image) };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  io.stdout.write(
    `wrote ${result.dir}: chart ${m.chart.name} ${m.chart.version}, tier ${m.tier}, ${m.images.length ? `${m.images.length} images collected` : `${result.images.length} images listed`} for ${m.registry}, ${m.files.length} files hashed in manifest.yaml${result.signed ? ', signed (manifest.yaml.sig)' : ', NOT signed'} (created ${m.created})\n`,
  );
}
