import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { cpuCommand } from './cpu.js';
import { heapCommand } from './heap.js';
import { heapDiffCommand } from './heap-diff.js';
import { inspectCommand } from './inspect.js';
import { toggleCommand } from './toggle.js';

/** `sightline debug …`: the client of a service's debug server (createObserver({ debug })). */
export function debugCommand(io: CliIo): Command {
  const debug = new Command('debug').description("drive a service's debug server: profiles, heap diffs, inspector, log toggle");
  for (const make of [cpuCommand, heapCommand, heapDiffCommand, inspectCommand, toggleCommand]) debug.addCommand(make(io));
  return debug;
}
