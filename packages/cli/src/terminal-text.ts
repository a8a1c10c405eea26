import type { CliIo } from './io.js';

/**
 * Control characters but tab and line feed: C0 (ESC starts the sequences that clear the screen,
 * set the window title or hide a hyperlink; CR overwrites a line), DEL and C1 (0x9b is a
 * one-byte CSI).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const NAMED: Record<string, string> = { '\r': '\\r', '\u001b': '\\e', '\u0007': '\\a', '\b': '\\b' };

/**
 * `text` with every control character but tab and line feed written out (`\e`, `\r`, `\u009b`).
 * `--json` output passes through too: JSON.stringify escapes C0 itself and leaves DEL and C1
 * raw, which become `\u007f`…`\u009f`, the same string to a JSON reader.
 */
export function terminalText(text: string): string {
  return text.replace(CONTROL, (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The io for commands that print what a console stores (log bodies, attributes, span names,
 * exception messages): anyone who can send OTLP writes that text, so it reaches the terminal
 * with its control characters written out, never acted on. JSON output has none to begin with.
 * Stderr is left alone: progress lines redraw with CR, and errors hold no stored text.
 */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: { isTTY: io.stdout.isTTY, write: (text: string) => io.stdout.write(terminalText(text)) },
  };
}
