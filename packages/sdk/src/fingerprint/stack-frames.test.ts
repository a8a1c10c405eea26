import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStackFrames } from './stack-frames.js';

/** Where this SDK's code is in this checkout: src/, the parent of this test's folder. */
const SDK_SOURCE = fileURLToPath(new URL('../', import.meta.url));

const ROOT = '/srv/checkout';

describe('parseStackFrames', () => {
  it('keeps line and column apart from the file, and drops the app root from app frames', () => {
    const frames = parseStackFrames(
      [
        'Error: boom',
        '    at placeOrder (/srv/checkout/src/orders.ts:41:11)',
        '    at async Server.handle (/srv/checkout/src/app.ts:9:3)',
      ].join('\n'),
      ROOT,
    );
    expect(frames).toEqual([
      { function: 'placeOrder', file: 'src/orders.ts', line: 41, column: 11, inApp: true },
      { function: 'Server.handle', file: 'src/app.ts', line: 9, column: 3, inApp: true },
    ]);
  });

  it("counts the SDK's own frames as library frames even when it is not under node_modules (a workspace checkout)", () => {
    const frames = parseStackFrames(
      [
        '    at handler (/srv/checkout/src/app.ts:67:13)',
        `    at Object.onRequest (${SDK_SOURCE}adapters/fastify.ts:40:7)`,
        `    at runPass (file://${SDK_SOURCE}http/request-pass.ts:12:3)`,
      ].join('\n'),
      ROOT,
    );
    expect(frames).toEqual([
      { function: 'handler', file: 'src/app.ts', line: 67, column: 13, inApp: true },
      { function: 'Object.onRequest', file: '@sightline/sdk/adapters/fastify.ts', line: 40, column: 7, inApp: false },
      { function: 'runPass', file: '@sightline/sdk/http/request-pass.ts', line: 12, column: 3, inApp: false },
    ]);
  });

  it('reads file:// URLs of ES modules like paths', () => {
    const [frame] = parseStackFrames('    at load (file:///srv/checkout/src/load%20data.mjs:3:9)', ROOT);
    expect(frame).toEqual({ function: 'load', file: 'src/load data.mjs', line: 3, column: 9, inApp: true });
  });

  it('keeps only the package path of a dependency, without its version', () => {
    const frames = parseStackFrames(
      [
        '    at Client.query (/srv/checkout/node_modules/.pnpm/pg@8.11.3/node_modules/pg/lib/client.js:526:17)',
        '    at Layer.handle [as handle_request] (/srv/checkout/node_modules/express/lib/router/layer.js:95:5)',
      ].join('\n'),
      ROOT,
    );
    expect(frames).toEqual([
      { function: 'Client.query', file: 'pg/lib/client.js', line: 526, column: 17, inApp: false },
      { function: 'Layer.handle', file: 'express/lib/router/layer.js', line: 95, column: 5, inApp: false },
    ]);
  });

  it('marks Node internals, native frames and eval as not the app', () => {
    const frames = parseStackFrames(
      [
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
        '    at Array.map (<anonymous>)',
        '    at new Promise (<anonymous>)',
        '    at eval (eval at compile (/srv/checkout/src/template.ts:3:10), <anonymous>:1:7)',
        '    at node:internal/main/run_main_module:28:49',
      ].join('\n'),
      ROOT,
    );
    expect(frames).toEqual([
      { function: 'process.processTicksAndRejections', file: 'node:internal/process/task_queues', line: 95, column: 5, inApp: false },
      { function: 'Array.map', file: '<native>', line: undefined, column: undefined, inApp: false },
      { function: 'Promise', file: '<native>', line: undefined, column: undefined, inApp: false },
      { function: 'eval', file: 'eval', line: undefined, column: undefined, inApp: false },
      { function: '?', file: 'node:internal/main/run_main_module', line: 28, column: 49, inApp: false },
    ]);
  });

  it('names anonymous functions "?" whatever V8 calls them', () => {
    const frames = parseStackFrames(
      [
        '    at Object.<anonymous> (/srv/checkout/src/a.ts:1:1)',
        '    at /srv/checkout/src/b.ts:2:2',
        '    at async /srv/checkout/src/c.ts:3:3',
      ].join('\n'),
      ROOT,
    );
    expect(frames.map((frame) => frame.function)).toEqual(['?', '?', '?']);
    expect(frames.map((frame) => frame.file)).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });

  it('keeps the last three path segments of a file outside the root, without a build hash', () => {
    const [frame] = parseStackFrames('    at run (/opt/builds/7f3a/dist/jobs/main.3f9a8c21d4.js:1:2)', ROOT);
    expect(frame).toEqual({ function: 'run', file: 'dist/jobs/main.js', line: 1, column: 2, inApp: true });
  });

  it("drops a file URL's query and hash, and reads Promise.all's index marker as native", () => {
    const frames = parseStackFrames(
      [
        '    at load (file:///srv/checkout/src/jobs.mjs?update=1712345:7:3)',
        '    at async Promise.all (index 0)',
        '    at run (file:///srv/checkout/src/main.mjs#boot:2:1)',
      ].join('\n'),
      ROOT,
    );
    expect(frames).toEqual([
      { function: 'load', file: 'src/jobs.mjs', line: 7, column: 3, inApp: true },
      { function: 'Promise.all', file: '<native>', line: undefined, column: undefined, inApp: false },
      { function: 'run', file: 'src/main.mjs', line: 2, column: 1, inApp: true },
    ]);
  });

  it('skips lines that are not frames and stops at the limit', () => {
    const stack = [
      'TypeError: x is not a function',
      ...Array.from({ length: 10 }, (_, i) => `    at f${i} (/srv/checkout/src/f.ts:${i}:1)`),
    ].join('\n');
    expect(parseStackFrames(stack, ROOT, 3).map((frame) => frame.function)).toEqual(['f0', 'f1', 'f2']);
  });
});
