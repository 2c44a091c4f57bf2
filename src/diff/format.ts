// DiffReport → text (a terminal or CI log), Markdown (a pull-request comment), `github` (that
// Markdown with a marker, so a workflow updates one comment) or JSON (tools and CI gates).
//
// Text and Markdown show ranked entries (see group.ts): added and removed objects first, then
// images, RBAC, NetworkPolicies, Services and routes, CRDs, security fields, then the rest; a field
// change repeated on many objects once; long strings as diffs. Markdown stops short of GitHub's
// comment limit by leaving out entries from the bottom of that ranking, and says what it left out.
import { formatYaml } from '../io/yaml-format.js';
import { formatReport, jsonFormatter, type BaseFormat, type Formatters } from '../report/index.js';
import {
  apiGroup,
  countChanges,
  formatFieldPath,
  isEmptyReport,
  objectLabel,
  type DiffCounts,
  type DiffReport,
  type FieldChange,
  type ObjectChange,
  type RenderedInputs,
} from './diff.js';
import {
  entryObjects,
  LISTED_MEMBERS,
  rankedEntries,
  type Entry,
  type GroupEntry,
  type ObjectEntry,
  type RepeatedChange,
  type SetEntry,
  type TieredObject,
} from './group.js';
import { CATEGORIES, CATEGORY_TITLES, categoryCounts, objectCategories, type Category } from './rank.js';
import { describeString, formatCount, inlineValue, isLongString, stringDiffLines } from './strings.js';

export const DIFF_FORMATS = ['text', 'markdown', 'github', 'json'] as const;
export type DiffFormat = BaseFormat | 'github';

/** The first line of `--format github`: how a workflow finds the comment it posted before. */
export const GITHUB_MARKER = '<!-- aipc-diff -->';

/** Formats a report; `markdown` and `github` stay under {@link GITHUB_COMMENT_LIMIT}. */
export const formatDiff = (report: DiffReport, format: DiffFormat): string => formatReport(DIFF_FORMATTERS, report, format);

/** Diff's formatters: the base three and `github` (a pull-request comment a workflow can find again). */
export const DIFF_FORMATTERS: Formatters<DiffReport, DiffFormat> = {
  text: (report) => diffText(report),
  markdown: (report) => diffMarkdown(report),
  github: (report) => `${GITHUB_MARKER}\n${diffMarkdown(report, MARKDOWN_LIMIT - GITHUB_MARKER.length - 1)}`,
  json: jsonFormatter((report: DiffReport) => diffJson(report)),
};

const counted = (c: DiffCounts): string => `${c.added} added, ${c.removed} removed, ${c.changed} changed`;
const SIGN = { added: '+', removed: '-', changed: '~' } as const;
const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;
const allObjects = (report: DiffReport): ObjectChange[] => report.sections.flatMap((s) => s.objects);
const ignoredTotal = (report: DiffReport): number => report.sections.reduce((n, s) => n + (s.ignored ?? 0), 0);
const isTiered = (report: DiffReport): boolean => report.sections.some((s) => s.tier !== undefined);

/** The reachability lines of every section, a line repeated across tiers once (with its tiers): opened first, then closed. */
function reachLeads(report: DiffReport): { readonly text: string; readonly tiers: readonly (string | undefined)[] }[] {
  const byText = new Map<string, { text: string; reach: string; tiers: (string | undefined)[] }>();
  for (const section of report.sections)
    for (const line of section.reachability ?? []) {
      const entry = byText.get(line.text) ?? { text: line.text, reach: line.reach, tiers: [] };
      entry.tiers.push(section.tier);
      byText.set(line.text, entry);
    }
  const all = [...byText.values()];
  return [...all.filter((l) => l.reach === 'now'), ...all.filter((l) => l.reach !== 'now')];
}

/** Reachability lines shown in Markdown before the rest is collapsed. */
const REACH_SHOWN = 8;

/** `edge, connected`, or `all tiers`; empty for a report without tiers. */
function tierNames(report: DiffReport, tiers: readonly (string | undefined)[]): string {
  if (!isTiered(report)) return '';
  if (tiers.length === report.sections.length && report.sections.length > 1) return 'all tiers';
  return tiers.filter((t) => t !== undefined).join(', ');
}

// ---- text ----

