import type { Command } from 'commander';
import { formatOption, helmOption, parseChoice, setOption, valuesOption } from '../options.js';
import { processIo, type Io } from '../io.js';

const FORMATS = ['text', 'markdown', 'json'] as const;

/** Registers `aipc diff`. */
export function registerDiff(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('diff')
    .description(
      'Show which Kubernetes objects differ between two renders: OLD and NEW (files or directories of rendered manifests, e.g. from render --split), or the chart at git ref --base against the work tree (or --head). Objects are matched by API group, kind, namespace and name; key order and the order of named list items (containers, env, ports, volumes) are not changes. Exit 0, 1 with --exit-code when something differs, 2 bad input.',
    )
    .argument('[inputs...]', 'OLD NEW: rendered manifest files or directories (- for stdin, once)')
    .option('--base <ref>', 'render the chart at this git ref (before) and in the work tree (after)')
    .option('--head <ref>', 'with --base: render the after side at this git ref instead of the work tree')
    .option('--tier <tier>', 'with --base: render this tier (edge, datacenter, connected) at both sides')
    .option('--all-tiers', 'with --base: render all three tiers at both sides and report per tier');
  valuesOption(cmd, 'with --base: values file applied at both sides (repeatable)');
  setOption(cmd, 'with --base: value applied at both sides (repeatable)');
  cmd.option('--chart <dir>', 'with --base: the chart in the work tree (default: charts/ai-platform at the repository top)');
  helmOption(cmd);
  formatOption(cmd, FORMATS);
  cmd.option('--exit-code', 'exit 1 when something differs').action(
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
      },
    ) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runDiff } = await import('../../actions/diff.js');
      const { formatDiff } = await import('../../diff/format.js');
      const { isEmptyReport } = await import('../../diff/diff.js');
      const report = await runDiff(inputs, opts);
      io.stdout.write(formatDiff(report, format));
      if (opts.exitCode && !isEmptyReport(report)) process.exitCode = 1;
    },
  );
}
