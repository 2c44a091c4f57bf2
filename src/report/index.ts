// The report contract every check area speaks. A rule returns Problems (a field path, a message,
// the rule's name); a report places them in their file (LocatedProblem); and an area prints its
// report through one table of Formatters, one per format it offers. The shape follows Helm's
// pkg/cli/output (one writer per format, chosen by name) and kubeconform's pkg/output.
import type { FieldPath } from '../util/data.js';

export type { FieldPath };

/** One problem one rule found in one object: which field, what is wrong, which rule says so. */
export interface Problem<Rule extends string = string> {
  /** Keys and list indexes from the object's root; empty for the object itself. */
  readonly path: FieldPath;
  readonly message: string;
  readonly rule: Rule;
}

/** A 1-based line and column in a file (the column when the locator knows it: lint's knows lines only). */
export interface Position {
  readonly line: number;
  readonly column?: number;
}

/** A place in a named file (`<stdin>` for standard input). */
export interface Location extends Position {
  readonly file: string;
}

/** A problem as reports carry it: its path printed (`spec.containers[0].image`), its place in the file. */
export interface LocatedProblem<Rule extends string = string> extends Location {
  readonly path: string;
  readonly message: string;
  readonly rule: Rule;
  /** The chart template the object was rendered from (Helm's `# Source:` line), when the input named one. */
  readonly template?: string;
}

/** Prints a report in one format; the text ends with a newline. */
export type Formatter<Report> = (report: Report) => string;

/** The formats every area offers; an area adds its own (mermaid, github, sarif) to its table. */
export const BASE_FORMATS = ['text', 'markdown', 'json'] as const;
export type BaseFormat = (typeof BASE_FORMATS)[number];

/** An area's formatters, one per format name it accepts. */
export type Formatters<Report, Format extends string = BaseFormat> = { readonly [F in Format]: Formatter<Report> };

/** The format names a table offers, in its order (for --format's choices and help). */
export const formatNames = <Format extends string>(table: { readonly [F in Format]: unknown }): Format[] => Object.keys(table) as Format[];

/** Prints `report` with the table's formatter for `format`. */
export function formatReport<Report, Format extends string>(table: Formatters<Report, Format>, report: Report, format: Format): string {
  return table[format](report);
}

/** The JSON formatter: the value (or what `toJson` makes of the report), indented, with a final newline. */
export const jsonFormatter =
  <Report>(toJson: (report: Report) => unknown = (r) => r): Formatter<Report> =>
  (report) =>
    `${JSON.stringify(toJson(report), null, 2)}\n`;
