// The flags several commands share, declared once so they read and mean the same everywhere.
import type { Command } from 'commander';
import { AipcError, EXIT_USAGE } from '../errors.js';

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
