export {
  ConsoleConfigError,
  type ConsoleOptions,
  DEFAULT_OTLP_PORT,
  DEFAULT_UI_PORT,
  type LogLevel,
  type RunningConsole,
  startConsole,
} from './server/console/index.js';
