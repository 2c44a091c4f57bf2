import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc render`. */
export function registerRender(program: Command): void {
  program
    .command('render')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc render is not implemented yet');
    });
}
