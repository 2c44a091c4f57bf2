// SARIF 2.1.0 (OASIS), the format code-scanning services read (GitHub code scanning among them):
// one more formatter over any area's located problems. Each result is placed in the file that was
// read (a rendered manifest, a values file) and, when Helm's `# Source:` line named it, also in
// the chart template the object was rendered from (a related location), so a finding on a render
// points back to the template a person edits.
import { AIPC_VERSION } from '../version.js';
import type { Formatter, LocatedProblem } from './index.js';

/** The tool a SARIF run names: `aipc lint`, `aipc validate`, … */
export interface SarifTool {
  readonly name: string;
  /** Each rule's one-line description, when the area has them (shown by code-scanning UIs). */
  readonly rules?: ReadonlyMap<string, string>;
  /** The level of a problem: `error` unless the area says otherwise. */
  readonly level?: (problem: LocatedProblem) => 'error' | 'warning' | 'note';
  /** What the run was made from (e.g. what each side rendered), as the run's SARIF property bag. */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A file name as a SARIF URI reference: relative paths stay relative, standard input gets a name of its own. */
const artifactUri = (file: string): string => (file === '<stdin>' || file === '-' ? 'stdin' : encodeURI(file.replace(/\\/g, '/')));

/** The SARIF log of `problems`, one run of `tool`. */
export function sarifLog(tool: SarifTool, problems: readonly LocatedProblem[]): unknown {
  const ruleIds = [...new Set(problems.map((p) => p.rule))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: AIPC_VERSION,
            rules: ruleIds.map((id) => ({ id, ...(tool.rules?.get(id) ? { shortDescription: { text: tool.rules.get(id) } } : {}) })),
          },
        },
        ...(tool.properties ? { properties: tool.properties } : {}),
        results: problems.map((p) => ({
          ruleId: p.rule,
          ruleIndex: index.get(p.rule),
          level: tool.level?.(p) ?? 'error',
          message: { text: p.path ? `${p.path}: ${p.message}` : p.message },
          // a finding about a whole tier or chart (the checklist, isolation, compat) has no file: its
          // place is the logical one (the tier, the namespaces, the values key)
          locations: [
            {
              ...(p.file
                ? {
                    physicalLocation: {
                      artifactLocation: { uri: artifactUri(p.file) },
                      region: { startLine: Math.max(1, p.line), ...(p.column ? { startColumn: p.column } : {}) },
                    },
                  }
                : {}),
              ...(p.path ? { logicalLocations: [{ fullyQualifiedName: p.path, kind: p.file ? 'member' : 'module' }] } : {}),
            },
          ],
          ...(p.template
            ? {
                relatedLocations: [
                  {
                    id: 1,
                    physicalLocation: { artifactLocation: { uri: artifactUri(p.template) } },
                    message: { text: 'the chart template this object was rendered from' },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}

/** The SARIF formatter of an area: its report's problems, as one run of `tool`. */
export const sarifFormatter =
  <Report>(tool: SarifTool | ((report: Report) => SarifTool), problems: (report: Report) => readonly LocatedProblem[]): Formatter<Report> =>
  (report) =>
    `${JSON.stringify(sarifLog(typeof tool === 'function' ? tool(report) : tool, problems(report)), null, 2)}\n`;
