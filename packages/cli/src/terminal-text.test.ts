import { describe, expect, it } from 'vitest';
import { terminalText } from './terminal-text.js';

describe('terminalText', () => {
  it('writes out escape sequences, carriage returns, DEL and C1 controls; keeps tabs, line feeds and other text', () => {
    expect(terminalText('a\u001b[2Jb')).toBe('a\\e[2Jb');
    expect(terminalText('x\ry')).toBe('x\\ry');
    expect(terminalText('\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007')).toBe('\\e]8;;http://evil.example\\alink\\e]8;;\\a');
    expect(terminalText('\u007f\u009b\u0000')).toBe('\\u007f\\u009b\\u0000');
    // In JSON output (C1 left raw by JSON.stringify) the same string to a JSON reader.
    expect(JSON.parse(terminalText(JSON.stringify('a\u009bb')))).toBe('a\u009bb');
    expect(terminalText('tab\there\nnext line: é ✓ 日本')).toBe('tab\there\nnext line: é ✓ 日本');
  });
});
