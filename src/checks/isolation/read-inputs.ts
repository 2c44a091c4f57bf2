// Reading manifests for the isolation check: the shared reader, with CRLF line endings normalized
// first (its document-marker test does not accept `---\r`, and real exports often have CRLF).
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../errors.js';
import { decodeUtf8 } from '../../io/yaml-read.js';
import { InputError } from '../../errors.js';
import { listManifestFiles, readManifestText, type ManifestObject } from '../../validate/read-manifests.js';

/** Reads files, directories (recursively) and `-` (stdin) into objects plus read diagnostics. */
export function readIsolationInputs(
  inputs: readonly string[],
  stdin: () => string = () => readFileSync(0, 'utf8'),
): { objects: ManifestObject[]; diagnostics: Diagnostic[] } {
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of listManifestFiles(inputs)) {
    let text: string;
    try {
      text = file === '-' ? stdin() : decodeUtf8(readFileSync(file), file);
    } catch (err) {
      if (err instanceof InputError) diagnostics.push(...err.diagnostics);
      else diagnostics.push({ file, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const result = readManifestText(text.replace(/\r\n?/g, '\n'), file === '-' ? '<stdin>' : file);
    objects.push(...result.objects);
    diagnostics.push(...result.diagnostics);
  }
  return { objects, diagnostics };
}
