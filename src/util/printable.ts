// The one escaping of text that came from an input (object names, file names, messages built from
// them) before it reaches a terminal or a report line.

/**
 * Escapes control characters, backslashes, line and paragraph separators and bidirectional
 * overrides the way JSON writes them, so a name cannot start a new line, move the cursor (ESC, CR)
 * or reorder a report line when printed: "\u001b[2K" prints as `\u001b[2K`, not as an erased line.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]/g, (c) =>
    c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
