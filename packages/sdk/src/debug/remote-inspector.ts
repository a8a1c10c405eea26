import inspector from 'node:inspector';
import { bindToBackground } from '../context/index.js';
import { DebugHttpError } from './http-error.js';

export interface InspectorStatus {
  readonly open: boolean;
  readonly url: string | null;
  /** Who opened it: this debug server, or the process itself (`--inspect`). */
  readonly openedBy: 'debug-server' | 'process' | null;
  readonly closesAt: string | null;
}

/**
 * Opens the Node inspector on demand (the Delve analog): always on 127.0.0.1 and a free port,
 * whatever the debug server's own host, and closed again after a timeout. Reach it from
 * elsewhere through an SSH tunnel, never by exposing it: whoever connects can run code.
 */
export class RemoteInspector {
  #timer: NodeJS.Timeout | undefined;
  #closesAt: number | undefined;
  #onAutoClose: () => void;

  constructor(onAutoClose: () => void) {
    this.#onAutoClose = onAutoClose;
  }

  status(): InspectorStatus {
    const url = inspector.url();
    const ours = this.#timer !== undefined;
    return {
      open: url !== undefined,
      url: url ?? null,
      openedBy: url === undefined ? null : ours ? 'debug-server' : 'process',
      closesAt: ours && this.#closesAt !== undefined ? new Date(this.#closesAt).toISOString() : null,
    };
  }

  open(timeoutSeconds: number): InspectorStatus {
    if (inspector.url() !== undefined) throw new DebugHttpError(409, 'the inspector is already open', { ...this.status() });
    inspector.open(0, '127.0.0.1', false);
    this.#closesAt = Date.now() + timeoutSeconds * 1000;
    this.#timer = setTimeout(
      bindToBackground(() => {
        this.#close();
        this.#onAutoClose();
      }),
      timeoutSeconds * 1000,
    );
    this.#timer.unref();
    return this.status();
  }

  close(): InspectorStatus {
    if (inspector.url() === undefined) throw new DebugHttpError(409, 'the inspector is not open');
    if (this.#timer === undefined) {
      throw new DebugHttpError(409, 'the inspector was opened by the process (--inspect), not by the debug server; it stays open');
    }
    this.#close();
    return this.status();
  }

  /** Closes the inspector if this server opened it (debug server shutdown). */
  dispose(): void {
    if (this.#timer !== undefined) this.#close();
  }

  #close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#closesAt = undefined;
    inspector.close();
  }
}
