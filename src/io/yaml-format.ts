// The one place that turns data into YAML. Everything aipc writes goes through here so that all
// output is formatted alike and means the same to YAML 1.1 readers (Helm, via go-yaml) and
// YAML 1.2 readers (editors, this tool): strings that either version would read as something
// else (`no`, `on`, `0755`, `0o755`, `1e3`, `1:20`, `~`, dates) are always quoted.
import { Document, visit } from 'yaml';

/** Strings that YAML 1.2 would read as non-strings but the 1.1 stringifier leaves plain. */
const YAML12_ONLY_SPECIAL = /^(?:[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|<<|=)$/;

export interface FormatOptions {
  /** Comment lines put at the top of the document (without the leading `# `). */
  readonly header?: readonly string[];
}

/** Formats one value as a YAML document (block style, no line folding, 1.1/1.2-safe quoting). */
export function formatYaml(value: unknown, options: FormatOptions = {}): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && YAML12_ONLY_SPECIAL.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const body = doc.toString({ lineWidth: 0, indentSeq: true, directives: false });
  const header = (options.header ?? []).map((line) => (line ? `# ${line}` : '#')).join('\n');
  return header ? `${header}\n${body}` : body;
}
