// `aipc completion bash|zsh|fish`, run by the shells themselves: each script parses, and for every
// command of the CLI (walked from the program, so a new command or flag is covered without editing
// this test) the shell completes its sub-commands after a space and its flags after `--`; a flag's
// value is never taken for a command.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandTree } from '../../src/cli/completion.js';
import { createProgram } from '../../src/cli/index.js';
import { runCli, tempDir } from '../helpers.js';

const nodes = commandTree(createProgram());
const longFlags = (n: (typeof nodes)[number]) => n.flags.map((f) => f.long).filter((f): f is string => !!f);
const sorted = (words: string) => words.split(/\s+/).filter(Boolean).sort();

/** Cases: the words typed (the last one being completed) and what must be offered. */
const cases = [
  ...nodes.flatMap((n) => [
    ...(n.subcommands.length ? [{ words: [...n.path, ''], want: [...n.subcommands].sort() }] : []),
    { words: [...n.path, '--'], want: longFlags(n).sort() },
  ]),
  // a flag's value (`--tier check`) is not a command: `check`'s sub-commands, then `isolation`'s flags
  {
    words: ['check', '--tier', 'check', ''],
    want: [...nodes.find((n) => n.path.join(' ') === 'check')!.subcommands].sort(),
  },
  {
    words: ['check', '--format', 'json', 'isolation', '--'],
    want: longFlags(nodes.find((n) => n.path.join(' ') === 'check isolation')!).sort(),
  },
];

function script(shell: string): string {
  const r = runCli(['completion', shell]);
  expect([r.code, r.stderr]).toEqual([0, '']);
  const file = join(tempDir(), `aipc.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

const sh = (cmd: string, args: readonly string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
const quote = (w: string) => `'${w}'`;

describe('aipc completion', () => {
  it('bash completes every command’s sub-commands and flags', () => {
    const file = script('bash');
    sh('bash', ['-n', file]);
    const body = [
      `source ${file}`,
      'run() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _aipc; echo "${COMPREPLY[*]}"; }',
      ...cases.map((c) => `run aipc ${c.words.map(quote).join(' ')}`),
    ].join('\n');
    const lines = sh('bash', ['-c', body]).split('\n');
    expect(cases.map((c, i) => [c.words.join(' '), sorted(lines[i])])).toEqual(cases.map((c) => [c.words.join(' '), c.want]));
  });

  it('zsh completes every command’s sub-commands and flags', () => {
    const file = script('zsh');
    sh('zsh', ['-n', file]);
    // compadd, _files and compdef stand in for the completion system: they print what is offered
    const body = [
      'compdef() { :; }',
      // compadd offers the words that match what is typed, as zsh's does
      'compadd() { shift; local w out=(); for w in "$@"; do [[ $w == ${words[CURRENT]}* ]] && out+=($w); done; print -r -- "$out[*]"; }',
      '_files() { print -r -- FILES; }',
      `source ${file}`,
      'run() { words=("$@"); CURRENT=$#; _aipc; }',
      ...cases.map((c) => `run aipc ${c.words.map(quote).join(' ')}`),
    ].join('\n');
    const lines = sh('zsh', ['-f', '-c', body]).split('\n');
    expect(cases.map((c, i) => [c.words.join(' '), sorted(lines[i])])).toEqual(cases.map((c) => [c.words.join(' '), c.want]));
  });

  it('fish completes every command’s sub-commands and flags', () => {
    const file = script('fish');
    sh('fish', ['-n', file]);
    const body = [`source ${file}`, ...cases.map((c) => `complete -C ${quote(['aipc', ...c.words].join(' '))}; echo '<end>'`)].join('\n');
    const blocks = sh('fish', ['--no-config', '-c', body]).split('<end>\n');
    const offered = blocks.slice(0, cases.length).map((b) =>
      b
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0])
        .sort(),
    );
    expect(cases.map((c, i) => [c.words.join(' '), offered[i]])).toEqual(cases.map((c) => [c.words.join(' '), c.want]));
  });

  it('refuses an unknown shell with exit 2', () => {
    const r = runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the shell must be one of bash, zsh, fish; got "powershell"');
  });
});
