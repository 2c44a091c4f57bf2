// report.html: one self-contained file an accreditor opens offline on an air-gapped workstation.
// Inline CSS and inline SVG only — no script, no font, no image or link to fetch (a
// Content-Security-Policy of `default-src 'none'` says so to the browser too).
import type { ReportJson } from '../schemas/report.js';
import { escapeXml as x } from './text.js';
import { reachabilitySvg } from './svg.js';

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#111827;background:#ffffff;line-height:1.4}
main{max-width:1200px;margin:0 auto;padding:16px 24px}
h1{font-size:1.6em;margin:0.4em 0}h2{border-bottom:2px solid #e5e7eb;padding-bottom:4px;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:0.9em}
th,td{border:1px solid #d1d5db;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:0.92em;word-break:break-all}
.PASS,.pass,.allowed,.closed{color:#166534;font-weight:600}
.FAIL,.fail,.violation{color:#b91c1c;font-weight:700}
.SKIP,.exception{color:#92400e;font-weight:600}
td.status{white-space:nowrap}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:700}
.badge.ok{background:#dcfce7;color:#166534}.badge.bad{background:#fee2e2;color:#b91c1c}
nav a{margin-right:12px}
figure{margin:8px 0;overflow-x:auto}
ul.evidence{margin:0;padding-left:18px}
footer{margin-top:32px;color:#4b5563;font-size:0.85em}
`;

const SECTIONS = [
  ['identity', 'Identity'],
  ['checklist', 'Checklist'],
  ['isolation', 'Isolation'],
  ['pod-security', 'Pod security'],
  ['lint', 'Lint'],
  ['images', 'Images'],
  ['capacity', 'Capacity'],
  ['controls', 'NIST SP 800-53 controls'],
] as const;

const row = (cells: readonly string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const head = (cells: readonly string[]) => `<tr>${cells.map((c) => `<th>${x(c)}</th>`).join('')}</tr>`;
const table = (id: string, header: readonly string[], rows: readonly string[], empty: string) =>
  rows.length ? `<table id="${id}">\n${head(header)}\n${rows.join('\n')}\n</table>` : `<p>${x(empty)}</p>`;
const list = (items: readonly string[]) =>
  items.length ? `<ul class="evidence">${items.map((i) => `<li>${x(i)}</li>`).join('')}</ul>` : '';
const code = (s: string) => `<code>${x(s)}</code>`;

/** The pack as one HTML document. */
export function formatReportHtml(r: ReportJson): string {
  const id = r.identity;
  const subject = id.site === id.tier ? `tier ${id.tier}` : `site ${id.site} (tier ${id.tier})`;
  const counts = (['PASS', 'FAIL', 'SKIP'] as const)
    .map((s) => `${r.checklist.items.filter((i) => i.status === s).length} ${s}`)
    .join(', ');
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${x(`aipc evidence pack — ${subject}`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>Evidence pack — ${x(subject)}</h1>`,
    `<p>Checklist <span class="badge ${r.checklist.ok ? 'ok' : 'bad'}">${r.checklist.ok ? 'no item fails' : 'items fail'}</span> ${x(counts)} · made by aipc ${x(id.aipcVersion)} at ${x(id.created)} for Kubernetes ${x(id.kubernetesVersion)}</p>`,
    `<nav>${SECTIONS.map(([a, t]) => `<a href="#${a}">${x(t)}</a>`).join('')}</nav>`,
    '<section id="identity">',
    '<h2>Identity</h2>',
    table(
      'identity-table',
      ['what', 'value'],
      [
        row(['aipc version', code(id.aipcVersion)]),
        row(['site / tier', x(`${id.site} / ${id.tier}`)]),
        row(['release / namespace', x(`${id.release} / ${id.namespace}`)]),
        row(['Kubernetes version', code(id.kubernetesVersion)]),
        row(['created', code(id.created)]),
        row(['chart', x(`${id.chart.name} ${id.chart.version}`)]),
        row([`chart package ${code(id.chart.package)}`, `sha256 ${code(id.chart.sha256)}<br>${x(id.chart.digestMethod)}`]),
        ...(id.set.length ? [row(['--set', id.set.map(code).join('<br>')])] : []),
      ],
      '',
    ),
    '<h3>Inputs</h3>',
    table(
      'inputs-table',
      ['role', 'file', 'sha256'],
      id.inputs.map((i) => row([x(i.role), code(i.name), code(i.sha256)])),
      'no input files',
    ),
    '</section>',
    '<section id="checklist">',
    `<h2>Checklist (${x(counts)})</h2>`,
    table(
      'checklist-table',
      ['result', 'item', 'evidence', 'controls'],
      r.checklist.items.map((i) =>
        row([`<span class="${i.status}">${i.status}</span>`, x(i.title), list(i.evidence), x(i.controls.join(', '))]).replace(
          '<td><span',
          '<td class="status"><span',
        ),
      ),
      'no items',
    ),
    '</section>',
    '<section id="isolation">',
    '<h2>Isolation</h2>',
    `<p>Namespaces of the render, the namespaces its policies name outside it and the outside of the cluster; an arrow for every connection some pod — in the render or one that could run there — may open. ${r.isolation.violations.length ? `<span class="violation">${r.isolation.violations.length} violations.</span>` : '<span class="pass">No connection crosses a tenant or classification boundary.</span>'}</p>`,
    `<figure id="reachability">${reachabilitySvg({ nodes: r.isolation.nodes, edges: r.isolation.edges, boundaries: r.isolation.boundaries, closedNotListed: r.isolation.closedNotListed })}</figure>`,
    '<h3>Allowed connections between namespaces</h3>',
    table(
      'connections-table',
      ['from', 'to', 'connections', 'verdict', 'allowed by'],
      r.isolation.edges.map((e) =>
        row([
          x(e.from),
          x(e.to),
          code(e.connections),
          `<span class="${e.verdict}">${e.verdict}</span>: ${x(e.reason)}`,
          list([...e.allowedBy, ...(e.rules ?? [])]),
        ]),
      ),
      'none',
    ),
    '<h3>Boundaries</h3>',
    table(
      'boundaries-table',
      ['from', 'to', 'separates', 'verdict', 'connections'],
      r.isolation.boundaries.map((b) =>
        row([
          x(b.from),
          x(b.to),
          x(b.separates.join(', ')),
          `<span class="${b.verdict}">${b.verdict}</span>`,
          b.connections ? code(b.connections) : '',
        ]),
      ),
      'none',
    ),
    r.isolation.closedNotListed ? `<p>${r.isolation.closedNotListed} further pairs of namespaces: closed (nothing crosses).</p>` : '',
    r.isolation.violations.length ? `<h3 class="violation">Violations</h3>${list(r.isolation.violations)}` : '',
    '</section>',
    '<section id="pod-security">',
    `<h2>Pod security (${x(r.podSecurity.requiredLevel)}, policy ${x(r.podSecurity.policyVersion)})</h2>`,
    table(
      'pod-security-table',
      ['workload', 'level', 'verdict', 'failed checks / exception'],
      r.podSecurity.workloads.map((w) =>
        row([
          x(w.ref),
          x(w.level),
          `<span class="${w.verdict}">${w.verdict}</span>`,
          list([
            ...w.failures.map((f) => `${f.check}: ${f.path} is ${f.found}; needs ${f.required}`),
            ...(w.exception ? [w.exception] : []),
          ]),
        ]),
      ),
      'no workloads',
    ),
    r.podSecurity.namespaceFindings.length ? list(r.podSecurity.namespaceFindings) : '',
    '</section>',
    '<section id="lint">',
    `<h2>Lint (${r.lint.checks} checks over ${r.lint.objects} objects)</h2>`,
    table(
      'lint-findings',
      ['check', 'object', 'path', 'finding'],
      r.lint.findings.map((f) => row([code(f.check), x(f.object), code(f.path), x(f.message)])),
      'No findings.',
    ),
    `<h3>Accepted exceptions (${r.lint.accepted.length})</h3>`,
    table(
      'lint-accepted',
      ['check', 'object', 'finding', 'reason'],
      r.lint.accepted.map((f) => row([code(f.check), x(f.object), x(f.message), x(f.reason)])),
      'None.',
    ),
    `<p>${r.lint.exemptedByAnnotation} findings exempted by annotations on the objects.</p>`,
    '</section>',
    '<section id="images">',
    `<h2>Images (${r.images.images.length}, registry ${x(r.images.registry)})</h2>`,
    table(
      'images-table',
      ['image', 'digest', 'pulled by'],
      r.images.images.map((i) =>
        row([code(i.image), i.digest ? `${code(i.digest)}<br>${x(i.digestSource ?? '')}` : 'not pinned', list(i.pulledBy)]),
      ),
      'no images',
    ),
    r.images.bundle
      ? `<h3>Bundle ${code(r.images.bundle.name)}: <span class="${r.images.bundle.verified ? 'pass' : 'fail'}">${r.images.bundle.verified ? 'verified' : 'not verified'}</span></h3>${list([...r.images.bundle.evidence, ...r.images.bundle.problems])}`
      : '<p>No bundle given (--bundle DIR --key PUB): digests are those the release data pins.</p>',
    '</section>',
    '<section id="capacity">',
    '<h2>Capacity</h2>',
    `<p>${r.capacity.gpus} GPUs (${x(r.capacity.gpuType)}); tenant quotas ask for ${r.capacity.tenantGpus}.</p>`,
    r.capacity.findings.length ? list(r.capacity.findings) : '<p class="pass">Everything fits the hardware.</p>',
    r.capacity.overcommit.length ? `<h3>Over-commit allowed</h3>${list(r.capacity.overcommit)}` : '',
    '</section>',
    '<section id="controls">',
    '<h2>NIST SP 800-53 controls</h2>',
    table(
      'controls-mapping',
      ['item', 'controls', 'rationale'],
      r.controls.mappings.map((m) => row([code(m.item), x(m.controls.join(', ')), x(m.rationale)])),
      '',
    ),
    '<h3>Controls → items</h3>',
    table(
      'controls-by-control',
      ['control', 'title', 'evidenced by'],
      r.controls.byControl.map((c) => row([code(c.control), x(c.title), x(c.items.join(', '))])),
      '',
    ),
    '</section>',
    `<footer>report.json holds the same content; report.json.sig, when present, is its SSH signature: <code>ssh-keygen -Y verify -f allowed_signers -I &lt;identity&gt; -n aipc-report -s report.json.sig &lt; report.json</code>.</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((p) => p !== '').join('\n');
}
