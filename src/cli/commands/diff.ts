import type { Command } from 'commander';
import { collect } from './validate.js';

/** Registers `aipc diff`. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description(
      'Show which Kubernetes objects differ between two renders: OLD and NEW (files or directories of rendered manifests, e.g. from render --split), or the chart at git ref --base against the work tree (or --head). Objects are matched by API group, kind, namespace and name; key order, the order of named list items (containers, env, ports, volumes) and null against absent are not changes; other lists are aligned by content. Ranked: added and removed objects, images, RBAC, NetworkPolicies, Services, CRDs, security fields, the rest; a change repeated on many objects is one entry. Exit 0, 1 with --exit-code when something differs or with --fail-on when a named category changed, 2 bad input.',
    )
    .argument('[inputs...]', 'OLD NEW: rendered manifest files or directories (- for stdin, once)')
    .option('--base <ref>', 'render the chart at this git ref (before) and in the work tree (after)')
    .option('--head <ref>', 'with --base: render the after side at this git ref instead of the work tree')
    .option('--tier <tier>', 'with --base: render this tier (edge, datacenter, connected) at both sides')
    .option('--all-tiers', 'with --base: render all three tiers at both sides and report per tier')
    .option('-f, --values <file>', 'with --base: values file applied at both sides (repeatable)', collect, [])
    .option('--set <key=value>', 'with --base: value applied at both sides (repeatable)', collect, [])
    .option('--chart <dir>', 'with --base: the chart in the work tree (default: charts/ai-platform at the repository top)')
    .option('--helm <path>', 'Helm binary (default: AIPC_HELM or the pinned Helm)')
    .option(
      '--format <format>',
      'text, markdown (a pull-request comment, under 65,536 characters), github (markdown with a marker a workflow finds to update one comment) or json',
      'text',
    )
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
        opts: {
          base?: string;
          head?: string;
          tier?: string;
          allTiers?: boolean;
          values: string[];
          set: string[];
          chart?: string;
          helm?: string;
          format: string;
          exitCode?: boolean;
          ignore: string[];
          ignoreGenerated?: boolean;
          failOn: string[];
        },
      ) => {
        const { runDiffCommand } = await import('../../diff/command.js');
        process.exitCode = await runDiffCommand(inputs, opts);
      },
    );
}
