/** An expected failure of a debug endpoint: answered with `status` and a JSON body naming the problem. */
export class DebugHttpError extends Error {
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'DebugHttpError';
    this.status = status;
    this.details = details;
  }
}

/** Thrown when a capture was abandoned (the client went away, the server is closing). */
export class CaptureAbortedError extends Error {
  constructor(reason: string) {
    super(`capture aborted: ${reason}`);
    this.name = 'CaptureAbortedError';
  }
}
