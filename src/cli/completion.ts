// Shell completion scripts for bash, zsh and fish, generated from the commander program itself, so
// every command, sub-command and flag the CLI accepts is completed and nothing else. Each script
// finds the command path from the words typed so far (skipping flags and their values), then
// offers that command's sub-commands, or its flags after a `-`, or file names.
import type { Command, Option } from 'commander';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** One command of the tree: its path from the program, sub-commands and flags. */
export interface CommandNode {
  readonly path: readonly string[];
  readonly subcommands: readonly string[];
  /** Each sub-command's description, first sentence (fish shows it beside the candidate). */
  readonly summaries: readonly string[];
  readonly flags: readonly {
    readonly long?: string;
    readonly short?: string;
    readonly description: string;
    readonly takesValue: boolean;
  }[];
}

const HELP = { long: '--help', short: '-h', description: 'display help for command', takesValue: false };

/** Every command of `program`, the program first, depth first. */
export function commandTree(program: Command): CommandNode[] {
  const nodes: CommandNode[] = [];
  const visit = (cmd: Command, path: string[]) => {
    const flags = cmd.options.map((o: Option) => ({
      long: o.long,
      short: o.short,
      description: o.description,
      takesValue: o.required || o.optional,
    }));
    nodes.push({
      path,
      subcommands: cmd.commands.map((c) => c.name()),
      summaries: cmd.commands.map((c) => c.description().split(/(?<=\.)\s/)[0]),
      flags: [...flags, HELP],
    });
    for (const sub of cmd.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return nodes;
}

/** The completion script for `shell`. */
export function completionScript(shell: CompletionShell, program: Command): string {
  const nodes = commandTree(program);
  const name = program.name();
  return shell === 'bash' ? bashScript(name, nodes) : shell === 'zsh' ? zshScript(name, nodes) : fishScript(name, nodes);
}

const flagWords = (n: CommandNode) => n.flags.flatMap((f) => [f.long, f.short].filter((x): x is string => !!x));
// flags that take a value: the word after them is that value, not a command
const valueFlags = (nodes: readonly CommandNode[]) =>
  [
    ...new Set(nodes.flatMap((n) => n.flags.filter((f) => f.takesValue).flatMap((f) => [f.long, f.short].filter((x): x is string => !!x)))),
  ].sort();
const key = (n: CommandNode) => n.path.join(' ');
const fn = (name: string) => `_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** The shared walk (bash and zsh): sets `cmdpath` from the words before the cursor. */
function walk(nodes: readonly CommandNode[], words: string, count: string, first: number): string {
  const paths = nodes.filter((n) => n.path.length).map((n) => `'${key(n)}'`);
  return [
    `  local cmdpath="" skip="" i w`,
    `  for ((i = ${first}; i < ${count}; i++)); do`,
    `    w="\${${words}[i]}"`,
    `    if [[ -n $skip ]]; then skip=""; continue; fi`,
    `    case "$w" in`,
    `      ${valueFlags(nodes).join('|')}) skip=1; continue ;;`,
    `      -*) continue ;;`,
    `    esac`,
    `    case "\${cmdpath:+$cmdpath }$w" in`,
    `      ${paths.join('|')}) cmdpath="\${cmdpath:+$cmdpath }$w" ;;`,
    `    esac`,
    `  done`,
  ].join('\n');
}

function bashScript(name: string, nodes: readonly CommandNode[]): string {
  const cases = nodes.map((n) => `    '${key(n)}') subs='${n.subcommands.join(' ')}'; flags='${flagWords(n).join(' ')}' ;;`);
  return `# ${name} completion for bash. Load it with: source <(${name} completion bash)
# or install it: ${name} completion bash > /etc/bash_completion.d/${name}
${fn(name)}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" subs="" flags=""
${walk(nodes, 'COMP_WORDS', 'COMP_CWORD', 1)}
  case "$cmdpath" in
${cases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ -n $subs && -z $skip ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=()
  fi
}
complete -o default -F ${fn(name)} ${name}
`;
}

function zshScript(name: string, nodes: readonly CommandNode[]): string {
  const cases = nodes.map((n) => `    ('${key(n)}') subs=(${n.subcommands.join(' ')}); flags=(${flagWords(n).join(' ')}) ;;`);
  return `#compdef ${name}
# ${name} completion for zsh. Load it with: source <(${name} completion zsh)
# or install it as _${name} in a directory of $fpath
${fn(name)}() {
  local -a subs flags
  local cur="\${words[CURRENT]}"
${walk(nodes, 'words', 'CURRENT', 2)}
  case "$cmdpath" in
${cases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    compadd -- $flags
  elif (( \${#subs} )) && [[ -z $skip ]]; then
    compadd -- $subs
  else
    _files
  fi
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  ${fn(name)} "$@"
else
  compdef ${fn(name)} ${name}
fi
`;
}

const fishQuote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A flag's help in one short line (fish shows it beside the candidate). */
const short = (s: string) => {
  const line = s.split('\n')[0];
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
};

function fishScript(name: string, nodes: readonly CommandNode[]): string {
  const pathFn = `__${name.replace(/[^A-Za-z0-9_]/g, '_')}_path`;
  const paths = nodes.filter((n) => n.path.length).map((n) => fishQuote(key(n)));
  const lines = [
    `# ${name} completion for fish. Load it with: ${name} completion fish | source`,
    `# or install it: ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    `complete -c ${name} -e`,
    // the command path typed so far, as the bash and zsh scripts find it
    `function ${pathFn}`,
    '    set -l path',
    '    set -l skip 0',
    '    for w in (commandline -opc)[2..-1]',
    '        if test $skip = 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $w',
    `            case ${valueFlags(nodes).map(fishQuote).join(' ')}`,
    '                set skip 1',
    '                continue',
    "            case '-*'",
    '                continue',
    '        end',
    `        if contains -- (string join ' ' $path $w) ${paths.join(' ')}`,
    '            set path $path $w',
    '        end',
    '    end',
    "    string join ' ' $path",
    'end',
  ];
  for (const n of nodes) {
    // this command is the deepest one typed; its flags go before its sub-command (enablePositionalOptions)
    const condition = fishQuote(`test "$(${pathFn})" = ${fishQuote(key(n))}`);
    n.subcommands.forEach((sub, i) =>
      lines.push(`complete -c ${name} -n ${condition} -f -a ${sub} -d ${fishQuote(short(n.summaries[i]))}`),
    );
    for (const f of n.flags) {
      const parts = [`complete -c ${name} -n ${condition}`];
      if (f.long) parts.push(`-l ${f.long.slice(2)}`);
      if (f.short) parts.push(`-s ${f.short.slice(1)}`);
      if (f.takesValue) parts.push('-r');
      parts.push(`-d ${fishQuote(short(f.description))}`);
      lines.push(parts.join(' '));
    }
  }
  return `${lines.join('\n')}\n`;
}
