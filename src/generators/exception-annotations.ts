// The chart's declared lint exceptions written onto the objects they cover, as the linters' own
// annotations: kube-linter skips an object for `ignore-check.kube-linter.io/<check>` (the value is
// the reason) and Polaris for `polaris.fairwinds.com/<id>-exempt: "true"`. A stock kube-linter or
// Polaris, and a plain `aipc lint` of a render, then agree with `aipc lint --tier`.
// `lint.exceptionAnnotations: false` renders none.
import { exceptionMatches } from '../kube/refs.js';
import { lintExceptions, type LintException } from '../model/lint-exceptions.js';

/** The values switch the annotations sit behind (`$` works inside `range` too). */
export const EXCEPTION_ANNOTATIONS_SWITCH = '$.Values.lint.exceptionAnnotations';

/** The annotations of the exceptions that cover an object of `kind` rendered by `template` for `component`. */
export function exceptionAnnotations(
  target: { template: string; kind: string; component?: string },
  exceptions: readonly LintException[] = lintExceptions,
): [string, string][] {
  const names = [target.template, ...(target.component ? [target.component] : [])];
  const out = new Map<string, string>();
  for (const e of exceptions) {
    if (!e.kinds.includes(target.kind) || !exceptionMatches(e.object, names)) continue;
    out.set(`ignore-check.kube-linter.io/${e.check}`, e.reason);
    if (e.polaris) out.set(`polaris.fairwinds.com/${e.polaris}-exempt`, 'true');
  }
  return [...out.entries()];
}

const KIND = /^( *)kind: ([A-Za-z]+)\s*$/;
const COMPONENT = /"component" "([^"]+)"/;

/**
 * A template's text with the annotations of every exception that covers one of its objects added
 * to that object's metadata (after its own annotations), behind the values switch. Objects are
 * found as the generators write them: `kind: X` followed by `metadata:` at the same indentation.
 */
export function annotateTemplate(template: string, text: string, exceptions: readonly LintException[] = lintExceptions): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const m = KIND.exec(lines[i]);
    if (!m || lines[i + 1] !== `${m[1]}metadata:`) continue;
    const pad = m[1];
    // the metadata block: every following line indented deeper than `metadata:` (template actions included)
    let end = i + 2;
    while (end < lines.length && (lines[end].startsWith(`${pad}  `) || lines[end].trim() === '')) end++;
    const block = lines.slice(i + 2, end);
    const annotations = exceptionAnnotations({ template, kind: m[2], component: COMPONENT.exec(block.join('\n'))?.[1] }, exceptions);
    if (!annotations.length) continue;
    const entries = annotations.map(([k, v]) => `${pad}    ${k}: ${JSON.stringify(v)}`);
    const own = block.findIndex((l) => l === `${pad}  annotations:`);
    out.push(lines[i + 1]);
    if (own >= 0) {
      // after the object's own annotations: the lines of that mapping are indented deeper
      let last = own + 1;
      while (last < block.length && block[last].startsWith(`${pad}    `)) last++;
      out.push(
        ...block.slice(0, last),
        `${pad}  {{- if ${EXCEPTION_ANNOTATIONS_SWITCH} }}`,
        ...entries,
        `${pad}  {{- end }}`,
        ...block.slice(last),
      );
    } else {
      out.push(...block, `${pad}  {{- if ${EXCEPTION_ANNOTATIONS_SWITCH} }}`, `${pad}  annotations:`, ...entries, `${pad}  {{- end }}`);
    }
    i = end - 1;
  }
  return out.join('\n');
}
