import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc build`. */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc build is not implemented yet');
    });
}
