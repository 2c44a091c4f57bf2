import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc airgap`. */
export function registerAirgap(program: Command): void {
  program
    .command('airgap')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc airgap is not implemented yet');
    });
}
