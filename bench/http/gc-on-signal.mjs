// Preloaded (--import) into a server child by http-idle-gc.ts, with --expose-gc: on SIGUSR2 the
// child runs two full collections at once, between requests, as V8's memory reducer would when
// the service goes idle.
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
});
