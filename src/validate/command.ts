// `aipc validate` — placeholder until the validation engine lands.
import { AipcError } from '../errors.js';

/** Runs `aipc validate` and returns the exit code. */
export async function runValidateCommand(_inputs: string[], _opts: unknown): Promise<number> {
  throw new AipcError('aipc validate is not implemented yet');
}
