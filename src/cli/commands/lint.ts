import type { Command } from 'commander';
import { collect } from './validate.js';

/** Registers `aipc lint`. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description(
      "Best-practice and cross-object checks over rendered manifests, in process: kube-linter's checks (by their names) and Polaris' (by their ids), plus references a pod needs to start, PDBs that select their workload, duplicated objects, removed APIs and floating tags on air-gapped tiers. Exit 0 no findings, 1 findings, 2 bad input.",
    )
    .argument('[inputs...]', 'files, directories (searched for *.yaml, *.yml, *.json) or - for stdin')
    .option('--tier <tier>', "render this built-in tier and lint it, with the chart's declared exceptions")
    .option('-f, --values <file>', 'extra values file for --tier (repeatable)', collect, [])
    .option('--set <key=value>', 'extra value for --tier (repeatable)', collect, [])
    .option(
      '--api-versions <api>',
      'an optional API the cluster serves: rendered by --tier and not reported as removed (repeatable)',
      collect,
      [],
    )
    .option('--include <check>', 'run only this check: kube-linter name or Polaris id (repeatable)', collect, [])
    .option('--exclude <check>', 'skip this check (repeatable)', collect, [])
    .option('--external <kind/name>', 'an object that exists outside the input, e.g. Secret/db-credentials (repeatable)', collect, [])
    .option('--kube-version <version>', 'target Kubernetes release for removed APIs', '1.33')
    .option('-n, --namespace <namespace>', 'namespace of objects that set none (default: none for files, the release namespace for --tier)')
    .option('--airgapped', 'files: the target is air-gapped, so images must be pinned to a version or digest')
    .option('--list', 'list every check (name, Polaris id, default, description) and exit')
    .option('--format <format>', 'text, json or markdown', 'text')
    .option('--helm <path>', 'helm binary for --tier (default: AIPC_HELM, then the pinned Helm 4)')
    .action(async (inputs: string[], opts: { format: string; list?: boolean } & Record<string, unknown>) => {
      const { LINT_CHECKS, LINT_FORMATS, formatLintReport } = await import('../../checks/lint/index.js');
      type LintFormat = (typeof LINT_FORMATS)[number];
      const { AipcError, EXIT_FINDINGS } = await import('../../errors.js');
      if (!(LINT_FORMATS as readonly string[]).includes(opts.format))
        throw new AipcError(`--format must be text, json or markdown, not ${JSON.stringify(opts.format)}`);
      if (opts.list) {
        const rows = LINT_CHECKS.map(
          (c) => `${c.name.padEnd(48)} ${(c.polaris ?? '-').padEnd(42)} ${c.byDefault ? 'on ' : 'off'} ${c.description}`,
        );
        process.stdout.write(`${'check'.padEnd(48)} ${'polaris id'.padEnd(42)} default\n${rows.join('\n')}\n`);
        return;
      }
      const { lintAction } = await import('../../actions/lint.js');
      const report = await lintAction({ ...opts, inputs } as Parameters<typeof lintAction>[0]);
      process.stdout.write(formatLintReport(report, opts.format as LintFormat));
      process.exitCode = report.findings.length ? EXIT_FINDINGS : 0;
    });
}
