/**
 * Preloaded (`--import`) into the processes `npm start` runs. When npm start dies without stopping
 * them (kill -9, a crash), they are re-parented: each notices within half a second and stops itself
 * with SIGTERM, as npm start would have (drain, export, stop Postgres), instead of holding the
 * example's ports and database for the next `npm start`. The timer never keeps a process alive.
 */
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM');
}, 500);
watch.unref();
