import type { Command } from 'commander';
import { AipcError } from '../../errors.js';

/** Registers `aipc check pod-security`. */
export function registerCheckPodSecurity(check: Command): void {
  check
    .command('pod-security')
    .description('(not implemented yet)')
    .action(() => {
      throw new AipcError('aipc check pod-security is not implemented yet');
    });
}
