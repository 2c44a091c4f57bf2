import type { Command } from 'commander';
import { formatOption, helmOption, parseChoice } from '../options.js';
import type { Io } from '../io.js';

const FORMATS = ['text', 'json'] as const;

/** Registers `aipc chart push`. */
export function registerChart(program: Command, io: Io): void {
  const chart = program.command('chart').description('Distribute the chart: `chart push` publishes it to an OCI registry.');
  const push = chart
    .command('push')
    .description(
      'Package the chart with Helm (reproducibly: the same chart and --created give the same digest) and push it with `helm push` to oci://HOST[/PATH]/<chart>:<version>; prints where it went and its digest. Install it with `helm install NAME oci://HOST[/PATH]/<chart> --version <version>`. Exit 0 pushed, 1 Helm refused the push, 2 bad input.',
    )
    .option('--registry <host[/path]>', 'the registry: HOST[:PORT] with an optional repository path (oci:// accepted)')
    .option('--chart <dir>', 'chart directory (default: the shipped charts/ai-platform)')
    .option('--plain-http', 'use HTTP instead of HTTPS (a registry without TLS, e.g. on 127.0.0.1)')
    .option('--created <time>', 'time of the packaged files, Unix seconds or ISO 8601 (default: SOURCE_DATE_EPOCH, else now)');
  helmOption(push);
  formatOption(push, FORMATS).action(
    async (opts: { registry?: string; chart?: string; plainHttp?: boolean; created?: string; helm?: string; format: string }) => {
      const format = parseChoice(opts.format, FORMATS);
      const { runChartPush } = await import('../../actions/chart-push.js');
      const result = await runChartPush(opts);
      io.stdout.write(
        format === 'json'
          ? `${JSON.stringify(result, null, 2)}\n`
          : `pushed ${result.repository}:${result.version}\ndigest ${result.digest}\n`,
      );
    },
  );
}
