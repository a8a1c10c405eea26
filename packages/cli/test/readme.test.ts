import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program.js';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = join(PACKAGE_ROOT, '..', '..');

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '.', now: () => new Date() };
const debug = buildProgram(io).commands.find((command) => command.name() === 'debug')!;

/** Every `sightline debug <command> --flags…` written in a README, with the flags it uses. */
function documentedCommands(markdown: string): { command: string; flags: string[] }[] {
  return [...markdown.matchAll(/sightline debug ([a-z-]+)([^`\n|]*)/g)].map((match) => ({
    command: match[1]!,
    flags: match[2]!.match(/--[a-z-]+/g) ?? [],
  }));
}

describe.each([
  ['packages/cli/README.md', join(PACKAGE_ROOT, 'README.md')],
  ['README.md', join(REPO_ROOT, 'README.md')],
])('the commands in %s', (_name, path) => {
  it('exist with the flags shown', () => {
    const documented = documentedCommands(readFileSync(path, 'utf8'));
    expect(documented.length).toBeGreaterThan(0);
    for (const { command, flags } of documented) {
      const found = debug.commands.find((candidate) => candidate.name() === command);
      expect(found, `sightline debug ${command}`).toBeDefined();
      const known = new Set(found!.options.map((option) => option.long));
      expect(
        flags.filter((flag) => !known.has(flag)),
        `unknown flags of sightline debug ${command}`,
      ).toEqual([]);
    }
  });
});

const program = buildProgram(io);
const CONSOLE_COMMANDS = ['traces', 'trace', 'logs', 'errors', 'export'];

describe.each([
  ['packages/cli/README.md', join(PACKAGE_ROOT, 'README.md')],
  ['README.md', join(REPO_ROOT, 'README.md')],
])('the console commands in %s', (_name, path) => {
  it('exist with the flags shown', () => {
    const documented = [...readFileSync(path, 'utf8').matchAll(/sightline (traces|trace|logs|errors|export)\b([^`\n|]*)/g)];
    expect(documented.map((match) => match[1]).filter((name) => CONSOLE_COMMANDS.includes(name!)).length).toBeGreaterThan(0);
    for (const [, name, rest] of documented) {
      const found = program.commands.find((candidate) => candidate.name() === name)!;
      const known = new Set(found.options.map((option) => option.long));
      expect(
        (rest!.match(/--[a-z-]+/g) ?? []).filter((flag) => !known.has(flag)),
        `unknown flags of sightline ${name}`,
      ).toEqual([]);
    }
  });
});

describe('the slo and doctor commands in packages/cli/README.md', () => {
  it('exist with the flags shown', () => {
    const markdown = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const slo = program.commands.find((command) => command.name() === 'slo')!;
    const documented = [...markdown.matchAll(/sightline (slo (?:generate|validate|status)|doctor)\b([^`\n|]*)/g)];
    expect(documented.map((match) => match[1])).toEqual(expect.arrayContaining(['slo status', 'doctor']));
    for (const [, name, rest] of documented) {
      const found =
        name === 'doctor' ? program.commands.find((c) => c.name() === 'doctor')! : slo.commands.find((c) => `slo ${c.name()}` === name)!;
      const known = new Set(found.options.map((option) => option.long));
      expect(
        (rest!.match(/--[a-z-]+/g) ?? []).filter((flag) => !known.has(flag)),
        `unknown flags of sightline ${name}`,
      ).toEqual([]);
    }
  });
});

describe('the console flags in README.md', () => {
  it('exist on sightline console, in the table and the example command', () => {
    const markdown = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = markdown.slice(markdown.indexOf('## The console'), markdown.indexOf('\n## ', markdown.indexOf('## The console') + 1));
    const tableFlags = section
      .split('\n')
      .filter((line) => line.startsWith('| `--'))
      .flatMap((line) => line.split('|')[1]!.match(/--[a-z-]+/g) ?? []);
    const commandFlags = [...section.matchAll(/sightline console([^`\n|]*)/g)].flatMap((match) => match[1]!.match(/--[a-z-]+/g) ?? []);
    expect(tableFlags.length).toBeGreaterThan(10);
    const known = new Set(program.commands.find((command) => command.name() === 'console')!.options.map((option) => option.long));
    expect([...tableFlags, ...commandFlags].filter((flag) => !known.has(flag))).toEqual([]);
  });
});
