// Errors that reach the user. Every user-facing failure is an AipcError carrying an exit code and,
// for bad input, every diagnostic found (not only the first), each naming file, line and field.

/** One problem in one input: where it is, which field, what was expected and what was found. */
export interface Diagnostic {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Field path in dotted/bracket form, e.g. `tenants[1].quota.gpu`. */
  readonly path?: string;
  readonly message: string;
  /** The rule broken, when there is a named one (e.g. `edge.no-fallback-model`). */
  readonly rule?: string;
  /** The library option that named `file` (e.g. `modelDir`), when the file came from one; the CLI words it as the flag. */
  readonly option?: string;
}

/** Exit codes: 0 ok, 1 findings (invalid objects, failed checks, stale output), 2 usage or bad input. */
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** The error classes an error belongs to, by name: `instanceof` answers from it (see AipcError's hasInstance). */
const KINDS = Symbol.for('aipc.error.kinds');

/** A failure meant for the user: printed without a stack trace, with an exit code. */
export class AipcError extends Error {
  /** The name `instanceof` knows this class by. */
  static readonly kind: string = 'AipcError';

  /**
   * `instanceof` by class name, so an error made by another copy of this module is recognised: the
   * built CLI runs its actions from their own bundle (scripts/build.mjs), which carries its own.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const kinds = (value as { [KINDS]?: unknown } | null | undefined)?.[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = 'AipcError';
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c))
      kinds.push((c as { kind?: string }).kind ?? '');
    Object.defineProperty(this, KINDS, { value: kinds });
  }
}

/**
 * A bad or missing option of a library function, exit 2. The message names the option as the
 * library calls it (`tier`, `kubernetesVersion`); the CLI names the flag that sets it instead
 * (`--tier`, `--kubernetes-version`, see {@link optionFlag} and {@link wordOptionError}).
 *
 * `problem` may name other options as `{name}` (`excludes {allTiers}`): the library message writes
 * the bare name, the CLI the flag, and `related` lists them.
 */
export class OptionError extends AipcError {
  static override readonly kind: string = 'OptionError';

  /** What is wrong, the other options named as the library names them. */
  readonly problem: string;
  /** Other options the problem involves (one excludes or needs another), as the library names them. */
  readonly related: readonly string[];
  constructor(
    /** The option's name in the library's options object. */
    readonly option: string,
    /** What is wrong with it, without naming it; other options as `{name}`. */
    readonly template: string,
    suggestion?: string,
  ) {
    const problem = fillOptions(template, (o) => o);
    super(`option ${option}: ${problem}`, EXIT_USAGE, suggestion);
    this.name = 'OptionError';
    this.problem = problem;
    this.related = [...new Set([...template.matchAll(OPTION_REF)].map((m) => m[1]))].filter((o) => o !== option);
  }
}

const OPTION_REF = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
const fillOptions = (template: string, name: (option: string) => string): string => template.replace(OPTION_REF, (_, o: string) => name(o));

/** An OptionError worded with each option named by `name` (the CLI: its flag). */
export function wordOptionError(err: OptionError, name: (option: string) => string): string {
  return `${name(err.option)}: ${fillOptions(err.template, name)}`;
}

/** The CLI flag that sets a library option: `kubernetesVersion` → `--kubernetes-version`. */
export const optionFlag = (option: string): string => OPTION_FLAGS[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Library options whose flag is spelled otherwise (the values input's names below the CLI). */
const OPTION_FLAGS: Readonly<Record<string, string>> = {
  tenantsFile: '--tenants',
  extraValuesFiles: '--values',
  extraImage: '--extra-image',
  tiers: '--tier',
  sitesDir: '--sites',
  // positional arguments: what the usage line calls them
  inputs: 'OLD NEW',
  charts: 'OLD_CHART NEW_CHART',
};

/** Bad input: one or more diagnostics, exit 2; each file's in the order they appear in it. */
export class InputError extends AipcError {
  static override readonly kind: string = 'InputError';

  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], suggestion?: string) {
    const ordered = inFileOrder(diagnostics);
    super(ordered.map((d) => formatDiagnostic(d)).join('\n'), EXIT_USAGE, suggestion);
    this.diagnostics = ordered;
    this.name = 'InputError';
  }
}

/**
 * Diagnostics as a person reads the files: files in the order first named, and within a file by
 * line and column (a schema checker reports in the schema's order, not the file's). Stable.
 */
export function inFileOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const fileRank = new Map<string, number>();
  for (const d of diagnostics) if (!fileRank.has(d.file)) fileRank.set(d.file, fileRank.size);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        fileRank.get(a.d.file)! - fileRank.get(b.d.file)! ||
        (a.d.line ?? 0) - (b.d.line ?? 0) ||
        (a.d.column ?? 0) - (b.d.column ?? 0) ||
        a.i - b.i,
    )
    .map(({ d }) => d);
}

/**
 * `file:line:col: path: message` — the one format every command prints diagnostics in; a file named
 * by an option says which (`(option modelDir)`, or as `name` words it: the CLI's `(--model-dir)`).
 */
export function formatDiagnostic(d: Diagnostic, name: (option: string) => string = (o) => `option ${o}`): string {
  let where = d.file;
  if (d.line !== undefined) where += `:${d.line}`;
  if (d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
  const field = d.path ? `${d.path}: ` : '';
  const rule = d.rule ? ` [${d.rule}]` : '';
  const option = d.option ? ` (${name(d.option)})` : '';
  return `${where}: ${field}${d.message}${option}${rule}`;
}

/**
 * The one path printer: `spec.template.spec.containers[0].image`; a key that is not an identifier
 * is quoted (`metadata.annotations["checksum/config"]`).
 */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(appendPathSegment, '');
}

/** `out` followed by one key or index, as formatPath writes it (for printers that add their own segments). */
export function appendPathSegment(out: string, key: string | number): string {
  if (typeof key === 'number') return `${out}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return out ? `${out}.${key}` : key;
  return `${out}[${JSON.stringify(key)}]`;
}