/** Per-tier summary lines, then the ranked entries, then the totals. */
export function diffText(report: DiffReport): string {
  const ignored = ignoredTotal(report);
  const ignoredNote = ignored ? `${plural(ignored, 'field change')} ignored (--ignore)\n` : '';
  if (isEmptyReport(report))
    return `no differences between ${report.before} and ${report.after}${tierList(report)}\n${ignoredNote}${renderedLines(report)}`;
  let out = '';
  const tiered = isTiered(report);
  // what the change opens and closes leads: the question a reviewer asks first
  for (const l of reachLeads(report)) out += `${l.text}${tiered ? ` [${tierNames(report, l.tiers)}]` : ''}\n`;
  for (const section of report.sections) {
    if (tiered) out += `${section.tier}: ${section.objects.length ? counted(countChanges(section.objects)) : 'no differences'}\n`;
    if (section.note) out += `${tiered ? '  ' : ''}note: ${section.note}\n`;
    if (section.rendered) {
      out += `${tiered ? '  ' : ''}${report.before}: ${renderedText(section.rendered.before)}\n`;
      out += `${tiered ? '  ' : ''}${report.after}: ${renderedText(section.rendered.after)}\n`;
    }
  }
  for (const e of rankedEntries(report))
    out += e.type === 'group' ? groupText(report, e) : e.type === 'set' ? setText(report, e) : objectText(report, e);
  out += `${counted(countChanges(allObjects(report)))}\n${ignoredNote}`;
  return out;
}

function objectText(report: DiffReport, e: ObjectEntry): string {
  const o = e.object;
  const tiers = tierNames(report, e.tiers);
  let out = `${SIGN[o.change]} ${objectLabel(o)} (${o.apiVersion})${tiers ? ` [${tiers}]` : ''}\n`;
  for (const f of o.fields) {
    if (f.change === 'changed' && isLongString(f.before) && isLongString(f.after)) {
      const [head, ...lines] = stringDiffLines(f.before, f.after);
      out += `    ${formatFieldPath(f.path)}: changed (${head})\n`;
      for (const l of lines) out += `      ${l}\n`;
    } else out += `    ${formatFieldPath(f.path)}: ${fieldText(f)}\n`;
    for (const cause of o.causes?.[formatFieldPath(f.path)] ?? []) out += `      caused by ${cause}\n`;
  }
  if (o.rules) for (const line of ruleLines(o.rules)) out += `    ${line}\n`;
  if (e.grouped) out += `    (and ${plural(e.grouped, 'field')} in the repeated changes listed with =)\n`;
  return out;
}

function groupText(report: DiffReport, g: GroupEntry): string {
  let out = `= ${plural(g.members.length, 'object')}:\n`;
  for (const c of g.changes) out += `    ${c.label}: ${fieldText(c.sample)}\n      at ${somePaths(c.paths, (p) => p)}\n`;
  out += `    objects: ${someMembers(g.members, (m) => memberLabel(report, m))}\n`;
  return out;
}

function setText(report: DiffReport, e: SetEntry): string {
  const tiers = tierNames(report, e.tiers);
  const names = someMembers(e.members, (m) => objectLabel(m.object));
  return `${SIGN[e.change]} ${e.owner}: ${plural(e.members.length, 'object')} ${e.change}${tiers ? ` [${tiers}]` : ''}\n    ${names}\n`;
}

const someMembers = (members: readonly TieredObject[], label: (m: TieredObject) => string): string =>
  members.slice(0, LISTED_MEMBERS).map(label).join(', ') +
  (members.length > LISTED_MEMBERS ? ` and ${plural(members.length - LISTED_MEMBERS, 'more object')}` : '');

/** The paths a repeated change is at, at most LISTED_MEMBERS of them, then a count. */
const somePaths = (paths: readonly string[], show: (p: string) => string): string =>
  paths.slice(0, LISTED_MEMBERS).map(show).join(', ') +
  (paths.length > LISTED_MEMBERS ? ` and ${plural(paths.length - LISTED_MEMBERS, 'more path')}` : '');

const memberLabel = (report: DiffReport, m: TieredObject): string => {
  const tiers = tierNames(report, m.tiers);
  return `${objectLabel(m.object)}${tiers ? ` [${tiers}]` : ''}`;
};

function fieldText(f: FieldChange): string {
  if (f.change === 'added') return `added ${inlineValue(f.after)}`;
  if (f.change === 'removed') return `removed (was ${inlineValue(f.before)})`;
  return `${inlineValue(f.before)} -> ${inlineValue(f.after)}`;
}

