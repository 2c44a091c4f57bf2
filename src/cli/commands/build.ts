import type { Command } from 'commander';
import {
  formatOption,
  helmOption,
  parseChoice,
  releaseFlags,
  releaseTarget,
  tierFlags,
  tierInputs,
  isFleet,
  type FleetFlags,
  type ReleaseFlags,
  type TierFlags,
} from '../options.js';
import { fleetInputs } from '../fleet.js';
import type { Io } from '../io.js';
import { AipcError } from '../../errors.js';
import { chartDirOption } from '../chart-dir.js';

const FORMATS = ['text', 'json'] as const;

/** Registers `aipc build`. */
export function registerBuild(program: Command, io: Io): void {
  const cmd = program
    .command('build')
    .description(
      'The main job: generate the chart and the three tier values files from the model and profiles, render the edge, datacenter and connected tiers with the pinned Helm (concurrently), validate every object, run the pod-security and deployment checks, and print a summary table. A fleet (--tier repeated, --sites DIR) builds every site in one process, renders overlapping; --watch stays running and rebuilds what each edit touches. Exit 0 all good, 1 any invalid object or failed check, 2 bad input (a fleet: the worst of its sites).',
    )
    .option('--out <dir>', "chart directory to write (default: the package's own charts/ai-platform, wherever aipc runs from)")
    .option(
      '--watch',
      "stay running: after the build, rebuild the sites an edit touches (a profile, a tenant list, -f files, release.yaml; the chart regenerated first when its inputs change) and print only what changed; aipc's own sources restart it; Ctrl-C stops (exit 130)",
    );
  tierFlags(cmd, 'build only this tier: a built-in name or a profile file (e.g. a site tier that extends edge)', undefined, {
    fleet: true,
  });
  releaseFlags(cmd, io);
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(
    async (opts: TierFlags & FleetFlags & ReleaseFlags & { out?: string; helm?: string; format: string; watch?: boolean }) => {
      const format = parseChoice(opts.format, FORMATS);
      const fleet = isFleet(opts);
      if (opts.tenants && !opts.tier && !fleet)
        throw new AipcError('--tenants needs --tier (the three built-in tiers use their own sample tenant lists)');
      if (opts.watch && format === 'json') throw new AipcError('--watch prints lines as they change; it takes no --format json');
      const { runBuild, runBuildWatch, restartProcess, formatBuildSummary, buildSummaryJson, fleetSites } =
        await import('../../actions/build-watch.js');
      const common = { ...releaseTarget(opts), chartDir: chartDirOption(opts.out).dir, helm: opts.helm, ...tierInputs(opts) };
      if (opts.watch) {
        // Ctrl-C and SIGTERM are the CLI's one interrupt handler's (src/cli/index.ts): it stops the
        // Helm a rebuild runs, removes the rebuild's temporary directory and exits 130 or 143
        const end = await runBuildWatch({
          ...common,
          ...(fleet ? { fleet: fleetInputs(opts) } : {}),
          signal: new AbortController().signal,
          output: (line) => io.stdout.write(`${line}\n`),
        });
        if (end === 'restart') {
          // the warm process holds the old code: the same command, started afresh, takes over
          io.exitCode = await restartProcess(process.argv.slice(1));
        }
        return;
      }
      const result = await runBuild({
        ...(fleet ? { sites: fleetSites(fleetInputs(opts)) } : {}),
        ...common,
        // JSON is one document: the progress lines go to stderr then
        progress: (line) => (format === 'json' ? io.stderr : io.stdout).write(`${line}\n`),
      });
      io.stdout.write(format === 'json' ? `${JSON.stringify(buildSummaryJson(result), null, 2)}\n` : formatBuildSummary(result));
      io.exitCode = result.exitCode;
    },
  );
}
