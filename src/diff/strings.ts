// Long and multi-line string values in a report: a unified line diff with context (jsdiff), or,
// for one long line, the changed words with a little context; never both whole strings.
import { createHash } from 'node:crypto';
import { diffWordsWithSpace, structuredPatch } from 'diff';

/** Strings longer than this, or with a line break, are shown as a diff rather than inline. */
export const LONG_STRING = 120;
/** Lines of context around a changed line. */
const CONTEXT = 3;
/** At most this many diff lines per field; the rest is counted. */
const MAX_DIFF_LINES = 60;
/** A diff line longer than this is cut (its change is shown by the word excerpt instead). */
const MAX_LINE = 200;
/** Characters of unchanged text shown on each side of a changed word. */
const WORD_CONTEXT = 40;
/**
 * How many edits to try before giving up on aligning `size` tokens (the values are then told
 * apart by length and hash): Myers' diff costs about size × edits, so the budget shrinks as
 * inputs grow, and the result stays the same on any machine (no timeout).
 */
export function editBudget(size: number): number {
  return Math.max(10, Math.min(2000, Math.floor(5_000_000 / Math.max(1, size))));
}

const THOUSANDS = new Intl.NumberFormat('en-US');

/** `12,345`: counts as people read them. */
export const formatCount = (n: number): string => THOUSANDS.format(n);

export const isLongString = (v: unknown): v is string => typeof v === 'string' && (v.length > LONG_STRING || v.includes('\n'));

/** `2,048 chars, sha256 1a2b3c4d5e6f`: a value named without printing it. */
export function describeString(s: string): string {
  return `${formatCount(s.length)} chars, sha256 ${createHash('sha256').update(s).digest('hex').slice(0, 12)}`;
}

/** A value on one line: JSON (so `"3"` and `3` are told apart), long ones cut and named by length and hash. */
export function inlineValue(v: unknown, max = LONG_STRING): string {
  if (v === undefined) return '(none)';
  const json = JSON.stringify(v);
  if (json.length <= max) return json;
  return `${json.slice(0, max)}… (${describeString(json)})`;
}

/**
 * The lines that show how `before` became `after`: hunks of a unified diff (`@@`, ` `, `-`, `+`)
 * when both have lines of reasonable length, else the changed words in context (`[-old-]{+new+}`).
 * The first line names both values by length and hash.
 */
export function stringDiffLines(before: string, after: string): string[] {
  const head = `${describeString(before)} → ${describeString(after)}`;
  const multiLine = before.includes('\n') || after.includes('\n');
  if (multiLine) {
    const lineCount = before.split('\n').length + after.split('\n').length;
    const patch = structuredPatch('', '', before, after, '', '', { context: CONTEXT, maxEditLength: editBudget(lineCount) });
    if (patch) {
      const lines: string[] = [];
      let tooLong = false;
      for (const h of patch.hunks) {
        lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
        for (const l of h.lines) {
          if (l.startsWith('\\')) continue; // "\ No newline at end of file"
          if (l.length > MAX_LINE && l[0] !== ' ') tooLong = true;
          lines.push(l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}… (+${l.length - MAX_LINE} chars)` : l);
        }
      }
      if (!tooLong) return [head, ...capLines(lines)];
    }
  }
  return [head, ...wordExcerpt(before, after)];
}

function capLines(lines: string[]): string[] {
  if (lines.length <= MAX_DIFF_LINES) return lines;
  return [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more diff lines`];
}

/** The changed words, each with a little unchanged text around it, one excerpt a line. */
function wordExcerpt(before: string, after: string): string[] {
  // words and the spaces between them: about one token per 3 characters
  const parts = diffWordsWithSpace(before, after, { maxEditLength: editBudget((before.length + after.length) / 3) });
  if (!parts) return ['(too many changes to align; compare the values by length and hash)'];
  // a token replaced whole (a certificate, a key) has no excerpt worth printing
  if (!parts.some((p) => !p.added && !p.removed && p.value.trim())) return ['(no text in common)'];
  const out: string[] = [];
  let line = '';
  let pendingContext = '';
  const flush = () => {
    if (line) out.push(oneLine(line));
    line = '';
  };
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (!p.added && !p.removed) {
      if (!line) {
        pendingContext = p.value;
        continue;
      }
      if (p.value.length > 2 * WORD_CONTEXT && i < parts.length - 1) {
        line += `${p.value.slice(0, WORD_CONTEXT)}…`;
        flush();
        pendingContext = p.value;
      } else if (i === parts.length - 1) {
        line += p.value.length > WORD_CONTEXT ? `${p.value.slice(0, WORD_CONTEXT)}…` : p.value;
      } else line += p.value;
      continue;
    }
    if (!line && pendingContext) {
      line = pendingContext.length > WORD_CONTEXT ? `…${pendingContext.slice(-WORD_CONTEXT)}` : pendingContext;
      pendingContext = '';
    }
    const v = p.value.length > MAX_LINE ? `${p.value.slice(0, MAX_LINE)}… (+${p.value.length - MAX_LINE} chars)` : p.value;
    line += p.added ? `{+${v}+}` : `[-${v}-]`;
  }
  flush();
  return capLines(out);
}

/** Line breaks and tabs shown as escapes, so one excerpt stays one line. */
const oneLine = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
