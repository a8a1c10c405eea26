import type { CliIo } from './io.js';

export type Tone = 'good' | 'warn' | 'bad' | 'dim';

const CODES: Record<Tone, string> = { good: '32', warn: '33', bad: '31', dim: '2' };

/** Paints text in a tone, or leaves it plain. */
export type Painter = (tone: Tone | undefined, text: string) => string;

/**
 * Colour when stdout is a terminal, as most CLIs do; `NO_COLOR` (no-color.org) turns it off and
 * `FORCE_COLOR` (set, not `0`) on, so piped output and logs stay plain unless asked.
 */
export function colorEnabled(io: CliIo): boolean {
  const { NO_COLOR: noColor, FORCE_COLOR: force } = io.env;
  if (noColor !== undefined && noColor !== '') return false;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  return io.stdout.isTTY === true;
}

export function painter(enabled: boolean): Painter {
  if (!enabled) return (_tone, text) => text;
  return (tone, text) => (tone === undefined ? text : `\x1b[${CODES[tone]}m${text}\x1b[0m`);
}
