import type { Command } from 'commander';
import { AipcError } from '../../errors.js';
import { registerCheckIsolation } from './check-isolation.js';
import { registerCheckPodSecurity } from './check-pod-security.js';

/** Registers `aipc check` (the deployment checklist) and its sub-checks. */
export function registerCheck(program: Command): void {
  const check = program
    .command('check')
    .description('Run the deployment checklist for a tier (or one of the sub-checks below).')
    .action(() => {
      throw new AipcError('aipc check (checklist) is not implemented yet');
    });
  registerCheckIsolation(check);
  registerCheckPodSecurity(check);
}