function tierList(report: DiffReport): string {
  const tiers = report.sections.flatMap((s) => (s.tier === undefined ? [] : [s.tier]));
  return tiers.length ? ` (tiers: ${tiers.join(', ')})` : '';
}

/** What each side of each section was rendered from, a line per side. */
function renderedLines(report: DiffReport): string {
  const tiered = isTiered(report);
  return report.sections
    .filter((s) => s.rendered)
    .map(
      (s) =>
        `${tiered ? `${s.tier}: ` : ''}${report.before}: ${renderedText(s.rendered!.before)}\n${tiered ? `${s.tier}: ` : ''}${report.after}: ${renderedText(s.rendered!.after)}\n`,
    )
    .join('');
}

/** `tier edge, profile site-a, 2 tenants (team-alpha, team-beta); read site.yaml@main, …`. */
export function renderedText(r: RenderedInputs): string {
  const what =
    r.tier === null
      ? "the chart's default values"
      : `tier ${r.tier}, profile ${r.profile ?? r.tier}, ${plural(r.tenants?.length ?? 0, 'tenant')}${
          r.tenants?.length ? ` (${r.tenants.slice(0, LISTED_MEMBERS).join(', ')}${r.tenants.length > LISTED_MEMBERS ? ', …' : ''})` : ''
        }`;
  return `${what}${r.files.length ? `; read ${r.files.join(', ')}` : ''}`;
}

// ---- JSON ----

/** The stable JSON form: totals and per-category counts, then per section every changed object with its fields. */
export function diffJson(report: DiffReport): unknown {
  return {
    before: report.before,
    after: report.after,
    summary: countChanges(allObjects(report)),
    categories: categoryCounts(report),
    ignored: ignoredTotal(report),
    sections: report.sections.map((s) => ({
      tier: s.tier ?? null,
      ...(s.note ? { note: s.note } : {}),
      ...(s.rendered ? { rendered: s.rendered } : {}),
      summary: countChanges(s.objects),
      ignored: s.ignored ?? 0,
      reachability: (s.reachability ?? []).map(({ reach, from, to, connections, because, pairs }) => ({
        reach,
        from,
        to,
        connections,
        because,
        pairs,
      })),
      objects: s.objects.map((o) => ({
        change: o.change,
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.namespace ?? null,
        name: o.name,
        categories: CATEGORIES.filter((c) => objectCategories(o).has(c)),
        ...(o.change === 'changed'
          ? {
              fields: o.fields.map((f) => ({
                path: formatFieldPath(f.path),
                change: f.change,
                ...('before' in f ? { old: f.before } : {}),
                ...('after' in f ? { new: f.after } : {}),
                ...(o.causes?.[formatFieldPath(f.path)] ? { causedBy: o.causes[formatFieldPath(f.path)] } : {}),
              })),
            }
          : { object: o.object }),
      })),
    })),
  };
}

// ---- Markdown ----

/** GitHub rejects comments over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** What the Markdown report stays within, leaving room for a workflow's own header. */
export const MARKDOWN_LIMIT = 60_000;
/** Room kept for the note of what was left out (it is made to fit whatever its size). */
const FOOTER_RESERVE = 3_000;
/** A changed object with more fields than this, or an added/removed one longer than this many YAML lines, starts collapsed. */
const OPEN_FIELDS = 10;
const OPEN_LINES = 25;
/** Per entry: at most this many field rows, string diffs, YAML lines and characters of member names. */
const MAX_ROWS = 40;
const MAX_STRING_DIFFS = 4;
const MAX_YAML_LINES = 60;
const MAX_YAML_CHARS = 4_000;
const MAX_MEMBER_CHARS = 2_000;
/** Objects of a repeated image, RBAC or other ranked change are worth more room than label churn. */
const MAX_RANKED_MEMBER_CHARS = 8_000;

