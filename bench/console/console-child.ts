// The console under test, in its own process so the load generator does not share its event loop.
// Usage: node --conditions=sightline-source --import tsx console-child.ts <db file>
//   child -> parent  { type: 'ready', otlpUrl, url }
//   parent -> child  { type: 'shutdown' }   child -> parent { type: 'stopped', spans, logs, commits }, then exits
import { startConsole } from '@sightline/console';

const db = process.argv[2];
if (db === undefined) throw new Error('usage: console-child.ts <db file>');
const send = (message: unknown) => new Promise<void>((resolve) => process.send?.(message, () => resolve()));

const running = await startConsole({ db, port: 0, otlpPort: 0, maxSize: '8GiB' });
await send({ type: 'ready', otlpUrl: running.otlpUrl, url: running.url });
process.on('message', (message: { type?: string }) => {
  if (message.type !== 'shutdown') return;
  (async () => {
    // What was stored, counted by the store itself: a check that every acknowledged record is there.
    const stats = await running.store.stats();
    await running.close();
    await send({ type: 'stopped', spans: Number(stats.rows.spans), logs: Number(stats.rows.logs), commits: stats.commits });
    process.exit(0);
  })().catch((error: unknown) => {
    console.error('console child: shutdown failed:', error);
    process.exit(1);
  });
});
