import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc check`. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc check is not implemented yet');
    });
}
