import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { writeHeapSnapshot } from 'node:v8';
import { DebugHttpError } from './http-error.js';

/**
 * Serves V8 heap snapshots, one at a time. `v8.getHeapSnapshot()` is a Readable, but V8
 * serialises the whole snapshot into it synchronously (measured: 4.2 of 4.3 MB already
 * buffered at the first chunk), so it would hold the snapshot in memory whatever the client
 * reads. Instead V8 writes it to a file in a private temporary directory (mkdtemp: mode 0700,
 * the snapshot holds every string of the heap), which is streamed with backpressure and deleted.
 * Taking the snapshot blocks the event loop for a time that grows with the heap.
 */
export class HeapSnapshotter {
  #busy = false;

  get busy(): boolean {
    return this.#busy;
  }

  async stream(res: ServerResponse, fileName: string): Promise<void> {
    if (this.#busy) throw new DebugHttpError(409, 'a heap snapshot is already being taken or sent; retry when it finishes');
    this.#busy = true;
    let directory: string | undefined;
    try {
      directory = await mkdtemp(join(tmpdir(), 'sightline-heap-'));
      const path = writeHeapSnapshot(join(directory, fileName));
      const { size } = await stat(path);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': size,
        'content-disposition': `attachment; filename="${fileName}"`,
        'cache-control': 'no-store',
      });
      await pipeline(createReadStream(path), res);
    } finally {
      this.#busy = false;
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    }
  }
}
