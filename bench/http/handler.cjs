'use strict';
// The one handler every variant serves, so the only difference between variants is the
// instrumentation around it. CommonJS so the baseline servers can require it after
// registering @opentelemetry/instrumentation-http (which patches on require).

const BODY = '{"ok":true}';
const BODY_LENGTH = Buffer.byteLength(BODY);
const counters = { requests: 0 };

function handler(req, res) {
  counters.requests++;
  if (req.method === 'GET' && req.url.startsWith('/users/')) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY_LENGTH });
    res.end(BODY);
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json', 'content-length': 2 });
  res.end('{}');
}

/** The route template of a path, for variants without a router (prom-client's label). */
function routeOf(url) {
  return url.startsWith('/users/') ? '/users/:id' : 'unmatched';
}

module.exports = { handler, routeOf, counters };
