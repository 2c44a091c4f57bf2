import type { Command } from 'commander';
import {
  collect,
  formatOption,
  helmOption,
  parseChoice,
  releaseFlags,
  releaseTarget,
  tierFlags,
  type ReleaseFlags,
  type TierFlags,
} from '../options.js';
import { processIo, type Io } from '../io.js';

const FORMATS = ['text', 'markdown', 'json', 'mermaid'] as const;

/** Registers `aipc check isolation`. */
export function registerCheckIsolation(check: Command, io: Io = processIo()): void {
  const cmd = check
    .command('isolation')
    .description(
      'Compute NetworkPolicy reachability: which namespaces reach which and outside the cluster, and every path across a tenant or classification boundary. Exit 0 none, 1 violations found, 2 bad input.',
    );
  tierFlags(cmd, 'render this tier (a built-in name or a profile file) and check it; an edge tier forbids egress outside the cluster');
  releaseFlags(cmd);
  cmd
    .option('--manifests <path>', 'rendered manifests: file, directory or - for stdin (repeatable)', collect, [])
    .option('--connections', 'print every allowed workload connection (netpol-analyzer format), sorted')
    .option('--forbid-external', 'treat any egress outside the cluster as a violation (implied by --tier edge)');
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(
    async (
      opts: TierFlags &
        ReleaseFlags & {
          manifests: string[];
          connections?: boolean;
          forbidExternal?: boolean;
          format: string;
          helm?: string;
        },
    ) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runIsolationCheck } = await import('../../actions/check-isolation.js');
      const report = await runIsolationCheck({ ...opts, ...releaseTarget(opts) });
      if (opts.connections) {
        const { connectionLines } = await import('../../checks/isolation/engine.js');
        const lines = connectionLines(report.reachability);
        io.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
        return;
      }
      const { formatIsolationReport } = await import('../../checks/isolation/format.js');
      io.stdout.write(formatIsolationReport(report, format));
      if (report.violations.length) process.exitCode = 1;
    },
  );
}
