import type { Command } from 'commander';
import {
  collect,
  formatOption,
  helmOption,
  parseChoice,
  releaseFlags,
  releaseTarget,
  tierFlags,
  tierInputs,
  type ReleaseFlags,
  type TierFlags,
} from '../options.js';
import type { Io } from '../io.js';

// `github`: the Markdown with a first-line marker, by which a workflow finds and updates its one comment
const FORMATS = ['text', 'markdown', 'github', 'json'] as const;

/** Registers `aipc diff`. */
export function registerDiff(program: Command, io: Io): void {
  const cmd = program
    .command('diff')
    .description(
      'Show which Kubernetes objects differ between two renders: OLD and NEW (files or directories of rendered manifests, e.g. from render --split), or the chart at git ref --base against the work tree (or --head). Objects are matched by API group, kind, namespace and name; key order, the order of named list items (containers, env, ports, volumes) and null against absent are not changes; other lists are aligned by content. Ranked: added and removed objects, images, RBAC, NetworkPolicies, Services, CRDs, security fields, the rest; a change repeated on many objects is one entry. Markdown stays under GitHub’s 65,536-character comment limit. Exit 0, 1 with --exit-code when something differs or with --fail-on when a named category changed, 2 bad input.',
    )
    .argument('[inputs...]', 'OLD NEW: rendered manifest files or directories (- for stdin, once)')
    .option('--base <ref>', 'render the chart at this git ref (before) and in the work tree (after)')
    .option('--head <ref>', 'with --base: render the after side at this git ref instead of the work tree')
    .option('--all-tiers', 'with --base: render all three tiers at both sides and report per tier');
  // with --base, the tier flags mean what they mean in render and check, at both sides
  tierFlags(cmd, 'with --base: render this tier (a built-in name or a profile file) at both sides');
  releaseFlags(cmd, io);
  cmd.option('--chart <dir>', 'with --base: the chart in the work tree (default: charts/ai-platform at the repository top)');
  helmOption(cmd);
  formatOption(cmd, FORMATS);
  cmd
    .option('--exit-code', 'exit 1 when something differs')
    .option(
      '--ignore <pattern>',
      'leave out field changes matching [KIND:NAME:]PATH, e.g. metadata.labels.helm.sh/chart or Secret:*:data.* (* one segment, ** any, [*] any item; repeatable)',
      collect,
      [],
    )
    .option(
      '--ignore-generated',
      'leave out what Helm regenerates on every render: generated Secret values, webhook CA bundles, checksum/* pod annotations',
    )
    .option(
      '--fail-on <categories>',
      'exit 1 when a change falls in one of these categories: added, removed, image, rbac, networkpolicy, service, crd, security, other, any (comma-separated, repeatable)',
      collect,
      [],
    )
    .action(
      async (
        inputs: string[],
        opts: TierFlags &
          ReleaseFlags & {
            base?: string;
            head?: string;
            allTiers?: boolean;
            chart?: string;
            helm?: string;
            format: string;
            exitCode?: boolean;
            ignore: string[];
            ignoreGenerated?: boolean;
            failOn: string[];
          },
      ) => {
        const format = parseChoice(opts.format, FORMATS);
        const { runDiff, parseFailOn, trippedGates, formatDiff, isEmptyReport, stdinFor } = await import('../../actions/diff.js');
        const gates = opts.failOn.length ? parseFailOn(opts.failOn) : undefined;
        const report = await runDiff(inputs, {
          ...opts,
          ...tierInputs(opts),
          ...releaseTarget(opts),
          stdin: await stdinFor(io.stdin, inputs),
        });
        io.stdout.write(formatDiff(report, format));
        if (opts.exitCode && !isEmptyReport(report)) io.exitCode = 1;
        const tripped = gates ? trippedGates(report, gates) : [];
        if (tripped.length) {
          const named = tripped.map((t) => `${t.category} (${t.objects} object${t.objects === 1 ? '' : 's'})`);
          io.stderr.write(`aipc diff: --fail-on: ${named.join(', ')}\n`);
          io.exitCode = 1;
        }
      },
    );
}
