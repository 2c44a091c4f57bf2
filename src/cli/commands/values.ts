import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc values`. */
export function registerValues(program: Command): void {
  program
    .command('values')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc values is not implemented yet');
    });
}
