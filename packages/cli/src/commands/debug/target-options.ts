import type { Command } from 'commander';
import { TOKEN_ENV } from '../../target.js';

export const DEFAULT_TARGET = 'http://127.0.0.1:6060';

/** The options every online debug subcommand shares; values are read by resolveTarget. */
export interface TargetFlags {
  target: string;
  token?: string;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option('--target <url>', "the service's debug server", DEFAULT_TARGET)
    .option('--token <token>', `bearer token of the debug server (default: $${TOKEN_ENV})`);
}
