/**
 * The CLI's named errors. Every failure the user can act on is a CliError whose message says
 * what to fix; main.ts prints it without a stack and exits 1. Usage errors (bad flags, bad
 * durations) go through commander instead and exit 2.
 */
export type CliErrorCode =
  | 'SL_CLI_USAGE'
  | 'SL_CLI_TARGET_INVALID'
  | 'SL_CLI_TARGET_UNREACHABLE'
  | 'SL_CLI_TOKEN_MISSING'
  | 'SL_CLI_TOKEN_REJECTED'
  | 'SL_CLI_REQUEST_FAILED'
  | 'SL_CLI_PROFILE_INVALID'
  | 'SL_CLI_FILE_FAILED'
  | 'SL_CLI_ABORTED'
  | 'SL_CLI_CONSOLE_UNREACHABLE'
  | 'SL_CLI_CONSOLE_START_FAILED'
  | 'SL_CLI_QUERY_INVALID'
  | 'SL_CLI_SPEC_INVALID'
  | 'SL_CLI_SLO_RULES_MISSING'
  | 'SL_CLI_DOCTOR_BELOW_LEVEL';

export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }

  /** 2 for a command line the CLI cannot act on (like commander's own usage errors, or a query the console refused as invalid), else 1. */
  get exitCode(): 1 | 2 {
    return this.code === 'SL_CLI_USAGE' || this.code === 'SL_CLI_TARGET_INVALID' || this.code === 'SL_CLI_QUERY_INVALID' ? 2 : 1;
  }
}
