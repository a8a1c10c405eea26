// Reading a callgrind dump (https://valgrind.org/docs/manual/cl-format.html) for http-instructions.ts and
// span-instructions.ts: its instruction total, and the part spent in functions whose names match a pattern (exclusive
// cost: a `calls=` line's following cost line is the callee's inclusive cost, not the caller's own).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * V8's compilers: the optimizing ones (TurboFan, Maglev), the baseline one (Sparkplug), and the parser
 * and bytecode generator, which run again for a function whose bytecode V8 flushed after it went unused
 * through several full collections (code that runs once a second or less, e.g. an export).
 */
export const COMPILER = /compiler::|maglev::|baseline::|interpreter::Bytecode|Parser|Scanner|Scope::/;

/** Whether valgrind's callgrind and its control script are installed; the reason when not. */
export async function callgrindMissing(): Promise<string | undefined> {
  for (const command of ['valgrind', 'callgrind_control']) {
    try {
      await run(command, ['--version']);
    } catch {
      return `${command} is not installed (Debian: apt-get install valgrind)`;
    }
  }
  return undefined;
}

export interface DumpCounts {
  /** The dump's `summary:` (or `totals:`) line: every instruction in the dump. */
  readonly total: number;
  /** Instructions executed in the functions `matching` names, themselves, not in what they call. */
  readonly matching: number;
}

const NAMED = /^c?fn=\((\d+)\)(?: (.*))?$/;

/** The columns a `positions:` header names (cost lines hold that many positions, then the events), else undefined. */
export function positionColumns(line: string): number | undefined {
  return line.startsWith('positions:') ? line.slice('positions:'.length).trim().split(/\s+/).length : undefined;
}

/** Whether a dump line is a cost line: a position, absolute (a digit), relative (+, -) or the previous one (*). */
export function isCostLine(line: string): boolean {
  const first = line.charCodeAt(0);
  return (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 42;
}

export function readDumpCounts(text: string, matching: RegExp): DumpCounts {
  const names = new Map<string, string>();
  // Columns before a cost line's first event: `line` by default, `instr line` with --dump-instr=yes.
  let positions = 1;
  let total = Number.NaN;
  let inMatching = false;
  let skipNext = false;
  let matched = 0;
  for (const line of text.split('\n')) {
    const columns = positionColumns(line);
    if (columns !== undefined) {
      positions = columns;
      continue;
    }
    if (line.startsWith('summary: ') || line.startsWith('totals: ')) {
      total = Number(line.slice(line.indexOf(' ') + 1).split(' ')[0]);
      continue;
    }
    const named = NAMED.exec(line);
    if (named !== null) {
      const [, id = '', name] = named;
      if (name !== undefined) names.set(id, name);
      // fn= starts the function whose own costs follow; cfn= only names a callee.
      if (line.startsWith('fn=')) inMatching = matching.test(names.get(id) ?? '');
      continue;
    }
    if (line.startsWith('calls=')) {
      skipNext = true;
      continue;
    }
    if (!isCostLine(line)) continue;
    if (skipNext) {
      skipNext = false;
      continue;
    }
    if (inMatching) matched += Number(line.split(' ')[positions] ?? 0);
  }
  if (Number.isNaN(total)) throw new Error('callgrind dump without a summary or totals line');
  return { total, matching: matched };
}
