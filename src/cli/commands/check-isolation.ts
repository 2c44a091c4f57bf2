import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc check isolation`. */
export function registerCheckIsolation(check: Command): void {
  check
    .command('isolation')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc check isolation is not implemented yet');
    });
}
