import { fileURLToPath } from 'node:url';

/**
 * V8 stack lines reduced to what identifies a frame between two throws of one bug: the
 * function, the file without absolute path prefixes, node_modules versions, build hashes or
 * URL queries, and the position (line, column) kept apart from the file, for the fingerprint
 * to use where nothing steadier exists (an anonymous function).
 */
export interface NormalizedFrame {
  /** `Class.method`, `fn`, or `?` for an anonymous function. */
  readonly function: string;
  /** App-relative path, `pkg/lib/file.js` for a dependency, `node:…` for Node internals. */
  readonly file: string;
  /** 1-based line, when the stack gives one. */
  readonly line: number | undefined;
  /** 1-based column, when the stack gives one. */
  readonly column: number | undefined;
  /** The app's own code: not a dependency, not Node internals, not native. */
  readonly inApp: boolean;
}

// `    at fn (location)` or `    at location`; location may itself nest `eval at … (…)`.
const FRAME_WITH_FUNCTION = /^\s*at (.+?) \((.+)\)$/;
const FRAME_BARE = /^\s*at (.+)$/;
const LINE_COLUMN = /:(\d+)(?::(\d+))?$/;
// `?v=3` / `#x` on a file URL: cache busting of ES module reloads, not a different file.
const URL_SUFFIX = /[?#].*$/;
const PATH_VERSION = /@\d+\.\d+\.\d+[^/]*/g;
const BUILD_HASH = /[.-][0-9a-f]{8,}(?=\.[cm]?js$)/;
// `Promise.all (index 0)`: V8's marker for the n-th promise of a combinator, not a location.
const PROMISE_INDEX = /^index \d+$/;

interface Location {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly inApp: boolean;
}

/**
 * This SDK's code (its `src/` or `dist/`, the parent of this file's folder). Installed, its
 * frames are under node_modules; run from a workspace checkout (the examples in this repository,
 * a linked package) they are not, yet they are still no part of the app: an error thrown after
 * an await has no adapter frames below its throw site and one thrown synchronously does, and the
 * two must group as one. Its own test files are the app of their tests.
 */
const SDK_CODE = fileURLToPath(new URL('../', import.meta.url));
const TEST_FILE = /\.test\.[cm]?[jt]s$/;

const NATIVE: Location = { file: '<native>', line: undefined, column: undefined, inApp: false };
const EVAL: Location = { file: 'eval', line: undefined, column: undefined, inApp: false };

function normalizeFunction(raw: string): string {
  let name = raw;
  if (name.startsWith('async ')) name = name.slice(6);
  if (name.startsWith('new ')) name = name.slice(4);
  // `fn [as alias]`: the alias depends on how it was called, not where the bug is.
  const alias = name.indexOf(' [as ');
  if (alias !== -1) name = name.slice(0, alias);
  if (name === '' || name.includes('<anonymous>')) return '?';
  return name;
}

function normalizeLocation(raw: string, root: string): Location {
  let location = raw;
  // `eval at fn (file:1:2), <anonymous>:3:4`: the eval'd code has no stable location of its own.
  if (location.startsWith('eval at ')) return EVAL;
  let line: number | undefined;
  let column: number | undefined;
  const position = LINE_COLUMN.exec(location);
  if (position !== null) {
    line = Number(position[1]);
    column = position[2] === undefined ? undefined : Number(position[2]);
    location = location.slice(0, position.index);
  }
  if (location.startsWith('file://')) location = decodeURI(location.slice(7).replace(URL_SUFFIX, ''));
  if (location === '<anonymous>' || location === 'native' || location === '' || PROMISE_INDEX.test(location)) return NATIVE;
  if (location.startsWith('node:') || location.startsWith('internal/')) return { file: location, line, column, inApp: false };
  const modules = location.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    return { file: location.slice(modules + 14).replace(PATH_VERSION, ''), line, column, inApp: false };
  }
  if (location.startsWith(SDK_CODE) && !TEST_FILE.test(location)) {
    return { file: `@sightline/sdk/${location.slice(SDK_CODE.length)}`, line, column, inApp: false };
  }
  if (root !== '' && location.startsWith(root)) location = location.slice(root.length);
  else if (location.startsWith('/')) location = location.split('/').slice(-3).join('/');
  return { file: location.replace(BUILD_HASH, ''), line, column, inApp: true };
}

/** Parses the `at …` lines of a V8 stack; other lines (the message, `From previous event`) are skipped. */
export function parseStackFrames(stack: string, root: string, limit = 50): NormalizedFrame[] {
  const frames: NormalizedFrame[] = [];
  const prefix = root === '' || root.endsWith('/') ? root : `${root}/`;
  for (const line of stack.split('\n')) {
    if (frames.length >= limit) break;
    const withFunction = FRAME_WITH_FUNCTION.exec(line);
    if (withFunction !== null) {
      const location = normalizeLocation(withFunction[2] as string, prefix);
      frames.push({ function: normalizeFunction(withFunction[1] as string), ...location });
      continue;
    }
    const bare = FRAME_BARE.exec(line);
    if (bare === null) continue;
    const raw = bare[1] as string;
    frames.push({ function: '?', ...normalizeLocation(raw.startsWith('async ') ? raw.slice(6) : raw, prefix) });
  }
  return frames;
}
