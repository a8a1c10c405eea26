/**
 * V8 stack lines reduced to what stays the same between two throws of one bug: the
 * function and the file, without line and column numbers, absolute path prefixes,
 * node_modules versions or eval/anonymous noise.
 */
export interface NormalizedFrame {
  /** `Class.method`, `fn`, or `?` for an anonymous function. */
  readonly function: string;
  /** App-relative path, `pkg/lib/file.js` for a dependency, `node:…` for Node internals. */
  readonly file: string;
  /** The app's own code: not a dependency, not Node internals, not native. */
  readonly inApp: boolean;
}

// `    at fn (location)` or `    at location`; location may itself nest `eval at … (…)`.
const FRAME_WITH_FUNCTION = /^\s*at (.+?) \((.+)\)$/;
const FRAME_BARE = /^\s*at (.+)$/;
const LINE_COLUMN = /(?::\d+){1,2}$/;
const PATH_VERSION = /@\d+\.\d+\.\d+[^/]*/g;
const BUILD_HASH = /[.-][0-9a-f]{8,}(?=\.[cm]?js$)/;

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

function normalizeFile(raw: string, root: string): { file: string; inApp: boolean } {
  let location = raw;
  // `eval at fn (file:1:2), <anonymous>:3:4`: the eval'd code has no stable location of its own.
  if (location.startsWith('eval at ')) return { file: 'eval', inApp: false };
  if (location.startsWith('file://')) location = decodeURI(location.slice(7));
  location = location.replace(LINE_COLUMN, '');
  if (location === '<anonymous>' || location === 'native' || location === '') return { file: '<native>', inApp: false };
  if (location.startsWith('node:') || location.startsWith('internal/')) return { file: location, inApp: false };
  const modules = location.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    return { file: location.slice(modules + 14).replace(PATH_VERSION, ''), inApp: false };
  }
  if (root !== '' && location.startsWith(root)) location = location.slice(root.length);
  else if (location.startsWith('/')) location = location.split('/').slice(-3).join('/');
  return { file: location.replace(BUILD_HASH, ''), inApp: true };
}

/** Parses the `at …` lines of a V8 stack; other lines (the message, `From previous event`) are skipped. */
export function parseStackFrames(stack: string, root: string, limit = 50): NormalizedFrame[] {
  const frames: NormalizedFrame[] = [];
  const prefix = root === '' || root.endsWith('/') ? root : `${root}/`;
  for (const line of stack.split('\n')) {
    if (frames.length >= limit) break;
    const withFunction = FRAME_WITH_FUNCTION.exec(line);
    if (withFunction !== null) {
      const { file, inApp } = normalizeFile(withFunction[2] as string, prefix);
      frames.push({ function: normalizeFunction(withFunction[1] as string), file, inApp });
      continue;
    }
    const bare = FRAME_BARE.exec(line);
    if (bare === null) continue;
    const location = (bare[1] as string).startsWith('async ') ? (bare[1] as string).slice(6) : (bare[1] as string);
    const { file, inApp } = normalizeFile(location, prefix);
    frames.push({ function: '?', file, inApp });
  }
  return frames;
}
