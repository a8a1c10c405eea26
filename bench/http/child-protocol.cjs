'use strict';
// The parent (http-overhead.ts) drives each server child over the IPC channel:
//   child -> parent  { type: 'ready', port }
//   parent -> child  { type: 'sample' }    child -> parent { type: 'sample', cpu, requests, rss, heapUsed }
//   parent -> child  { type: 'shutdown' }  child -> parent { type: 'stopped', requests }, then exits
// CPU time is sampled in the child so the parent can report CPU per request, which is far
// less sensitive to other load on the machine than requests per second.

const { counters } = require('./handler.cjs');

/** Listens on an ephemeral loopback port and answers the parent until told to shut down. */
function serve(server, shutdown) {
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send({ type: 'ready', port: server.address().port });
  });
  process.on('message', (message) => {
    if (message.type === 'sample') {
      const { rss, heapUsed } = process.memoryUsage();
      process.send({ type: 'sample', cpu: process.cpuUsage(), requests: counters.requests, rss, heapUsed });
    } else if (message.type === 'shutdown') {
      server.closeAllConnections();
      server.close();
      Promise.resolve()
        .then(shutdown)
        .catch((error) => console.error('shutdown failed:', error))
        .then(() => process.send({ type: 'stopped', requests: counters.requests }, () => process.exit(0)));
    }
  });
}

module.exports = { serve };
