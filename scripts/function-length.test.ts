import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * CONVENTIONS.md's small functions, checked from the source of the packages below (issue 12's
 * review: functions over ~60 lines, split by job; the conventions aim under ~50). The console's
 * React UI is held to it like the rest: a page is its data hooks and the components of its filter
 * bar, tables and panels, in files beside it; a component's JSX counts in its lines (.tsx files
 * are read as the .ts ones are).
 */
const MAX_FUNCTION_LINES = 60;
const ROOT = join(import.meta.dirname, '..');
const CHECKED = [
  'packages/sdk/src',
  'packages/otlp/src',
  'packages/console/src',
  'packages/console/ui/src',
  'packages/cli/src',
  'packages/slo/src',
];

function sourceFiles(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** Every function, method, constructor and arrow function body in `text` over `limit` lines, as "file:line name (N lines)". */
function longFunctions(file: string, text: string, limit: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const long: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const lines = source.getLineAndCharacterOfPosition(node.end).line - first + 1;
      const name = nameOf(node, source);
      if (lines > limit) long.push(`${file}:${first + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return long;
}

/** A function's name, or the variable or property an anonymous one is assigned to. */
function nameOf(node: ts.SignatureDeclaration, source: ts.SourceFile): string {
  if (node.name !== undefined) return node.name.getText(source);
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.initializer === node)
    return parent.name.getText(source);
  return '(anonymous)';
}

describe('function length', () => {
  it.each(CHECKED)(`%s has no function over ${MAX_FUNCTION_LINES} lines`, (directory) => {
    const files = sourceFiles(join(ROOT, directory));
    expect(files.length).toBeGreaterThan(5);
    const long = files.flatMap((file) => longFunctions(relative(ROOT, file), readFileSync(file, 'utf8'), MAX_FUNCTION_LINES));
    expect(long).toEqual([]);
  });

  it('measures a function from its first line to its last, arrow functions and methods included', () => {
    const body = Array.from({ length: 4 }, (_, index) => `  const v${index} = ${index};`).join('\n');
    const text = `export function f(): void {\n${body}\n}\nconst g = () => {\n${body}\n};\nclass C {\n  m() {\n${body}\n  }\n}\n`;
    expect(longFunctions('x.ts', text, 5)).toEqual(['x.ts:1 f (6 lines)', 'x.ts:7 g (6 lines)', 'x.ts:14 m (6 lines)']);
    expect(longFunctions('x.ts', text, 6)).toEqual([]);
  });
});
