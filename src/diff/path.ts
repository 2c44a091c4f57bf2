// Field paths of a diff: how a change is located inside an object, and how that is written.

/**
 * One step of a field path: a map key, a list index, a named list item (`[name=app]`), or the
 * data a string holds (`<json>`, `<yaml>`).
 */
export type PathSegment = string | number | { readonly name: string } | { readonly embedded: 'json' | 'yaml' };

/** `spec.template.spec.containers[name=app].image`, `metadata.annotations["checksum/config"]`, `args[0]`, `data["rules.yaml"]<yaml>.groups[0]`. */
export function formatFieldPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'object') out += 'name' in seg ? `[name=${seg.name}]` : `<${seg.embedded}>`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(whole object)';
}
