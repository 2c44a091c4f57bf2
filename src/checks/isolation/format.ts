// Rendering an isolation report: Markdown (matrix + Mermaid + violations), text, JSON, Mermaid.
import { formatReport, jsonFormatter, type BaseFormat, type Formatters, type LocatedProblem } from '../../report/index.js';
import { sarifFormatter } from '../../report/sarif.js';
import type { IsolationReport, NamespaceReach } from './verdicts.js';
import { printable } from '../../util/printable.js';

/** Above this many namespaces the matrix becomes a list of reachable pairs. */
export const MATRIX_LIMIT = 30;
const OUTSIDE = 'outside';

export type IsolationFormat = BaseFormat | 'mermaid' | 'sarif';

/** Each boundary crossing, placed at the namespaces it crosses between (no file: it is the policies together). */
const isolationProblems = (report: IsolationReport): LocatedProblem[] =>
  report.violations.flatMap((v) =>
    v.rules.map((rule) => ({ file: '', line: 0, path: `${v.from} -> ${v.to ?? OUTSIDE}`, message: v.message, rule })),
  );

/** Isolation's formatters: the base three and a Mermaid graph. */
export const ISOLATION_FORMATTERS: Formatters<IsolationReport, IsolationFormat> = {
  text: (report) => textReport(report),
  markdown: (report) => [reachSection(report), '```mermaid', mermaid(report), '```', '', violationsSection(report)].join('\n'),
  json: jsonFormatter((report: IsolationReport) => toJson(report)),
  mermaid: (report) => `${mermaid(report)}\n`,
  sarif: sarifFormatter({ name: 'aipc check isolation' }, isolationProblems),
};

/** Prints an isolation report in `format`. */
export const formatIsolationReport = (report: IsolationReport, format: IsolationFormat): string =>
  formatReport(ISOLATION_FORMATTERS, report, format);

/** Whether the report fails the check: a violation, or a finding nobody acknowledged. */
export const isolationFails = (report: IsolationReport): boolean =>
  report.violations.length > 0 || report.findings.some((f) => !f.acknowledged);

