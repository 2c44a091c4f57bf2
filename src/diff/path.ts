// Field paths of a diff: how a change is located inside an object, and how that is written.
import { appendPathSegment } from '../errors.js';

/**
 * One step of a field path: a map key, a list index, a named list item (`[name=app]`), or the
 * data a string holds (`<json>`, `<yaml>`).
 */
export type PathSegment = string | number | { readonly name: string } | { readonly embedded: 'json' | 'yaml' };

/** `spec.template.spec.containers[name=app].image`, `metadata.annotations["checksum/config"]`, `args[0]`, `data["rules.yaml"]<yaml>.groups[0]`. */
export function formatFieldPath(path: readonly PathSegment[]): string {
  let out = '';
  // keys and indexes as the one path printer writes them (errors.ts); the diff's own segments besides
  for (const seg of path) {
    if (typeof seg === 'object') out += 'name' in seg ? `[name=${seg.name}]` : `<${seg.embedded}>`;
    else out = appendPathSegment(out, seg);
  }
  return out || '(whole object)';
}
