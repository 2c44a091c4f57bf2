// Name patterns of declared exceptions, and the chart template an object was rendered from.

const patterns = new Map<string, RegExp>();

/** A `*` glob (any run of characters; nothing else is special) as an anchored RegExp, compiled once per pattern. */
export function globToRegExp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    patterns.set(pattern, re);
  }
  return re;
}

const SOURCE_COMMENT = /^# Source: [^/\n]+\/templates\/(.+?)\.ya?ml\s*$/m;

/** The chart template a rendered document came from (`# Source: chart/templates/x.yaml` → `x`). */
export const sourceTemplateOf = (documentText: string): string | undefined => SOURCE_COMMENT.exec(documentText)?.[1];
