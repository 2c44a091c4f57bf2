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
 * (`--tier`, `--kubernetes-version`, see {@link optionFlag}).
 */
export class OptionError extends AipcError {
  static override readonly kind: string = 'OptionError';

  constructor(
    /** The option's name in the library's options object. */
    readonly option: string,
    /** What is wrong with it, without naming it. */
    readonly problem: string,
    suggestion?: string,
  ) {
    super(`option ${option}: ${problem}`, EXIT_USAGE, suggestion);
    this.name = 'OptionError';
  }
}

/** The CLI flag that sets a library option: `kubernetesVersion` → `--kubernetes-version`. */
export const optionFlag = (option: string): string => OPTION_FLAGS[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Library options whose flag is spelled otherwise (the values input's names below the CLI). */
const OPTION_FLAGS: Readonly<Record<string, string>> = { tenantsFile: '--tenants', extraValuesFiles: '--values' };

/** Bad input: one or more diagnostics, exit 2; each file's in the order they appear in it. */
export class InputError extends AipcError {
  static override readonly kind: string = 'InputError';

  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], suggestion?: string) {
    const ordered = inFileOrder(diagnostics);
    super(ordered.map(formatDiagnostic).join('\n'), EXIT_USAGE, suggestion);
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

/** `file:line:col: path: message` — the one format every command prints diagnostics in. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file;
  if (d.line !== undefined) where += `:${d.line}`;
  if (d.line !== undefined && d.column !== undefined) where += `:${d.column}`;
  const field = d.path ? `${d.path}: ` : '';
  const rule = d.rule ? ` [${d.rule}]` : '';
  return `${where}: ${field}${d.message}${rule}`;
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
