import type { Command } from 'commander';
import { parseChoice } from '../options.js';
import type { Io } from '../io.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Registers `aipc completion bash|zsh|fish`. */
export function registerCompletion(program: Command, io: Io): void {
  program
    .command('completion')
    .description(
      'Print the shell completion script for bash, zsh or fish: every command, sub-command and flag. Load it with `source <(aipc completion bash)` (zsh alike) or `aipc completion fish | source`, or install it in the shell completion directory (bash: /etc/bash_completion.d/aipc; zsh: _aipc in a directory of $fpath; fish: ~/.config/fish/completions/aipc.fish).',
    )
    .argument('<shell>', SHELLS.join(', '))
    .action(async (shell: string) => {
      const chosen = parseChoice(shell, SHELLS, 'the shell');
      const { completionScript } = await import('../completion.js');
      io.stdout.write(completionScript(chosen, program));
    });
}
