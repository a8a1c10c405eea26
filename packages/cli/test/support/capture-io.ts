import type { CliIo } from '../../src/io.js';

/** A CliIo that collects what the CLI writes, for runCli in process; `signal` plays Ctrl-C. */
export function captureIo(env: Record<string, string>, cwd: string, signal?: AbortSignal) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { isTTY: false, write: (text: string) => (stderr += text) },
    env,
    cwd,
    now: () => new Date(),
    ...(signal === undefined ? {} : { signal }),
  };
  return { io, out: () => stdout, err: () => stderr };
}
