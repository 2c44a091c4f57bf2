import type { Command } from 'commander';
import { helmOption, parseChoice, releaseTarget, tierFlags, tierInputs, type TierFlags } from '../options.js';
import type { Io } from '../io.js';

const FORMATS = ['flux', 'argocd'] as const;

/** Registers `aipc gitops`. */
export function registerGitops(program: Command, io: Io): void {
  const cmd = program
    .command('gitops')
    .description(
      "Write the GitOps objects that deploy one site from the chart in an OCI registry (pushed with `aipc chart push`): --format flux gives an OCIRepository and a HelmRelease (plus the release Namespace as the chart renders it, applied first as the chart README's install does), --format argocd an Application; each carries the site's compiled values (tier file, --tenants, -f and --set). Written to DIR/<site>/, replaced as a whole. Validate them with `aipc validate --crd <the controllers' CRDs>`.",
    )
    .requiredOption('--format <format>', FORMATS.join(', '));
  tierFlags(cmd, 'built-in tier (edge, datacenter, connected) or a site profile file: the site to deploy');
  cmd
    .option('--registry <host[/path]>', 'where the chart was pushed: HOST[:PORT][/PATH], as given to `aipc chart push`')
    .option('--out <dir>', 'directory to write <site>/ into')
    .option('--release <name>', 'Helm release name (default ai-platform)')
    .option('-n, --namespace <namespace>', 'release namespace (default ai-platform)')
    .option('--controller-namespace <namespace>', 'namespace of the Flux or Argo CD objects (default flux-system or argocd)')
    .option('--json', 'print the result as one JSON document (--format names the controller)');
  helmOption(cmd).action(
    async (
      opts: TierFlags & {
        format: string;
        registry?: string;
        out?: string;
        release?: string;
        namespace?: string;
        controllerNamespace?: string;
        json?: boolean;
        helm?: string;
      },
    ) => {
      parseChoice(opts.format, FORMATS);
      const { runGitops } = await import('../../actions/gitops.js');
      const result = await runGitops({ ...opts, ...tierInputs(opts), ...releaseTarget({ ...opts, apiVersions: [] }) });
      io.stdout.write(
        opts.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : `wrote ${result.files.map((f) => `${result.dir}/${f}`).join(', ')} (${result.format})\n`,
      );
    },
  );
}