/** A summary table (counts per tier and kind), then the ranked entries under category headings. */
export function diffMarkdown(report: DiffReport, limit: number = MARKDOWN_LIMIT): string {
  const tiered = isTiered(report);
  const ignored = ignoredTotal(report);
  let head = `### aipc diff: ${code(report.before)} → ${code(report.after)}\n\n`;
  const ignoredNote = ignored ? `${plural(ignored, 'field change')} ignored (\`--ignore\`).\n` : '';
  if (isEmptyReport(report))
    return `${head}**No differences** in the rendered objects${tierList(report)}.\n${ignoredNote ? `\n${ignoredNote}` : ''}${renderedMarkdown(report)}`;
  const all = allObjects(report);
  head += `**${counted(countChanges(all))}**${ignored ? ` · ${plural(ignored, 'field change')} ignored` : ''}${
    tiered ? ` in ${report.sections.map((s) => `${s.tier} (${s.objects.length})`).join(', ')}` : ''
  }\n`;
  for (const section of report.sections) if (section.note) head += `\n> ${tiered ? `**${section.tier}**: ` : ''}${section.note}\n`;
  head += reachMarkdown(report);
  // the counts per kind come last, after the changes a reviewer reads first
  const counts = renderedMarkdown(report) + countsMarkdown(report);

  const entries = rankedEntries(report);
  const blocks: string[] = [];
  let length = head.length;
  let heading: Category | undefined;
  // cut from the bottom of the ranking: once one entry does not fit, none after it is shown
  for (const e of entries) {
    const title = e.category === heading ? '' : `\n#### ${CATEGORY_TITLES[e.category]}\n`;
    const block =
      title + (e.type === 'group' ? groupMarkdown(report, e) : e.type === 'set' ? setMarkdown(report, e) : objectMarkdown(report, e));
    if (length + block.length + counts.length + FOOTER_RESERVE > limit) break;
    blocks.push(block);
    length += block.length;
    heading = e.category;
  }
  // the note of what was left out must fit too: give back shown entries until it does
  let footer: string;
  for (;;) {
    const leftOut = entries.slice(blocks.length);
    footer = leftOut.length ? leftOutMarkdown(report, leftOut) : '';
    if (length + footer.length + counts.length <= limit || !blocks.length) break;
    length -= blocks.pop()!.length;
  }
  return head + blocks.join('') + footer + counts;
}

/** The reachability lines as a list (the first few open, the rest collapsed); empty when no connection changes. */
function reachMarkdown(report: DiffReport): string {
  const leads = reachLeads(report);
  if (!leads.length) return '';
  const tiered = isTiered(report);
  const item = (l: (typeof leads)[number]) => `- ${escapeCell(l.text)}${tiered ? ` — ${tierNames(report, l.tiers)}` : ''}\n`;
  const opened = leads.filter((l) => l.text.startsWith('now ')).length;
  let out = `\n**Reachability**: ${opened} opened, ${leads.length - opened} closed\n\n${leads.slice(0, REACH_SHOWN).map(item).join('')}`;
  if (leads.length > REACH_SHOWN)
    out += `\n${details(false, `${leads.length - REACH_SHOWN} more`, leads.slice(REACH_SHOWN).map(item).join(''))}`;
  return out;
}

/** Counts per tier and kind, only for kinds that changed, collapsed: the last part of a comment. */
function countsMarkdown(report: DiffReport): string {
  const tiered = isTiered(report);
  let rows = tiered
    ? '| tier | kind | added | removed | changed |\n|:--|:--|--:|--:|--:|\n'
    : '| kind | added | removed | changed |\n|:--|--:|--:|--:|\n';
  for (const section of report.sections) {
    for (const kind of [...new Set(section.objects.map((o) => o.kind))].sort()) {
      const c = countChanges(section.objects.filter((o) => o.kind === kind));
      rows += `${tiered ? `| ${section.tier} ` : ''}| ${kind} | ${c.added} | ${c.removed} | ${c.changed} |\n`;
    }
  }
  return `\n${details(false, 'Counts per kind', rows)}`;
}

/** What each side of each section was rendered from, collapsed, after the changes. */
function renderedMarkdown(report: DiffReport): string {
  const sections = report.sections.filter((s) => s.rendered);
  if (!sections.length) return '';
  let rows = '| | before | after |\n|:--|:--|:--|\n';
  for (const s of sections)
    rows += `| ${s.tier ?? 'defaults'} | ${escapeCell(renderedText(s.rendered!.before))} | ${escapeCell(renderedText(s.rendered!.after))} |\n`;
  return `\n${details(false, `What was rendered: ${code(report.before)} and ${code(report.after)}`, rows)}`;
}

const escapeCell = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');

