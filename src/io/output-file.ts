/** A file a generator produces: a path relative to the output root and its full content. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** Two generators producing the same path is a bug, never a silent overwrite. */
export class PathConflictError extends Error {
  constructor(readonly path: string) {
    super(`two generators produced the same file: ${path}`);
    this.name = 'PathConflictError';
  }
}

/** Concatenates generator outputs, rejecting duplicate paths, sorted by path for stable output. */
export function composeOutputs(...groups: readonly (readonly OutputFile[])[]): OutputFile[] {
  const seen = new Map<string, OutputFile>();
  for (const group of groups) {
    for (const file of group) {
      if (seen.has(file.path)) throw new PathConflictError(file.path);
      seen.set(file.path, file);
    }
  }
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
