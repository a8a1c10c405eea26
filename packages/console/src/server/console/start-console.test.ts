import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Store, StoreError } from '../store/index.js';
import { ConsoleConfigError } from './console-options.js';
import { ConsoleListenError } from './listen-error.js';
import { startConsole } from './start-console.js';

// Every store the console opens, to see that a failed start closed it (its worker would keep the process alive).
const opened = vi.hoisted(() => [] as Store[]);
const scraperFails = vi.hoisted(() => ({ now: false }));

vi.mock('../store/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../store/index.js')>();
  return {
    ...original,
    openStore: async (...args: Parameters<typeof original.openStore>) => {
      const store = await original.openStore(...args);
      opened.push(store);
      return store;
    },
  };
});

vi.mock('../scrape/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../scrape/index.js')>();
  return {
    ...original,
    createScraper: (...args: Parameters<typeof original.createScraper>) => {
      if (scraperFails.now) throw new original.ScrapeConfigError('the scraper refused its options');
      return original.createScraper(...args);
    },
  };
});

/** The store was closed: its worker is gone, so a query is refused instead of answered. */
async function expectClosed(store: Store | undefined): Promise<void> {
  expect(store).toBeDefined();
  await expect(store?.stats()).rejects.toBeInstanceOf(StoreError);
}

let taken: Server;
let takenPort: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

describe('a console that fails to start', () => {
  it('closes the store it opened when the scraper cannot be made', async () => {
    scraperFails.now = true;
    try {
      await expect(startConsole({ memory: true, port: 0, otlpPort: 0 })).rejects.toThrow('the scraper refused its options');
    } finally {
      scraperFails.now = false;
    }
    await expectClosed(opened.at(-1));
  });

  it('says which port is in use before it opens a store: a new database file is not made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-port-taken-'));
    try {
      const storesBefore = opened.length;
      const db = join(dir, 'console.duckdb');
      const attempt = startConsole({ db, port: takenPort, otlpPort: 0 });
      await expect(attempt).rejects.toThrow(ConsoleListenError);
      const error = (await attempt.catch((caught: unknown) => caught)) as ConsoleListenError;
      expect(error.message).toBe(`port ${takenPort} on 127.0.0.1 is in use (the UI and API port): choose another port`);
      expect([error.problem, error.option, error.host, error.port]).toEqual(['port-in-use', 'port', '127.0.0.1', takenPort]);

      const otlp = (await startConsole({ db, port: 0, otlpPort: takenPort }).catch((caught: unknown) => caught)) as ConsoleListenError;
      expect([otlp.problem, otlp.option]).toEqual(['port-in-use', 'otlpPort']);
      expect(otlp.message).toContain('(the OTLP port): choose another otlpPort');
      expect(opened.length).toBe(storesBefore);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses one port for both servers as an option problem, naming otlpPort', async () => {
    const error = (await startConsole({ memory: true, port: 19_999, otlpPort: 19_999 }).catch(
      (caught: unknown) => caught,
    )) as ConsoleConfigError;
    expect(error).toBeInstanceOf(ConsoleConfigError);
    expect(error.issues).toEqual([
      { option: 'otlpPort', problem: 'the same port as the UI and API (19999): the OTLP receiver needs its own' },
    ]);
  });

  it('says when the host is no address it can resolve, and closes the store', async () => {
    const error = (await startConsole({ memory: true, host: '999.1.1.1', port: 0, otlpPort: 0 }).catch(
      (caught: unknown) => caught,
    )) as ConsoleListenError;
    expect(error).toBeInstanceOf(ConsoleListenError);
    expect([error.problem, error.option]).toEqual(['host-unknown', 'host']);
    expect(error.message).toBe('host "999.1.1.1" is neither an IP address nor a name this machine resolves');
    await expectClosed(opened.at(-1));
  });
});