function setMarkdown(report: DiffReport, e: SetEntry): string {
  const tiers = tierNames(report, e.tiers);
  const label = e.change === 'added' ? '<b>+ added</b>' : '<b>- removed</b>';
  const [what, ...name] = e.owner.split(' ');
  let names = '';
  let shown = 0;
  for (const m of e.members) {
    const item = code(objectLabel(m.object));
    if (shown === LISTED_MEMBERS || names.length + item.length > MAX_MEMBER_CHARS) break;
    names += `${shown ? ', ' : ''}${item}`;
    shown++;
  }
  if (shown < e.members.length) names += ` and ${plural(e.members.length - shown, 'more object')}`;
  return details(
    true,
    `${label} ${what} ${code(name.join(' '))}: ${plural(e.members.length, 'object')}${tiers ? ` — ${tiers}` : ''}`,
    `${names}\n`,
  );
}

/** Exactly what was not shown: entries per category, and the objects concerned per tier and kind. */
function leftOutMarkdown(report: DiffReport, leftOut: readonly Entry[]): string {
  const byCategory = CATEGORIES.map((c) => [c, leftOut.filter((e) => e.category === c).length] as const).filter(([, n]) => n);
  const tiered = isTiered(report);
  const objects = new Map<string, { tier?: string; kind: string }>();
  for (const e of leftOut) {
    for (const m of entryObjects(e)) {
      for (const tier of m.tiers) {
        const o = m.object;
        objects.set([tier ?? '', apiGroup(o.apiVersion), o.kind, o.namespace ?? '', o.name].join('|'), { tier, kind: o.kind });
      }
    }
  }
  const rows = new Map<string, number>();
  for (const { tier, kind } of objects.values()) {
    const key = `${tiered ? `| ${tier} ` : ''}| ${kind} |`;
    rows.set(key, (rows.get(key) ?? 0) + 1);
  }
  let out = `\n---\n\n**Left out at the comment size limit**: ${plural(leftOut.length, 'entry', 'entries')} (${byCategory
    .map(([c, n]) => `${n} ${CATEGORY_TITLES[c].toLowerCase()}`)
    .join(', ')}), the lowest-ranked, about these objects:\n\n`;
  out += tiered ? '| tier | kind | objects |\n|:--|:--|--:|\n' : '| kind | objects |\n|:--|--:|\n';
  for (const [key, n] of [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out += `${key} ${n} |\n`;
  out += '\nRun `aipc diff` (text or `--format json`) for the whole report.\n';
  return out;
}

function objectMarkdown(report: DiffReport, e: ObjectEntry): string {
  const o = e.object;
  const tiers = tierNames(report, e.tiers);
  const where = tiers ? ` — ${tiers}` : '';
  if (o.change === 'changed') {
    const n = o.fields.length;
    const long = o.fields.filter((f) => f.change === 'changed' && isLongString(f.before) && isLongString(f.after));
    const diffs = long.slice(0, MAX_STRING_DIFFS);
    const rows = o.fields.filter((f) => !diffs.includes(f));
    let content = '';
    if (rows.length) {
      content += '| field | old | new |\n|:--|:--|:--|\n';
      for (const f of rows.slice(0, MAX_ROWS))
        content += `| ${code(formatFieldPath(f.path))} | ${cell(f, 'before')} | ${cell(f, 'after')} |\n`;
      if (rows.length > MAX_ROWS) content += `\n_${plural(rows.length - MAX_ROWS, 'more field')} not shown here._\n`;
      const causes = rows.slice(0, MAX_ROWS).flatMap((f) => (o.causes?.[formatFieldPath(f.path)] ?? []).map((c) => [f, c] as const));
      if (causes.length)
        content += `\n${causes.map(([f, c]) => `- ${code(formatFieldPath(f.path))} caused by ${escapeCell(c)}`).join('\n')}\n`;
    }
    if (o.rules) content = rulesMarkdown(o.rules) + content;
    for (const f of diffs) {
      const lines = stringDiffLines(f.before as string, f.after as string);
      const text = lines.slice(1).join('\n');
      content += `${content ? '\n' : ''}${code(formatFieldPath(f.path))} (${lines[0]}):\n\n${fenced(text, 'diff')}`;
    }
    if (e.grouped) content += `\n_${plural(e.grouped, 'more field')} in repeated changes (the \`=\` entries)._\n`;
    const summary = `<b>~ changed</b> ${code(objectLabel(o))} (${o.apiVersion}), ${plural(n, 'field')}${where}`;
    return details(n <= OPEN_FIELDS && !long.length, summary, content);
  }
  const yaml = formatYaml(o.object ?? {});
  const lines = yaml.split('\n');
  lines.pop();
  let shown = lines.slice(0, MAX_YAML_LINES).join('\n');
  if (shown.length > MAX_YAML_CHARS) shown = shown.slice(0, shown.lastIndexOf('\n', MAX_YAML_CHARS));
  const shownLines = shown.split('\n').length;
  const cut = shownLines < lines.length ? `\n_${plural(lines.length - shownLines, 'more line')} (${describeString(yaml)})._\n` : '';
  const label = o.change === 'added' ? '<b>+ added</b>' : '<b>- removed</b>';
  return details(
    lines.length <= OPEN_LINES,
    `${label} ${code(objectLabel(o))} (${o.apiVersion})${where}`,
    `${fenced(`${shown}\n`, 'yaml')}${cut}`,
  );
}

/** Each rule that changed, whole: `- ` lines before, `+ ` lines after (a verb reads only with its resources and groups). */
function ruleLines(rules: NonNullable<ObjectChange['rules']>): string[] {
  const key = (r: unknown) => JSON.stringify(r);
  const before = new Set(rules.before.map(key));
  const after = new Set(rules.after.map(key));
  const yaml = (list: readonly unknown[], sign: string) =>
    list.flatMap((r) => formatYaml([r]).trimEnd().split('\n')).map((l) => `${sign} ${l}`);
  return [
    ...yaml(
      rules.before.filter((r) => !after.has(key(r))),
      '-',
    ),
    ...yaml(
      rules.after.filter((r) => !before.has(key(r))),
      '+',
    ),
  ];
}

function rulesMarkdown(rules: NonNullable<ObjectChange['rules']>): string {
  const lines = ruleLines(rules);
  return lines.length ? `Rules that changed, whole (\`-\` before, \`+\` after):\n\n${fenced(`${lines.join('\n')}\n`, 'diff')}\n` : '';
}

function groupMarkdown(report: DiffReport, g: GroupEntry): string {
  const value = (c: RepeatedChange): string => {
    const f = c.sample;
    if (f.change === 'added') return `added ${code(inlineValue(f.after))}`;
    if (f.change === 'removed') return `removed (was ${code(inlineValue(f.before))})`;
    return `${code(inlineValue(f.before))} → ${code(inlineValue(f.after))}`;
  };
  const [first, ...more] = g.changes;
  const summary = `<b>= ${plural(g.members.length, 'object')}</b>: ${code(first.label)} ${value(first)}${more.length ? ` and ${plural(more.length, 'more change')}` : ''}`;
  const at = (c: RepeatedChange): string => somePaths(c.paths, code);
  const changes = more.length ? g.changes.map((c) => `- ${code(c.label)} ${value(c)} at ${at(c)}\n`).join('') : `at ${at(first)}\n`;
  let names = '';
  let shown = 0;
  for (const m of g.members) {
    const name = code(memberLabel(report, m));
    if (shown === LISTED_MEMBERS || names.length + name.length > (g.category === 'other' ? MAX_MEMBER_CHARS : MAX_RANKED_MEMBER_CHARS))
      break;
    names += `${shown ? ', ' : ''}${name}`;
    shown++;
  }
  if (shown < g.members.length) names += ` and ${plural(g.members.length - shown, 'more object')}`;
  return details(true, summary, `${changes}\n${plural(g.fields, 'field')} on ${names}\n`);
}

function cell(f: FieldChange, side: 'before' | 'after'): string {
  if (!(side in f)) return '—';
  const v = f[side];
  return isLongString(v) ? `(${describeString(v)})` : code(inlineValue(v));
}

const details = (open: boolean, summary: string, content: string): string =>
  `\n<details${open ? ' open' : ''}>\n<summary>${summary}</summary>\n\n${content}\n</details>\n`;

function fenced(text: string, lang: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${lang}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}\n`;
}

/** Inline code that is safe in a table cell and in HTML (`|`, `<`, `&` escaped). */
function code(s: string): string {
  return `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;')}</code>`;
}

function longestBacktickRun(s: string): number {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}
