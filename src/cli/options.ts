// The flags several commands share, declared once so they read and mean the same everywhere.
import { Option, type Command } from 'commander';
import { AipcError, EXIT_USAGE } from '../errors.js';
import { isDns1123Label } from '../kube/names.js';
import type { TierInputs } from '../actions/tier.js';
import type { Io } from './io.js';
import { checkReleaseNamespace } from '../tiers/namespace.js';

/** Commander collector for repeatable options. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * An old spelling kept working: a hidden option whose value, when given, is moved to `target`'s
 * (unless that was given too) with a deprecation note on stderr. `convert` may refuse the value
 * (return undefined) to leave it where it is.
 */
export function deprecatedAlias(cmd: Command, io: Io, flags: string, alias: string, target: { key: string; flag: string }): Command {
  cmd.addOption(new Option(flags).hideHelp());
  const key = new Option(flags).attributeName();
  return cmd.hook('preAction', (_cmd, action) => {
    const value = action.getOptionValue(key) as unknown;
    if (value === undefined) return;
    io.stderr.write(`aipc: ${alias} is deprecated; use ${target.flag}\n`);
    if (action.getOptionValueSource(target.key) !== 'cli') action.setOptionValueWithSource(target.key, value, 'cli');
  });
}

/** `--kube-version <version>`; `--kubernetes-version` a hidden, deprecated alias. */
export function kubeVersionOption(cmd: Command, io: Io, description: string, fallback?: string): Command {
  cmd.option('--kube-version <version>', description, fallback);
  return deprecatedAlias(cmd, io, '--kubernetes-version <version>', '--kubernetes-version', { key: 'kubeVersion', flag: '--kube-version' });
}

/** `-o, --output <file>`: where the command writes its result (atomically) instead of stdout. */
export const outputOption = (cmd: Command, description = 'write the result to FILE (atomically) instead of stdout'): Command =>
  cmd.option('-o, --output <file>', description);

/** `-f, --values <file>` (repeatable). */
export const valuesOption = (cmd: Command, description = 'extra values file, applied after the tier file (repeatable)'): Command =>
  cmd.option('-f, --values <file>', description, collect, []);

/** `--set <key=value>` (repeatable). */
export const setOption = (cmd: Command, description = 'value applied last, as helm --set (repeatable)'): Command =>
  cmd.option('--set <key=value>', description, collect, []);

/** `--helm <path>`. */
export const helmOption = (cmd: Command): Command =>
  cmd.option('--helm <path>', 'Helm binary (default: AIPC_HELM, then the pinned Helm 4)');

/** `--format <format>` with its allowed values listed in the help. */
export const formatOption = (cmd: Command, formats: readonly string[], fallback = formats[0]): Command =>
  cmd.option('--format <format>', formats.join(', '), fallback);

/** The one wording of a bad enum flag: `--format must be one of text, json; got "xml"`. */
export function parseChoice<T extends string>(value: string | undefined, choices: readonly T[], flag = '--format'): T {
  if (value !== undefined && (choices as readonly string[]).includes(value)) return value as T;
  throw new AipcError(`${flag} must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`, EXIT_USAGE);
}

/** The tier and its inputs, as commander parses them (the flags' names). */
export interface TierFlags {
  tier?: string;
  tenants?: string;
  values: string[];
  set: string[];
  setString: string[];
  setFile: string[];
}

/** The tier flags as the actions take them: one name per concept below the CLI. */
export function tierInputs(flags: Partial<TierFlags> & { allowOvercommit?: boolean }): TierInputs {
  return {
    tier: flags.tier,
    tenantsFile: flags.tenants,
    extraValuesFiles: flags.values ?? [],
    set: flags.set ?? [],
    setString: flags.setString ?? [],
    setFile: flags.setFile ?? [],
    allowOvercommit: flags.allowOvercommit,
  };
}

/** Where the release goes and what cluster it is rendered for. */
export interface ReleaseFlags {
  release?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions: string[];
}

/**
 * `--tier NAME|FILE`, `--tenants FILE`, `-f/--values FILE`, `--set`, `--set-string`, `--set-file`:
 * one meaning everywhere. A profile file, a tenant list or any --set compiles the tier on the fly
 * (as `aipc values` would, same checks); values files then --set apply in Helm's order.
 */
