// The flags several commands share, declared once so they read and mean the same everywhere.
import type { Command } from 'commander';
import { AipcError, EXIT_USAGE } from '../errors.js';
import { isDns1123Label } from '../kube/names.js';

/** Commander collector for repeatable options. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

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

/** The tier and its inputs, as every command that renders or judges a tier reads them. */
export interface TierFlags {
  tier?: string;
  tenants?: string;
  values: string[];
  set: string[];
  setString: string[];
  setFile: string[];
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
): Command {
  return cmd
    .option('--tier <name|file>', tierDescription)
    .option('--tenants <file>', `tenant list compiled into the tier (default: ${tenantsDefault})`)
    .option('-f, --values <file>', 'values file applied after the tier (repeatable; a duplicate tenant is an input error)', collect, [])
    .option('--set <key=value>', 'value applied last: dotted path with list indexes (a.b[0].c=x), read as YAML (repeatable)', collect, [])
    .option('--set-string <key=value>', 'as --set, the value kept as a string (repeatable)', collect, [])
    .option('--set-file <key=path>', "as --set, the value the file's text (repeatable)", collect, []);
}

/** `--release NAME`, `-n/--namespace NS`, `--kube-version V`, `--api-versions G/V[/KIND]`: the documented install's. */
export function releaseFlags(cmd: Command): Command {
  return cmd
    .option('--release <name>', 'Helm release name (default ai-platform); object names follow it')
    .option('-n, --namespace <namespace>', 'release namespace (default ai-platform), as helm install -n')
    .option('--kube-version <version>', 'Kubernetes version to render for (default 1.33.0)')
    .option('--api-versions <api>', 'API the cluster serves, as helm --api-versions (repeatable)', collect, []);
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
  return { release: flags.release, namespace: flags.namespace, kubeVersion: flags.kubeVersion, apiVersions: flags.apiVersions ?? [] };
}