/** Plain text for a terminal: one line per source namespace, then the violations; no Markdown. */
function textReport(report: IsolationReport): string {
  const lines = ['Namespace reachability (source: destinations and connections):'];
  for (const n of report.namespaces) {
    const to = report.reach
      .filter((r) => r.from === n.name)
      .map((r) => `${r.to ?? `(${OUTSIDE})`} ${r.connections === 'All Connections' ? 'all' : r.connections}`);
    lines.push(`  ${printable(n.name)}: ${to.length ? printable(listed(to)) : 'nothing'}`);
  }
  if (report.externalIngress.length)
    lines.push(
      `Open to connections from outside the cluster: ${printable(report.externalIngress.map((r) => `${r.from} (${r.connections})`).join(', '))}`,
    );
  if (!report.violations.length)
    lines.push(
      'Violations: none (no path crosses a tenant or classification boundary, and nothing reaches outside where that is forbidden)',
    );
  else {
    lines.push(`Violations (${report.violations.length}):`);
    for (const v of report.violations) lines.push(`  [${printable(v.rules.join(', '))}] ${printable(v.message)}`);
  }
  if (report.findings.length) {
    const failing = report.findings.filter((f) => !f.acknowledged).length;
    lines.push(
      `Not counted, ambiguous or not modelled (${report.findings.length}${failing < report.findings.length ? `, ${failing} failing` : ''}):`,
    );
    for (const f of report.findings) lines.push(`  [${f.kind}] ${printable(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`)}`);
  }
  if (report.exposure)
    lines.push(
      `Exposure: ${report.exposure.subjects} pods that could exist checked against ${report.exposure.peers.length} representative peers: ${listed(report.exposure.peers)}`,
    );
  if (report.notes.length) {
    lines.push('Notes:');
    for (const n of report.notes)
      lines.push(`  ${printable(`${n.file}${n.line ? `:${n.line}` : ''}: ${n.path ? `${n.path}: ` : ''}${n.message}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report without the engine internals, for `--format json`. */
export function toJson(report: IsolationReport): object {
  return {
    namespaces: report.namespaces,
    reach: report.reach.map((r) => ({ ...r, to: r.to ?? OUTSIDE })),
    externalIngress: report.externalIngress.map((r) => ({ namespace: r.from, connections: r.connections, example: r.example })),
    violations: report.violations.map((v) => ({ ...v, to: v.to ?? OUTSIDE })),
    findings: report.findings,
    operations: report.operations,
    ...(report.exposure ? { exposure: report.exposure } : {}),
    notes: report.notes,
  };
}

// every name and message is input text: escaped (util/printable) so none can move the cursor or start a line
const cell = (s: string) => printable(s).replace(/\|/g, '\\|');
/** Names, the first few of them: `a, b, c and 97 more`. */
const SHOWN = 5;
const listed = (names: readonly string[]) =>
  printable(names.length <= SHOWN ? names.join(', ') : `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more`);

function reachSection(report: IsolationReport): string {
  const lines = ['## Namespace reachability', ''];
  const names = report.namespaces.map((n) => n.name);
  const reach = new Map<string, NamespaceReach>(report.reach.map((r) => [`${r.from}\u0000${r.to ?? OUTSIDE}`, r]));
  if (names.length <= MATRIX_LIMIT) {
    lines.push(
      'Rows are sources, columns destinations; a cell lists the connections some pod of the row may open to some pod of the column.',
      '',
    );
    lines.push(`| from \\ to | ${[...names, `(${OUTSIDE})`].map(cell).join(' | ')} |`);
    lines.push(`|---|${names.map(() => '---').join('|')}|---|`);
    for (const from of names) {
      const cells = [...names, OUTSIDE].map((to) => {
        const r = reach.get(`${from}\u0000${to}`);
        return r ? (r.connections === 'All Connections' ? 'all' : cell(r.connections)) : '·';
      });
      lines.push(`| **${cell(from)}** | ${cells.join(' | ')} |`);
    }
  } else {
    // one row per source and connection set, destinations named up to a few and counted
    lines.push(`${names.length} namespaces: reach between different namespaces, grouped by source (same-namespace reach omitted).`, '');
    lines.push('| from | to | connections |', '|---|---|---|');
    const rows = new Map<string, { from: string; to: string[]; connections: string }>();
    for (const r of report.reach) {
      if (r.from === r.to) continue;
      const key = `${r.from}\u0000${r.connections}`;
      const row = rows.get(key);
      if (row) row.to.push(r.to ?? `(${OUTSIDE})`);
      else rows.set(key, { from: r.from, to: [r.to ?? `(${OUTSIDE})`], connections: r.connections });
    }
    for (const row of rows.values()) lines.push(`| ${cell(row.from)} | ${cell(listed(row.to))} | ${cell(row.connections)} |`);
  }
  if (report.externalIngress.length) {
    lines.push(
      '',
      `Open to connections from outside the cluster: ${printable(report.externalIngress.map((r) => `${r.from} (${r.connections})`).join(', '))}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function violationsSection(report: IsolationReport): string {
  const lines: string[] = [];
  if (!report.violations.length)
    lines.push(
      '## Violations',
      '',
      'None: no path crosses a tenant or classification boundary, and no namespace reaches outside where that is forbidden.',
    );
  else {
    lines.push(`## Violations (${report.violations.length})`, '');
    for (const v of report.violations) lines.push(`- [${printable(v.rules.join(', '))}] ${printable(v.message)}`);
  }
  if (report.findings.length) {
    const failing = report.findings.filter((f) => !f.acknowledged).length;
    lines.push(
      '',
      `## Not counted, ambiguous or not modelled (${report.findings.length}${failing < report.findings.length ? `, ${failing} failing` : ''})`,
      '',
    );
    for (const f of report.findings) lines.push(`- [${f.kind}] ${printable(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`)}`);
  }
  if (report.exposure) {
    const { subjects, peers } = report.exposure;
    lines.push(
      '',
      '## Exposure',
      '',
      `${subjects} pods that could exist (in every namespace of the input, none added to it) checked against ${peers.length} representative peers: ${listed(peers)}.`,
    );
  }
  if (report.notes.length) {
    lines.push('', '## Notes', '');
    for (const n of report.notes)
      lines.push(`- ${printable(`${n.file}${n.line ? `:${n.line}` : ''}: ${n.path ? `${n.path}: ` : ''}${n.message}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A Mermaid flowchart: one node per namespace, one edge per reach between namespaces; violations in
 * red, including those to peers outside the input that exposure analysis found (drawn as their own
 * nodes). Above MATRIX_LIMIT namespaces, a source's destinations with the same connections share
 * one node naming the first few, so the diagram grows with the namespaces, not their pairs.
 */
export function mermaid(report: IsolationReport): string {
  const ids = new Map(report.namespaces.map((n, i) => [n.name, `ns${i}`]));
  const lines = ['flowchart LR'];
  for (const n of report.namespaces) {
    const tags = [n.tenant && `tenant ${n.tenant}`, n.classification, n.tier && `tier ${n.tier}`].filter(Boolean).join(', ');
    lines.push(`  ${ids.get(n.name)}["${esc(n.name)}${tags ? `<br/><small>${esc(tags)}</small>` : ''}"]`);
  }
  lines.push(`  ${OUTSIDE}(("outside the cluster"))`);
  const bad = new Set(report.violations.map((v) => `${v.from}\u0000${v.to ?? OUTSIDE}`));
  let edge = 0;
  const red: number[] = [];
  const emit = (from: string, to: string, label: string) => {
    lines.push(`  ${from} -->|"${esc(label)}"| ${to}`);
    return edge++;
  };
  let extra = 0;
  const node = (label: string): string => {
    const id = `peer${extra++}`;
    lines.push(`  ${id}["${esc(label)}"]`);
    return id;
  };
  const idOf = (name: string | null) => (name === null ? OUTSIDE : (ids.get(name) ?? node(name)));
  const grouped = report.namespaces.length > MATRIX_LIMIT;
  const rows = new Map<string, { from: string; to: (string | null)[]; connections: string }>();
  for (const r of report.reach) {
    if (r.from === r.to) continue;
    const key = grouped ? `${r.from}\u0000${r.connections}` : `${r.from}\u0000${r.to ?? OUTSIDE}`;
    const row = rows.get(key);
    if (row) row.to.push(r.to);
    else rows.set(key, { from: r.from, to: [r.to], connections: r.connections });
  }
  for (const row of rows.values()) {
    const target = row.to.length === 1 ? idOf(row.to[0]) : node(listed(row.to.map((t) => t ?? OUTSIDE)));
    const n = emit(ids.get(row.from)!, target, row.connections);
    if (row.to.some((t) => bad.has(`${row.from}\u0000${t ?? OUTSIDE}`))) red.push(n);
  }
  // violations whose ends are not namespaces of the input (exposure analysis)
  for (const v of report.violations) {
    if (ids.has(v.from) && (v.to === null || ids.has(v.to))) continue;
    red.push(emit(idOf(v.from), idOf(v.to), v.connections));
  }
  for (const r of report.externalIngress) emit(OUTSIDE, ids.get(r.from)!, r.connections);
  if (red.length) lines.push(`  linkStyle ${red.join(',')} stroke:#d00,stroke-width:2px`);
  return lines.join('\n');
}

const esc = (s: string) => printable(s).replace(/"/g, '#quot;');
