#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './program.js';

// Ctrl-C aborts downloads (their partial files are removed); a second Ctrl-C exits at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', () => process.exit(130));
});
// SIGTERM stops a long-running command (the console) the same way: it closes what it holds first.
process.once('SIGTERM', () => interrupt.abort(new Error('terminated')));

process.exitCode = await runCli(process.argv.slice(2), processIo(interrupt.signal));