export function tierFlags(
  cmd: Command,
  tierDescription = 'built-in tier (edge, datacenter, connected) or a profile file (may `extends:` one)',
  tenantsDefault = "a built-in tier's shipped list; a profile file: none",
  options: { fleet?: boolean } = {},
): Command {
  if (options.fleet) fleetFlags(cmd, tierDescription);
  else cmd.option('--tier <name|file>', tierDescription);
  return cmd
    .option('--tenants <file>', `tenant list compiled into the tier (default: ${tenantsDefault})`)
    .option('-f, --values <file>', 'values file applied after the tier (repeatable; a duplicate tenant is an input error)', collect, [])
    .option('--set <key=value>', 'value applied last: dotted path with list indexes (a.b[0].c=x), read as YAML (repeatable)', collect, [])
    .option('--set-string <key=value>', 'as --set, the value kept as a string (repeatable)', collect, [])
    .option('--set-file <key=path>', "as --set, the value the file's text (repeatable)", collect, []);
}

/** `--release NAME`, `-n/--namespace NS`, `--kube-version V`, `--api-versions G/V[/KIND]`: the documented install's. */
export function releaseFlags(cmd: Command, io: Io): Command {
  cmd
    .option('--release <name>', 'Helm release name (default ai-platform); object names follow it')
    .option('-n, --namespace <namespace>', 'release namespace (default ai-platform), as helm install -n');
  kubeVersionOption(cmd, io, 'Kubernetes version to render for (default 1.33.0)');
  return cmd.option('--api-versions <api>', 'API the cluster serves, as helm --api-versions (repeatable)', collect, []);
}

/** The release flags checked (DNS-1123 names Helm and Kubernetes accept), for the actions. */
export function releaseTarget(flags: ReleaseFlags): { release?: string; namespace?: string; kubeVersion?: string; apiVersions: string[] } {
  if (flags.release !== undefined && (!isDns1123Label(flags.release) || flags.release.length > 53))
    throw new AipcError(`--release must be a DNS-1123 label of at most 53 characters; got ${JSON.stringify(flags.release)}`, EXIT_USAGE);
  if (flags.namespace !== undefined && !isDns1123Label(flags.namespace))
    throw new AipcError(
      `--namespace must be a DNS-1123 label of at most 63 characters; got ${JSON.stringify(flags.namespace)}`,
      EXIT_USAGE,
    );
  if (flags.namespace !== undefined) checkReleaseNamespace(flags.namespace);
  return { release: flags.release, namespace: flags.namespace, kubeVersion: flags.kubeVersion, apiVersions: flags.apiVersions ?? [] };
}

/** The fleet flags as the command's action sees them: `tiers` when --tier was given more than once. */
export interface FleetFlags {
  /** Every --tier, when there were several (`tier` is then unset). */
  tiers?: string[];
  sites?: string;
}

/** Whether the flags name a fleet (several --tier, or --sites) rather than one tier. */
export const isFleet = (flags: FleetFlags): boolean => flags.tiers !== undefined || flags.sites !== undefined;

/**
 * `--tier` repeatable and `--sites DIR`: a fleet of sites in one run. One --tier stays what it is
 * everywhere (`tier`); several become `tiers`, so a command's one-tier path never sees a list.
 */
function fleetFlags(cmd: Command, tierDescription: string): void {
  cmd
    .option('--tier <name|file>', `${tierDescription}; repeat it for a fleet of sites in one run`, collect, [])
    .option(
      '--sites <dir>',
      'a fleet: every site profile (*.yaml) in DIR, each with <site>.tenants.yaml beside it as its tenants when present (sub-folders are not read)',
    );
  cmd.hook('preAction', (_cmd, action) => {
    const tiers = action.getOptionValue('tier') as string[] | undefined;
    if (!Array.isArray(tiers)) return;
    action.setOptionValue('tier', tiers.length === 1 ? tiers[0] : undefined);
    if (tiers.length > 1) action.setOptionValue('tiers', tiers);
  });
}
