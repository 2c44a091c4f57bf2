import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc generate`. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc generate is not implemented yet');
    });
}
