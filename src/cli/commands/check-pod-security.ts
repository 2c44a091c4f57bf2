import type { Command } from 'commander';

/** Registers `aipc check pod-security`. */
export function registerCheckPodSecurity(check: Command): void {
  check
    .command('pod-security')
    .description(
      "Check every pod template against the Pod Security Standards as Kubernetes' pod-security-admission would, and that each Namespace's enforce label admits its workloads. Exit 0 all at --level (or declared exceptions), 1 findings, 2 usage error or unreadable input.",
    )
    .option('--level <level>', 'the level every workload must satisfy: baseline or restricted', 'restricted')
    // `--version` reaches this command only when the root program enables positional options;
    // until then the root's own --version takes it, so `--policy-version` is the spelling that works
    .option('--version <version>', 'Pod Security Standards policy version (v1.0 to v1.33, or latest)')
    .option('--policy-version <version>', 'same as --version')
    .option('--tier <tier>', 'render this tier and check it')
    .option('-f, --values <file>', 'extra values file for --tier (repeatable)', collect, [])
    .option(
      '--manifests <path>',
      'rendered manifests: a file, a directory (searched for *.yaml, *.yml, *.json) or - for stdin (repeatable)',
      collect,
      [],
    )
    .option('--exceptions <file>', 'YAML list of declared exceptions: {workload, level: baseline|privileged, reason}')
    .option('-n, --namespace <namespace>', 'namespace of objects without metadata.namespace', 'ai-platform')
    .option('--format <format>', 'text, markdown or json', 'text')
    .action(async (opts) => {
      const { runPodSecurityCommand } = await import('../../checks/pod-security/command.js');
      process.exitCode = await runPodSecurityCommand({ ...opts, version: opts.version ?? opts.policyVersion ?? 'v1.33' });
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
