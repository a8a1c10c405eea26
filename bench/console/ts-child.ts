// A TypeScript script of this folder in its own Node process (sources run through tsx), driven
// by messages over the IPC channel.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export type ChildMessage = { type: string } & Record<string, unknown>;

export class TsChild {
  private readonly exited: Promise<number | null>;
  private readonly inbox: ChildMessage[] = [];
  private waiting: { type: string; resolve: (message: ChildMessage) => void; reject: (error: Error) => void } | undefined;

  private constructor(readonly process: ChildProcess) {
    this.exited = new Promise((resolve) => process.once('exit', resolve));
    process.on('message', (message: ChildMessage) => {
      if (this.waiting?.type === message.type) {
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve(message);
      } else this.inbox.push(message);
    });
    process.once('exit', (code) => this.waiting?.reject(new Error(`child exited with code ${code} before sending a message`)));
  }

  /** `nodeArgs` go before the script (e.g. `--cpu-prof`). */
  static spawn(script: string, args: readonly string[], nodeArgs: readonly string[] = []): TsChild {
    const child = spawn(
      process.execPath,
      ['--conditions=sightline-source', '--import', 'tsx', ...nodeArgs, join(import.meta.dirname, script), ...args],
      { cwd: import.meta.dirname, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    return new TsChild(child);
  }

  get pid(): number {
    return this.process.pid as number;
  }

  send(message: ChildMessage): void {
    this.process.send(message);
  }

  /** The next message of this type (earlier ones of other types stay queued). */
  next(type: string): Promise<ChildMessage> {
    const index = this.inbox.findIndex((message) => message.type === type);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as ChildMessage);
    if (this.process.exitCode !== null) return Promise.reject(new Error(`child exited with code ${this.process.exitCode}`));
    return new Promise((resolve, reject) => {
      this.waiting = { type, resolve, reject };
    });
  }

  /** Resolves with the exit code once the process has exited. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
  }
}
