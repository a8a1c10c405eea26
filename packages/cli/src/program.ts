import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { consoleCommand } from './commands/console/index.js';
import { debugCommand } from './commands/debug/index.js';
import { doctorCommand } from './commands/doctor/index.js';
import { exportCommand } from './commands/export/index.js';
import {
  alertsCommand,
  errorsCommand,
  incidentCommand,
  incidentsCommand,
  logsCommand,
  silenceCommand,
  traceCommand,
  tracesCommand,
} from './commands/query/index.js';
import { sloCommand } from './commands/slo/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { terminalSafeIo } from './terminal-text.js';

const USAGE_EXIT = 2;
// src/ and dist/ both sit one level below the package root.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The `sightline` command tree, writing through `io`; commander's own exits become CommanderErrors. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('sightline')
    .description('Sightline command line')
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    // A command's options are its own: `incident declare … --json` is declare's --json, not incident's.
    .enablePositionalOptions();
  // What a console stores (log bodies, span names, exception messages: anyone who can send OTLP
  // writes them) reaches the terminal with its control characters written out.
  const stored = terminalSafeIo(io);
  for (const [make, commandIo] of [
    [debugCommand, io],
    [consoleCommand, io],
    [tracesCommand, stored],
    [traceCommand, stored],
    [logsCommand, stored],
    [errorsCommand, stored],
    [alertsCommand, stored],
    [silenceCommand, stored],
    [incidentsCommand, stored],
    [incidentCommand, stored],
    [exportCommand, io],
    [doctorCommand, io],
    [sloCommand, io],
  ] as const) {
    program.addCommand(make(commandIo));
  }
  inheritSettings(program);
  return program;
}

/** addCommand does not copy settings (output, exit override) to commands made elsewhere: apply them down the tree. */
function inheritSettings(parent: Command): void {
  for (const command of parent.commands) {
    command.copyInheritedSettings(parent);
    inheritSettings(command);
  }
}

/**
 * Runs the CLI and returns its exit code: 0 success, 1 failure (the error message on stderr,
 * without a stack for expected errors), 2 usage errors (commander's, bad durations, missing
 * flags), 130 when interrupted.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message; help and --version exit 0.
      return error.exitCode === 0 ? 0 : USAGE_EXIT;
    }
    if (io.signal?.aborted === true) {
      io.stderr.write('sightline: interrupted\n');
      return 130;
    }
    if (error instanceof CliError) {
      io.stderr.write(`sightline: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`sightline: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
