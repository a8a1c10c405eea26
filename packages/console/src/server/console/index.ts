export type { LogLevel } from '../log/index.js';
export type { ConfigIssue } from '../store/index.js';
export {
  ConsoleConfigError,
  type ConsoleOptions,
  DEFAULT_OTLP_PORT,
  DEFAULT_UI_PORT,
  MIN_MAX_SIZE_BYTES,
} from './console-options.js';
export { ConsoleListenError, type ListenOption, type ListenProblem } from './listen-error.js';
export { type RunningConsole, startConsole } from './start-console.js';
