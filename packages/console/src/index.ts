export {
  type ConfigIssue,
  ConsoleConfigError,
  ConsoleListenError,
  type ConsoleOptions,
  DEFAULT_OTLP_PORT,
  DEFAULT_UI_PORT,
  type ListenOption,
  type ListenProblem,
  type LogLevel,
  MIN_MAX_SIZE_BYTES,
  type RunningConsole,
  startConsole,
} from './server/console/index.js';
