// Loading a tier profile: a built-in tier (profiles/<tier>.yaml) or a site's own file, which may
// `extends:` a built-in tier or another file and override any field (deep merge, lists replaced).
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, type Diagnostic } from '../errors.js';
import { readBoundedFile } from '../io/read-bounded.js';
import { decodeUtf8, MAX_USER_YAML_BYTES, parseYamlText, readYamlFile, type SourceDocument } from '../io/yaml-read.js';
import { gpuTypeNames, releaseFile } from '../model/release.js';
import { profilesDir } from '../paths.js';
import {
  CLASSIFICATIONS,
  TIER_NAMES,
  TierProfileSchema,
  tierProfileFileSchema,
  type TierName,
  type TierProfile,
} from '../schemas/tier-profile.js';
import { mergeValues } from './merge.js';
import { clone, existingPrefixLength, hasPath, isRecord, type FieldPath } from '../util/data.js';
import { checkSchema, describeValue, type Locator } from './schema-check.js';

/** One file of a profile's `extends` chain. */
export interface ProfileLayer {
  readonly file: string;
  readonly doc: SourceDocument;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface LoadedProfile {
  readonly profile: TierProfile;
  /** How the profile was named: `edge` for a built-in tier, else the file path as given. */
  readonly source: string;
  readonly builtin: boolean;
  /** The profile file first, then what it extends, down to a file without `extends`. */
  readonly layers: readonly ProfileLayer[];
  /** A diagnostic for a profile field, placed in the file that set it. */
  readonly locate: Locator;
}

const MAX_EXTENDS_DEPTH = 16;

import { closestTier, isBuiltinTier } from '../schemas/tier-names.js';
export { isBuiltinTier };

/** The YAML file of a built-in tier. */
export const builtinProfileFile = (tier: TierName): string => join(profilesDir(), `${tier}.yaml`);

/** Loads a built-in tier by name (`edge`, `datacenter`, `connected`) or a profile file by path. */
export function loadTierProfile(nameOrFile: string, options: { cwd?: string } = {}): LoadedProfile {
  const cwd = options.cwd ?? process.cwd();
  const builtin = isBuiltinTier(nameOrFile);
  if (!builtin && !/[\\/.]/.test(nameOrFile) && !existsSync(resolve(cwd, nameOrFile))) {
    throw new InputError([
      {
        file: nameOrFile,
        message: `unknown tier: expected a built-in tier (${TIER_NAMES.join(', ')}) or a profile file, found neither${closestTier(nameOrFile) ? `; did you mean ${closestTier(nameOrFile)}?` : ''}`,
      },
    ]);
  }
  const layers = builtin
    ? loadChain(builtinProfileFile(nameOrFile), builtinProfileFile(nameOrFile), new Set())
    : loadChain(resolve(cwd, nameOrFile), nameOrFile, new Set());
  return resolveLayers(layers, nameOrFile, builtin);
}

function readLayer(absolute: string, display: string): ProfileLayer {
  const doc = readYamlAs(absolute, display);
  if (!isRecord(doc.value)) {
    // the kind of value only: a file that is not a profile (a credentials file) is never quoted
    const found = typeof doc.value === 'string' ? 'text' : describeValue(doc.value);
    throw new InputError([
      doc.diagnostic([], `expected a mapping (a tier profile with tier, models, hardware, ...), found ${found}`, 'schema.type'),
    ]);
  }
  return { file: display, doc, raw: doc.value };
}

/** readYamlFile's checks, reading `absolute` but naming it `display` in diagnostics. */
export function readYamlAs(absolute: string, display: string): SourceDocument {
  if (absolute === display) return readYamlFile(absolute);
  let bytes: Buffer;
  try {
    bytes = readBoundedFile(absolute, MAX_USER_YAML_BYTES);
  } catch {
    // let readYamlFile word the error, then rename the file in it
    try {
      readYamlFile(absolute);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(err.diagnostics.map((d) => ({ ...d, file: display })));
      throw err;
    }
    throw new InputError([{ file: display, message: 'cannot read' }]);
  }
  if (bytes.length > MAX_USER_YAML_BYTES)
    throw new InputError([{ file: display, message: `file is ${bytes.length} bytes; the limit is ${MAX_USER_YAML_BYTES}` }]);
  return parseYamlText(decodeUtf8(bytes, display), display);
}

function loadChain(absolute: string, display: string, seen: Set<string>): ProfileLayer[] {
  const layer = readLayer(absolute, display);
  const diagnostics = checkSchema(tierProfileFileSchema, layer.raw, (path, message, rule) => layer.doc.diagnostic(path, message, rule), {
    rulePrefix: 'profile',
  });
  if (diagnostics.length) throw new InputError(diagnostics);
  const ext = layer.raw.extends;
  if (typeof ext !== 'string') return [layer];
  const here = seen.add(absolute);
  if (here.size > MAX_EXTENDS_DEPTH)
    throw new InputError([layer.doc.diagnostic(['extends'], `extends chain deeper than ${MAX_EXTENDS_DEPTH} files`, 'profile.extends')]);
  let baseAbsolute: string;
  let baseDisplay: string;
  if (isBuiltinTier(ext)) {
    baseAbsolute = baseDisplay = builtinProfileFile(ext);
  } else if (/[/\\]/.test(ext) || /\.ya?ml$/i.test(ext)) {
    if (isAbsolute(ext)) {
      throw new InputError([
        layer.doc.diagnostic(
          ['extends'],
          `expected a path relative to this file, found the absolute path ${JSON.stringify(ext)}`,
          'profile.extends',
        ),
      ]);
    }
    baseAbsolute = resolve(dirname(absolute), ext);
    const rel = relative(process.cwd(), baseAbsolute);
    baseDisplay = rel && !rel.startsWith('..') ? rel : baseAbsolute;
  } else {
    throw new InputError([
      layer.doc.diagnostic(
        ['extends'],
        `unknown profile to extend: ${JSON.stringify(ext)}; expected a built-in tier (${TIER_NAMES.join(', ')}) or a relative path to a profile file such as ./base.yaml`,
        'profile.extends',
      ),
    ]);
  }
  if (seen.has(baseAbsolute)) {
    throw new InputError([
      layer.doc.diagnostic(['extends'], `extends cycle: ${JSON.stringify(ext)} leads back to this file`, 'profile.extends'),
    ]);
  }
  // a profile extends a built-in tier or a regular file of profiles: never the kernel's or a device's
  // pseudo-files (readBoundedFile refuses FIFOs, devices and directories)
  const real = realPathOrSelf(baseAbsolute);
  if (/^\/(proc|sys|dev)(\/|$)/.test(real))
    throw new InputError([
      layer.doc.diagnostic(
        ['extends'],
        `cannot extend ${JSON.stringify(ext)}: ${real} is not a profile file (a kernel or device pseudo-file)`,
        'profile.extends',
      ),
    ]);
  let base: ProfileLayer[];
  try {
    base = loadChain(baseAbsolute, baseDisplay, new Set(seen));
  } catch (err) {
    if (
      err instanceof InputError &&
      err.diagnostics.length === 1 &&
      /no such file|is a directory|regular file/.test(err.diagnostics[0].message) &&
      !err.diagnostics[0].line
    ) {
      throw new InputError([
        layer.doc.diagnostic(
          ['extends'],
          `cannot extend ${JSON.stringify(ext)}: ${err.diagnostics[0].message} (${baseDisplay})`,
          'profile.extends',
        ),
      ]);
    }
    throw err;
  }
  return [layer, ...base];
}

/** The file a path leads to, links followed (the path itself when it cannot be resolved). */
function realPathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** A locator over an extends chain: a field is placed in the first file (child first) that sets it. */
export function layeredLocator(layers: readonly ProfileLayer[]): Locator {
  return (path, message, rule) => {
    let best = layers[0];
    if (path[0] !== 'name') {
      const owner = layers.find((l) => hasPath(l.raw, path));
      if (owner) best = owner;
      else {
        let bestLen = -1;
        for (const l of layers) {
          const len = existingPrefixLength(l.raw, path);
          if (len > bestLen) [best, bestLen] = [l, len];
        }
      }
    }
    return best.doc.diagnostic(path, message, rule);
  };
}

function resolveLayers(layers: ProfileLayer[], source: string, builtin: boolean): LoadedProfile {
  const locate = layeredLocator(layers);
  const child = layers[0];
  const root = layers[layers.length - 1];
  const diagnostics: Diagnostic[] = [];
  // merge from the root up; `extends`, `$schema` and `name` belong to each file alone
  let merged: Record<string, unknown> = {};
  for (const layer of [...layers].reverse()) {
    const { extends: _e, $schema: _s, name: _n, ...fields } = layer.raw;
    merged = mergeValues(merged, clone(fields));
  }
  merged.name = typeof child.raw.name === 'string' ? child.raw.name : basename(child.file, extname(child.file)).toLowerCase();
  if (layers.length > 1 && typeof child.raw.tier === 'string' && child.raw.tier !== root.raw.tier) {
    diagnostics.push(
      child.doc.diagnostic(
        ['tier'],
        `a profile that extends the ${String(root.raw.tier)} tier is that tier, found tier ${JSON.stringify(child.raw.tier)}; remove the field or extend ${String(child.raw.tier)}`,
        'profile.tier-extends',
      ),
    );
  }
  // a profile may raise the classification of what it extends, never lower it
  let floor: { level: number; file: string } | undefined;
  for (const layer of [...layers].reverse()) {
    const level = CLASSIFICATIONS.indexOf(layer.raw.classification as (typeof CLASSIFICATIONS)[number]);
    if (level < 0) continue;
    if (floor && level < floor.level)
      diagnostics.push(
        layer.doc.diagnostic(
          ['classification'],
          `${layer.file} extends ${floor.file}, classified ${CLASSIFICATIONS[floor.level]}; a profile cannot lower the classification, found ${JSON.stringify(layer.raw.classification)}`,
          'profile.classification-not-lowered',
        ),
      );
    else floor = { level, file: layer.file };
  }
  diagnostics.push(...checkSchema(TierProfileSchema, merged, locate, { rulePrefix: 'profile' }));
  if (diagnostics.length) throw new InputError(diagnostics);
  const models = merged.models as Record<string, unknown>;
  if (models.fallback === null) delete models.fallback;
  const profile = merged as unknown as TierProfile;
  const gpuTypes = gpuTypeNames();
  if (!gpuTypes.includes(profile.hardware.gpuType)) {
    diagnostics.push(
      locate(
        ['hardware', 'gpuType'],
        `expected one of ${gpuTypes.join(' | ')}, found ${describeValue(profile.hardware.gpuType)}; a new GPU type is an entry of hardware.gpuTypes in ${releaseFile()}`,
        'profile.gpu-type',
      ),
    );
  }
  for (const role of ['primary', 'fallback'] as const) {
    const m = profile.models[role];
    if (m && m.provider === 'local' && !(m.parametersBillions > 0)) {
      diagnostics.push(
        locate(
          ['models', role, 'parametersBillions'],
          `expected a positive parameter count for a locally served model, found ${m.parametersBillions}`,
          'profile.model-size',
        ),
      );
    }
  }
  if (diagnostics.length) throw new InputError(diagnostics);
  return { profile, source, builtin, layers, locate };
}

export type { FieldPath };
