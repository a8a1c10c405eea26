import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Observer } from '../../src/index.js';

/** An app listening on an ephemeral port of 127.0.0.1. */
export interface RunningApp {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** One HTTP adapter the conformance suite runs against. */
export interface AdapterUnderTest {
  readonly name: string;
  /** Route templates the observer needs to know up front (node:http has no router). */
  readonly routeTemplates: readonly string[];
  start(observer: Observer): Promise<RunningApp>;
}

export function baseUrlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address}:${port}`;
}

/** Listens on port 0; close() also drops fetch's idle keep-alive sockets so it resolves promptly. */
export async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    baseUrl: baseUrlOf(server),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
