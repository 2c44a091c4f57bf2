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
      'The main job: generate the chart and the three tier values files from the model and profiles, render the edge, datacenter and connected tiers with the pinned Helm (concurrently), validate every object, run the pod-security and deployment checks, and print a summary table. Exit 0 all good, 1 any invalid object or failed check, 2 bad input.',
    )
    .option('--out <dir>', "chart directory to write (default: the package's own charts/ai-platform, wherever aipc runs from)");
  tierFlags(cmd, 'build only this tier: a built-in name or a profile file (e.g. a site tier that extends edge)', undefined, {
    fleet: true,
  });
  releaseFlags(cmd, io);
  formatOption(cmd, FORMATS);
  helmOption(cmd).action(async (opts: TierFlags & FleetFlags & ReleaseFlags & { out?: string; helm?: string; format: string }) => {
    const format = parseChoice(opts.format, FORMATS);
    const fleet = isFleet(opts);
    if (opts.tenants && !opts.tier && !fleet)
      throw new AipcError('--tenants needs --tier (the three built-in tiers use their own sample tenant lists)');
    const { runBuild, formatBuildSummary, buildSummaryJson, fleetSites } = await import('../../actions/build.js');
    const result = await runBuild({
      ...(fleet ? { sites: fleetSites(fleetInputs(opts)) } : {}),
      ...releaseTarget(opts),
      chartDir: chartDirOption(opts.out).dir,
      helm: opts.helm,
      ...tierInputs(opts),
      // JSON is one document: the progress lines go to stderr then
      progress: (line) => (format === 'json' ? io.stderr : io.stdout).write(`${line}\n`),
    });
    io.stdout.write(format === 'json' ? `${JSON.stringify(buildSummaryJson(result), null, 2)}\n` : formatBuildSummary(result));
    io.exitCode = result.exitCode;
  });
}
