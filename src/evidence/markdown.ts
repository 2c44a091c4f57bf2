// report.md: the pack for a pull request or a wiki page; the graph as a Mermaid flowchart.
import type { ReportJson } from '../schemas/report.js';
import { mdCell as c } from './text.js';

const table = (header: readonly string[], rows: readonly (readonly string[])[], empty: string): string[] =>
  rows.length
    ? [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '']
    : [empty, ''];
const tick = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** The pack as Markdown. */
export function formatReportMarkdown(r: ReportJson): string {
  const id = r.identity;
  const subject = id.site === id.tier ? `tier ${id.tier}` : `site ${id.site} (tier ${id.tier})`;
  const counts = (['PASS', 'FAIL', 'SKIP'] as const)
    .map((s) => `${r.checklist.items.filter((i) => i.status === s).length} ${s}`)
    .join(', ');
  const ids = new Map(r.isolation.nodes.map((n, i) => [n.id, `n${i}`]));
  const mermaidLabel = (s: string) => c(s).replace(/"/g, '#quot;');
  return [
    `# Evidence pack — ${c(subject)}`,
    '',
    `Checklist: ${counts}. Made by aipc ${id.aipcVersion} at ${id.created} for Kubernetes ${id.kubernetesVersion}.`,
    '',
    '## Identity',
    '',
    ...table(
      ['what', 'value'],
      [
        ['aipc version', tick(id.aipcVersion)],
        ['site / tier', c(`${id.site} / ${id.tier}`)],
        ['release / namespace', c(`${id.release} / ${id.namespace}`)],
        ['Kubernetes version', tick(id.kubernetesVersion)],
        ['created', tick(id.created)],
        ['chart', c(`${id.chart.name} ${id.chart.version}`)],
        [`chart package ${tick(id.chart.package)}`, `sha256 ${tick(id.chart.sha256)} (${c(id.chart.digestMethod)})`],
        ...(id.set.length ? [['--set', id.set.map((s) => tick(c(s))).join('<br>')]] : []),
      ],
      '',
    ),
    ...table(
      ['input', 'file', 'sha256'],
      id.inputs.map((i) => [c(i.role), tick(c(i.name)), tick(i.sha256)]),
      'No input files.',
    ),
    `## Checklist (${counts})`,
    '',
    ...table(
      ['result', 'item', 'evidence', 'controls'],
      r.checklist.items.map((i) => [i.status, c(i.title), i.evidence.map(c).join('<br>'), i.controls.join(', ')]),
      'No items.',
    ),
    '## Isolation',
    '',
    '```mermaid',
    'flowchart LR',
    ...r.isolation.nodes.map((n) => `  ${ids.get(n.id)}["${mermaidLabel(n.label)}"]`),
    ...r.isolation.edges.map((e) => `  ${ids.get(e.from)} -->|"${mermaidLabel(e.connections)}"| ${ids.get(e.to)}`),
    ...(r.isolation.edges.some((e) => e.verdict === 'violation')
      ? [
          `  linkStyle ${r.isolation.edges
            .map((e, i) => (e.verdict === 'violation' ? i : -1))
            .filter((i) => i >= 0)
            .join(',')} stroke:#d00,stroke-width:2px`,
        ]
      : []),
    '```',
    '',
    ...table(
      ['from', 'to', 'connections', 'verdict', 'allowed by'],
      r.isolation.edges.map((e) => [
        c(e.from),
        c(e.to),
        c(e.connections),
        `${e.verdict}: ${c(e.reason)}`,
        [...e.allowedBy, ...(e.rules ?? [])].map(c).join('<br>'),
      ]),
      'No connection between namespaces.',
    ),
    '### Boundaries',
    '',
    ...table(
      ['from', 'to', 'separates', 'verdict', 'connections'],
      r.isolation.boundaries.map((b) => [c(b.from), c(b.to), b.separates.join(', '), b.verdict, c(b.connections ?? '')]),
      'None.',
    ),
    ...(r.isolation.closedNotListed ? [`${r.isolation.closedNotListed} further pairs of namespaces: closed.`, ''] : []),
    ...(r.isolation.violations.length ? ['### Violations', '', ...r.isolation.violations.map((v) => `- ${c(v)}`), ''] : []),
    `## Pod security (${r.podSecurity.requiredLevel}, policy ${r.podSecurity.policyVersion})`,
    '',
    ...table(
      ['workload', 'level', 'verdict', 'failed checks / exception'],
      r.podSecurity.workloads.map((w) => [
        c(w.ref),
        w.level,
        w.verdict,
        [...w.failures.map((f) => `${f.check}: ${f.path} is ${f.found}; needs ${f.required}`), ...(w.exception ? [w.exception] : [])]
          .map(c)
          .join('<br>'),
      ]),
      'No workloads.',
    ),
    ...r.podSecurity.namespaceFindings.map((f) => `- ${c(f)}`),
    `## Lint (${r.lint.checks} checks over ${r.lint.objects} objects)`,
    '',
    ...table(
      ['check', 'object', 'path', 'finding'],
      r.lint.findings.map((f) => [tick(f.check), c(f.object), c(f.path), c(f.message)]),
      'No findings.',
    ),
    `### Accepted exceptions (${r.lint.accepted.length})`,
    '',
    ...table(
      ['check', 'object', 'finding', 'reason'],
      r.lint.accepted.map((f) => [tick(f.check), c(f.object), c(f.message), c(f.reason)]),
      'None.',
    ),
    `${r.lint.exemptedByAnnotation} findings exempted by annotations on the objects.`,
    '',
    `## Images (${r.images.images.length}, registry ${c(r.images.registry)})`,
    '',
    ...table(
      ['image', 'digest', 'pulled by'],
      r.images.images.map((i) => [
        tick(i.image),
        i.digest ? `${tick(i.digest)} (${i.digestSource})` : 'not pinned',
        i.pulledBy.map(c).join('<br>'),
      ]),
      'No images.',
    ),
    ...(r.images.bundle
      ? [
          `Bundle ${tick(c(r.images.bundle.name))}: ${r.images.bundle.verified ? 'verified' : 'NOT verified'}.`,
          '',
          ...[...r.images.bundle.evidence, ...r.images.bundle.problems].map((e) => `- ${c(e)}`),
          '',
        ]
      : ['No bundle given (--bundle DIR --key PUB): digests are those the release data pins.', '']),
    '## Capacity',
    '',
    `${r.capacity.gpus} GPUs (${c(r.capacity.gpuType)}); tenant quotas ask for ${r.capacity.tenantGpus}.`,
    '',
    ...(r.capacity.findings.length ? r.capacity.findings.map((f) => `- ${c(f)}`) : ['Everything fits the hardware.']),
    ...r.capacity.overcommit.map((o) => `- over-commit allowed: ${c(o)}`),
    '',
    '## NIST SP 800-53 controls',
    '',
    ...table(
      ['item', 'controls', 'rationale'],
      r.controls.mappings.map((m) => [tick(m.item), m.controls.join(', '), c(m.rationale)]),
      '',
    ),
    '### Controls → items',
    '',
    ...table(
      ['control', 'title', 'evidenced by'],
      r.controls.byControl.map((b) => [b.control, c(b.title), b.items.join(', ')]),
      '',
    ),
  ].join('\n');
}
