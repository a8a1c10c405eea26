import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { SinkCounts } from './otlp-sink.js';

/**
 * The OTLP sink in a process of its own, for the HTTP benches: in the bench process it shared the
 * CPU and event loop of the load generator, and its work on each export (reading, counting spans)
 * moved the server's measured CPU per request (a run with the sink outside cut the exporter's
 * apparent cost over HTTP from ~5-7 to ~3 us per request).
 */
export interface OtlpSinkProcess {
  /** The OTLP/HTTP traces URL to give exporters. */
  readonly url: string;
  /** Counts since the last take(), which resets them. One take() at a time: the answers are not tagged. */
  take(): Promise<SinkCounts>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./otlp-sink-child.ts', import.meta.url));

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message[key] as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the OTLP sink process exited (code ${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startOtlpSinkProcess(): Promise<OtlpSinkProcess> {
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await nextMessage<string>(child, 'url');
  return {
    url,
    take() {
      const counts = nextMessage<SinkCounts>(child, 'counts');
      child.send('take');
      return counts;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send('close');
      await exited;
    },
  };
}
