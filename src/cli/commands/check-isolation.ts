import type { Command } from 'commander';

/** Registers `aipc check isolation`. */
export function registerCheckIsolation(check: Command): void {
  check
    .command('isolation')
    .description(
      'Compute NetworkPolicy reachability: which namespaces reach which and outside the cluster, and every path across a tenant or classification boundary. Exit 0 none, 1 violations found, 2 bad input.',
    )
    .option(
      '--tier <tier>',
      "render this tier and check it (edge forbids egress outside the cluster); with --manifests, apply the tier's rules to the given stream",
    )
    .option('--values <file>', 'extra values file for --tier (repeatable)', collect, [])
    .option('--manifests <path>', 'rendered manifests: file, directory or - for stdin (repeatable)', collect, [])
    .option('--connections', 'print every allowed workload connection (netpol-analyzer format), sorted')
    .option(
      '--exposure',
      "also judge pods that could exist (on by default with --tier); with --connections, add netpol-analyzer's exposure sections",
    )
    .option('--no-exposure', 'with --tier: judge only the pods in the stream')
    .option('--forbid-external', 'treat any egress outside the cluster as a violation (implied by --tier edge)')
    .option('--format <format>', 'text, markdown, json or mermaid', 'text')
    .action(
      async (opts: {
        tier?: string;
        values: string[];
        manifests: string[];
        connections?: boolean;
        forbidExternal?: boolean;
        exposure?: boolean;
        format: string;
      }) => {
        const { runCheckIsolation } = await import('../../checks/isolation/command.js');
        process.exitCode = await runCheckIsolation(opts);
      },
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
