import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc diff`. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc diff is not implemented yet');
    });
}
